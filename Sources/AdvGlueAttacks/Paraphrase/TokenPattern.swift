/// A template's pattern over tokens: literal words (case-insensitive, `is|was` for either)
/// and named slots, `{A}` for one or more words, `{A?}` for none or more; `{A,}` lets the
/// slot hold commas; `{V=is|was}` is one word of those, which the rewrite may copy, and
/// `{Y:year}` a year, `{P:name}` a capitalised word, `{V@past-of}` one word of a class of the catalogue or among the keys of one of its maps. No slot ever holds ".", "?", "!", ";" or ":", so a pattern never reaches
/// across sentences or clauses it does not name.
///
/// ```swift
/// let pattern = try TokenPattern(parsing: "{A} because {B}")
/// pattern.matches(["it", "fails", "because", "it", "drags"])  // [["A": 0..<2, "B": 3..<5]]
/// ```
/// Complexity: matching backtracks over the slots' lengths, O(n^s) for s slots on n tokens
/// (s ≤ 3 in the catalogue, n a sentence), and stops at the second match.
struct TokenPattern: Hashable, Sendable {
    enum Element: Hashable, Sendable {
        case literal([String])
        case slot(name: String, optional: Bool, commas: Bool)
        case choice(name: String, options: [String])
        /// One word, a year from 1000 to 2099 (`{Y:year}`).
        case year(name: String)
        /// One capitalised word (`{P:name}`).
        case name(name: String)
    }

    let elements: [Element]

    var slotNames: [String] {
        elements.compactMap {
            switch $0 {
            case .slot(let name, _, _), .choice(let name, _), .year(let name), .name(let name): name
            case .literal: nil
            }
        }
    }

    /// Parses the pattern text; the error says what is wrong with it.
    init(parsing text: String, maps: [String: [String: String]] = [:], classes: [String: Set<String>] = [:])
        throws(PatternError)
    {
        var elements: [Element] = []
        for token in text.split(separator: " ").map(String.init) {
            if token.hasPrefix("{") {
                guard token.hasSuffix("}"), token.count > 2 else { throw PatternError("unclosed slot '\(token)'") }
                var name = String(token.dropFirst().dropLast())
                if let kind = [":year", ":name"].first(where: { name.hasSuffix($0) }) {
                    name.removeLast(kind.count)
                    guard !name.isEmpty, name.allSatisfy({ $0.isLetter }) else {
                        throw PatternError("expected {NAME\(kind)}: '\(token)'")
                    }
                    elements.append(kind == ":year" ? .year(name: name) : .name(name: name))
                    continue
                }
                if let at = name.firstIndex(of: "@") {
                    let mapName = String(name[name.index(after: at)...])
                    name = String(name[..<at])
                    guard let options = classes[mapName] ?? maps[mapName].map({ Set($0.keys) }) else {
                        throw PatternError("no class or map named '\(mapName)'")
                    }
                    guard !name.isEmpty, name.allSatisfy({ $0.isLetter }) else {
                        throw PatternError("expected {NAME@map}: '\(token)'")
                    }
                    elements.append(.choice(name: name, options: options.sorted()))
                    continue
                }
                if let equals = name.firstIndex(of: "=") {
                    let options = name[name.index(after: equals)...].lowercased().split(separator: "|").map(String.init)
                    name = String(name[..<equals])
                    guard !name.isEmpty, name.allSatisfy({ $0.isLetter }), !options.isEmpty else {
                        throw PatternError("expected {NAME=word|word}: '\(token)'")
                    }
                    elements.append(.choice(name: name, options: options))
                    continue
                }
                let optional = name.hasSuffix("?")
                if optional { name.removeLast() }
                let commas = name.hasSuffix(",")
                if commas { name.removeLast() }
                guard !name.isEmpty, name.allSatisfy({ $0.isLetter }) else {
                    throw PatternError("slot names are letters: '\(token)'")
                }
                if case .slot = elements.last { throw PatternError("two slots side by side cannot be told apart") }
                elements.append(.slot(name: name, optional: optional, commas: commas))
            } else {
                guard !token.contains("{"), !token.contains("}") else {
                    throw PatternError("a slot must stand alone: '\(token)'")
                }
                elements.append(.literal(token.lowercased().split(separator: "|").map(String.init)))
            }
        }
        guard !elements.isEmpty else { throw PatternError("the pattern is empty") }
        self.elements = elements
        guard Set(slotNames).count == slotNames.count else { throw PatternError("a slot name appears twice") }
    }

    /// Whether the pattern has no open slot, so it matches a fixed number of words.
    var isFixed: Bool {
        elements.allSatisfy { if case .slot = $0 { false } else { true } }
    }

    /// Whether `word` is capitalised and made of letters (and hyphens): a name's shape.
    static func isName(_ word: String) -> Bool {
        word.first?.isUppercase == true && word.allSatisfy { $0.isLetter || $0 == "-" }
    }

    /// A capitalised word with no capitalised neighbour: a one-word name, not part of a
    /// longer one ("France", not the "France" of "France Telecom").
    static func isLoneName(_ tokens: [String], _ at: Int) -> Bool {
        isName(tokens[at]) && !(at + 1 < tokens.count && isName(tokens[at + 1]))
            && !(at > 0 && isName(tokens[at - 1]))
    }

    static func isYear(_ word: String) -> Bool {
        word.count == 4 && (Int(word).map { (1000...2099).contains($0) } ?? false)
    }

    /// The choices' ranges if this fixed pattern matches `tokens` from `start`, else nil.
    func match(_ tokens: [String], at start: Int) -> [String: Range<Int>]? {
        guard start + elements.count <= tokens.count else { return nil }
        var bindings: [String: Range<Int>] = [:]
        for (offset, element) in elements.enumerated() {
            let word = tokens[start + offset].lowercased()
            switch element {
            case .literal(let options): guard options.contains(word) else { return nil }
            case .choice(let name, let options):
                guard options.contains(word) else { return nil }
                bindings[name] = start + offset..<start + offset + 1
            case .year(let name):
                guard Self.isYear(word) else { return nil }
                bindings[name] = start + offset..<start + offset + 1
            case .name(let name):
                guard Self.isLoneName(tokens, start + offset) else { return nil }
                bindings[name] = start + offset..<start + offset + 1
            case .slot: return nil
            }
        }
        return bindings
    }

    /// Every way the pattern covers all of `tokens`, up to `limit`, as each slot's range.
    func matches(_ tokens: [String], limit: Int = 2) -> [[String: Range<Int>]] {
        let lowered = tokens.map { $0.lowercased() }
        var found: [[String: Range<Int>]] = []
        var bindings: [String: Range<Int>] = [:]
        func walk(_ element: Int, _ at: Int) {
            if found.count >= limit { return }
            guard element < elements.count else {
                if at == tokens.count { found.append(bindings) }
                return
            }
            switch elements[element] {
            case .literal(let options):
                if at < tokens.count, options.contains(lowered[at]) { walk(element + 1, at + 1) }
            case .name(let name):
                if at < tokens.count, Self.isLoneName(tokens, at) {
                    bindings[name] = at..<at + 1
                    walk(element + 1, at + 1)
                    bindings[name] = nil
                }
            case .year(let name):
                if at < tokens.count, Self.isYear(tokens[at]) {
                    bindings[name] = at..<at + 1
                    walk(element + 1, at + 1)
                    bindings[name] = nil
                }
            case .choice(let name, let options):
                if at < tokens.count, options.contains(lowered[at]) {
                    bindings[name] = at..<at + 1
                    walk(element + 1, at + 1)
                    bindings[name] = nil
                }
            case .slot(let name, let optional, let commas):
                var end = optional ? at : at + 1
                while end <= tokens.count {
                    let last = end - 1
                    if last >= at {
                        let token = tokens[last]
                        if FieldTokens.isMark(token), !(commas && token == ",") { return }
                    }
                    bindings[name] = at..<end
                    walk(element + 1, end)
                    bindings[name] = nil
                    end += 1
                }
            }
        }
        walk(0, 0)
        return found
    }
}

/// What is wrong with a pattern, for the catalogue's error message.
struct PatternError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
