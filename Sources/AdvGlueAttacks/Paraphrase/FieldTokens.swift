/// A field as the paraphrase templates read it: tokens split the Penn Treebank's way
/// (punctuation and the clitics "n't", "'s", "'re", "'ve", "'ll", "'d", "'m" apart), with
/// the text's spacing style and case, so a rewrite is written back in the style it was read.
///
/// SST-2's texts are already tokenized and lower-cased ("it 's not a bad film ."); GLUE's
/// other texts are written prose ("It's not a bad film."). A text is read only if it renders
/// back byte for byte: a template never touches a text it cannot reproduce (odd quoting,
/// tabs, double spaces), which keeps it cheap to skip and impossible to garble. Quotes and
/// brackets are tokens of their own, which no slot of a pattern crosses.
///
/// ```swift
/// FieldTokens("It isn't bad.")?.tokens   // ["It", "is", "n't", "bad", "."]
/// FieldTokens("it is n't bad .")?.style  // .spaced
/// ```
/// Complexity: O(n) in the text's length.
struct FieldTokens: Hashable, Sendable {
    enum Style: Hashable, Sendable {
        /// Prose: no space before punctuation or a clitic.
        case written
        /// Every token separated by one space (SST-2).
        case spaced
    }

    let tokens: [String]
    /// Which tokens lie inside quotation marks: a quotation is never rewritten, since a
    /// paraphrase of it would misquote. Read once, with the tokens.
    let quoted: [Bool]
    let style: Style
    /// The text has no capital letter, so neither may a rewrite.
    let lowercase: Bool
    /// Whitespace before the first token and after the last, kept as it was.
    let leading: Substring
    let trailing: Substring

    static let punctuation: Set<String> = [",", ".", ";", ":", "?", "!"]
    /// Brackets and quotes: `opening` ones take no space after them in prose, `closing` ones
    /// none before; a straight double quote opens and closes in turn.
    static let opening: Set<String> = ["(", "[", "``", "`"]
    static let closing: Set<String> = [")", "]", "''"]
    static let clitics = ["n't", "'s", "'re", "'ve", "'ll", "'d", "'m"]
    /// Characters a text may hold; any other (curly quotes, dashes, tabs) leaves it unread.
    static func allowed(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || "'-%$&/.,;:?! \"()[]`".contains(character)
    }

    init?(_ text: String) {
        guard text.allSatisfy(Self.allowed) else { return nil }
        let start = text.firstIndex { $0 != " " } ?? text.endIndex
        let end = text.lastIndex { $0 != " " }.map(text.index(after:)) ?? start
        guard start < end else { return nil }
        leading = text[..<start]
        trailing = text[end...]
        var tokens: [String] = []
        for piece in text[start..<end].split(separator: " ", omittingEmptySubsequences: false) {
            guard !piece.isEmpty else { return nil }
            tokens += Self.split(String(piece))
        }
        self.tokens = tokens
        self.quoted = Self.quotedTokens(tokens)
        self.lowercase = !text.contains { $0.isUppercase }
        let body = String(text[start..<end])
        if Self.join(tokens, .written) == body {
            style = .written
        } else if Self.join(tokens, .spaced) == body {
            style = .spaced
        } else {
            return nil
        }
    }

    /// One space-separated piece as tokens: trailing punctuation and a clitic split off.
    static func split(_ piece: String) -> [String] {
        var word = piece
        var head: [String] = []
        var tail: [String] = []
        while word.count > 1 {
            if let mark = ["``", "(", "[", "\""].first(where: { word.hasPrefix($0) }), word.count > mark.count {
                head.append(mark)
                word.removeFirst(mark.count)
            } else if let mark = ["''", ")", "]", "\""].first(where: { word.hasSuffix($0) }), word.count > mark.count,
                !(mark == "''" && word.dropLast(2).last == "'")
            {
                tail.insert(mark, at: 0)
                word.removeLast(mark.count)
            } else if let last = word.last, punctuation.contains(String(last)) {
                tail.insert(String(last), at: 0)
                word.removeLast()
            } else {
                break
            }
        }
        let lower = word.lowercased()
        for clitic in clitics where lower.hasSuffix(clitic) && lower.count > clitic.count {
            let cut = word.index(word.endIndex, offsetBy: -clitic.count)
            return head + [String(word[..<cut]), String(word[cut...])] + tail
        }
        return head + [word] + tail
    }

    static func isClitic(_ token: String) -> Bool { clitics.contains(token.lowercased()) }
    static func isPunctuation(_ token: String) -> Bool { punctuation.contains(token) }
    /// Punctuation, a bracket or a quote: what no slot of a pattern holds.
    static func isMark(_ token: String) -> Bool {
        punctuation.contains(token) || opening.contains(token) || closing.contains(token) || token == "\""
    }

    static func join(_ tokens: [String], _ style: Style) -> String {
        var text = ""
        var quoteOpen = false
        var afterOpening = false
        for (index, token) in tokens.enumerated() {
            var opens = opening.contains(token)
            var closes = closing.contains(token) || isPunctuation(token) || isClitic(token)
            if token == "\"" {
                opens = !quoteOpen
                closes = quoteOpen
                quoteOpen.toggle()
            }
            if index > 0, style == .spaced || !(closes || afterOpening) { text += " " }
            text += token
            afterOpening = opens
        }
        return text
    }

    /// The text of `tokens` in this field's style, with its leading and trailing space.
    func rendered(_ tokens: [String]) -> String {
        String(leading) + Self.join(tokens, style) + String(trailing)
    }

    var text: String { rendered(tokens) }

    /// The last token if it ends the sentence (".", "!" or "?").
    var terminal: String? {
        guard let last = tokens.last, [".", "!", "?"].contains(last) else { return nil }
        return last
    }

    /// For each of `tokens`, whether it lies inside quotation marks (the marks included).
    static func quotedTokens(_ tokens: [String]) -> [Bool] {
        var inside = false
        var result: [Bool] = []
        for token in tokens {
            if token == "``" || token == "`" || (token == "\"" && !inside) {
                inside = true
                result.append(true)
            } else if token == "''" || token == "\"" || (token == "'" && inside) {
                inside = false
                result.append(true)
            } else {
                result.append(inside)
            }
        }
        return result
    }

    /// `token` in the case this field writes: lower case if the text has no capital.
    func cased(_ token: String) -> String { lowercase ? token.lowercased() : token }
}
