import AdvGlueCorpora

/// Numbers written out ("3 days" → "three days", "19th" → "nineteenth"), changed in every
/// field at once so that an NLI pair or a question pair keeps comparing the same number.
/// Only that way: style guides spell small numbers out in prose (The Chicago Manual of
/// Style, §9.2), so "two observations" → "2 observations" reads worse than the original,
/// as readers of the successes found.
///
/// Digits become words only where they count things: not after a capitalised word
/// ("Windows 7", "World War 2") or a label noun ("chapter 3", "route 66"). If one
/// occurrence of the number fails that, or lies where the attack may not change it, the
/// number is left alone, as it is in an input with another number (its formats would mix:
/// "four of 8 songs"), in a lower-case text (SST-2: "the derivative nine queens"
/// names a film) or a quotation.
///
/// ```swift
/// // "It took 3 days." / "It took 3 days or more." → "It took three days." / "It took three days or more."
/// ```
/// Complexity: O(n) per field.
struct NumberFormats: Sendable {
    /// Each number the rule knows and its word.
    var words: [Int: String]
    var tasks: Set<GlueTask>
    /// Classes or words after which a number is a label, not a count.
    var notAfter: [String]
    /// Ordinals and their words ("19th" → "nineteenth"); only ever written out, since a
    /// word such as "second" is not always an ordinal.
    var ordinals: [Int: String]
    /// `words` the other way: each word's number.
    let byWord: [String: Int]

    init(words: [Int: String], tasks: Set<GlueTask>, notAfter: [String], ordinals: [Int: String] = [:]) {
        self.words = words
        self.tasks = tasks
        self.notAfter = notAfter
        self.ordinals = ordinals
        byWord = Dictionary(words.map { ($0.value, $0.key) }, uniquingKeysWith: min)
    }

    /// The value of an ordinal in digits ("19th"), if its suffix is the right one.
    static func ordinal(_ token: String) -> Int? {
        let lower = token.lowercased()
        guard lower.count > 2, let value = Int(lower.dropLast(2)), value > 0 else { return nil }
        let suffix = lower.suffix(2)
        let expected =
            (value % 100 >= 11 && value % 100 <= 13) ? "th" : [1: "st", 2: "nd", 3: "rd"][value % 10] ?? "th"
        return suffix == expected ? value : nil
    }

    /// The changes of `fields`, each as the new tokens of every field it changes, named
    /// `number:digits-to-words` or `number:ordinal-to-words`.
    func changes(of fields: [FieldTokens?], raw: [String], modifiable: [Bool], classes: WordClasses)
        -> [(name: String, fields: [Int: [String]])]
    {
        var seen: [Int] = []
        for field in fields.compactMap({ $0 }) {
            for token in field.tokens {
                if let value = Int(token), words[value] != nil, !seen.contains(value) { seen.append(value) }
                if let value = byWord[token.lowercased()], !seen.contains(value) { seen.append(value) }
            }
        }
        var result: [(name: String, fields: [Int: [String]])] = []
        // With two numbers in the input, changing one leaves them in two formats ("four of
        // 8 songs"): only an input with one number, however often it occurs, is changed.
        let numbers = Set(
            fields.compactMap { $0 }.flatMap(\.tokens).filter { token in
                token.contains(where: \.isNumber) || byWord[token.lowercased()] != nil
                    || ordinals.values.contains(token.lowercased())
            }.map { Self.ordinal($0).map(String.init) ?? byWord[$0.lowercased()].map(String.init) ?? $0.lowercased() })
        guard numbers.count == 1 else { return [] }
        var ordinalsSeen: [String] = []
        for field in fields.compactMap({ $0 }) {
            for token in field.tokens {
                if let value = Self.ordinal(token), ordinals[value] != nil, !ordinalsSeen.contains(token.lowercased()) {
                    ordinalsSeen.append(token.lowercased())
                }
            }
        }
        for token in ordinalsSeen {
            if let word = Self.ordinal(token).flatMap({ ordinals[$0] }),
                let change = convert(token, to: word, fields, raw, modifiable, classes)
            {
                result.append(("number:ordinal-to-words", change))
            }
        }
        for value in seen {
            guard let word = words[value] else { continue }
            let digits = String(value)
            if let change = convert(digits, to: word, fields, raw, modifiable, classes) {
                result.append(("number:digits-to-words", change))
            }
        }
        return result
    }

    private func convert(
        _ from: String, to: String, _ fields: [FieldTokens?], _ raw: [String], _ modifiable: [Bool],
        _ classes: WordClasses
    ) -> [Int: [String]]? {
        var changed: [Int: [String]] = [:]
        for (index, field) in fields.enumerated() {
            guard let field else {
                if raw[index].lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber })
                    .contains(Substring(from))
                {
                    return nil
                }
                continue
            }
            var tokens = field.tokens
            var any = false
            // A number starting a sentence is written out with a capital ("3 died." → "Three died.").
            let starts = Set(ParaphraseTemplate.sentences(field).map(\.lowerBound))
            for at in tokens.indices where tokens[at].lowercased() == from {
                // A lower-case text (SST-2) hides titles ("nine queens"); quotations stay as quoted.
                guard modifiable[index], !field.lowercase, !field.quoted[at], counts(at, field.tokens, classes)
                else { return nil }
                let capitalise = tokens[at].first?.isUppercase == true || starts.contains(at)
                tokens[at] = capitalise ? to.prefix(1).uppercased() + to.dropFirst() : to
                any = true
            }
            if any { changed[index] = tokens }
        }
        return changed.isEmpty ? nil : changed
    }

    /// Whether the number at `at` counts something, so its format may change.
    private func counts(_ at: Int, _ tokens: [String], _ classes: WordClasses) -> Bool {
        let before = at > 0 ? tokens[at - 1] : nil
        let after = at + 1 < tokens.count ? tokens[at + 1] : nil
        if let before {
            if before.first?.isUppercase == true, ![".", "!", "?"].contains(before) { return false }
            if notAfter.contains(where: { classes.contains(before.lowercased(), in: $0) }) { return false }
            if ["-", "/", "$", "#", "no", "number"].contains(before.lowercased()) { return false }
        }
        // "3 ." ends a list item or a score; "3 -" a range; "10 Downing" a name: kept as they are.
        guard let after, after.first?.isLetter == true, after == after.lowercased() else { return false }
        return true
    }
}
