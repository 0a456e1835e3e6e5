import AdvGlueSupport

/// A word token: a word-like ICU segment with its exact place in the original text.
public struct WordToken: Sendable, Hashable {
    /// The position among the words of its text (not among all segments).
    public let index: Int
    public let text: Substring
    public let kind: SegmentKind
    public var range: Range<String.Index> { text.startIndex..<text.endIndex }
    /// The normalised look-up key (NFKC + case fold).
    public var key: String { Normalization.key(String(text)) }
}

/// A text with its ICU segmentation, able to render itself with words replaced.
///
/// Complexity: segmentation is O(n); rendering is O(n + r log r) for r replacements.
public struct SegmentedText: Sendable, Hashable {
    public let text: String
    public let segments: [Segment]
    public let words: [WordToken]

    public init(_ text: String, segmentation: WordSegmentation = .icu) throws(AdvGlueError) {
        self.text = text
        self.segments = try WordSegmenter.segments(of: text)
        var words: [WordToken] = []
        for word in segmentation.words(in: text, segments: segments) {
            words.append(WordToken(index: words.count, text: text[word.range], kind: word.kind))
        }
        self.words = words
    }

    /// The text with the words at the given indices replaced; every other byte is
    /// copied from the original. Replacements are put in NFC.
    ///
    /// ```swift
    /// try SegmentedText("a  \"dull\" film").replacing([1: "dreary"]) // "a  \"dreary\" film"
    /// ```
    public func replacing(_ replacements: [Int: String]) -> String {
        replacing(spans: replacements.mapValues { (last: -1, text: $0) })
    }

    /// The text with runs of words replaced: each key is a run's first word, `last` its
    /// last word (-1 or the key itself for one word). The characters between the words of
    /// a run are replaced with it ("do not" → "don't"); all others are copied.
    ///
    /// Complexity: O(n + r log r).
    public func replacing(spans: [Int: (last: Int, text: String)]) -> String {
        if spans.isEmpty { return text }
        var output = ""
        output.reserveCapacity(text.utf8.count + 16 * spans.count)
        var cursor = text.startIndex
        for index in spans.keys.sorted() {
            let span = spans[index]!
            let last = span.last < index ? index : span.last
            precondition(
                words.indices.contains(index) && words.indices.contains(last),
                "word run \(index)...\(last) out of range 0..<\(words.count)")
            precondition(words[index].range.lowerBound >= cursor, "overlapping word runs")
            output += text[cursor..<words[index].range.lowerBound]
            output += Normalization.nfc(span.text)
            cursor = words[last].range.upperBound
        }
        output += text[cursor...]
        return output
    }
}

/// Identifies one word across the fields of an input.
public struct WordPosition: Sendable, Hashable, Comparable, Codable {
    public var field: Int
    public var word: Int

    public init(field: Int, word: Int) {
        self.field = field
        self.word = word
    }

    public static func < (a: WordPosition, b: WordPosition) -> Bool {
        (a.field, a.word) < (b.field, b.word)
    }
}

/// A ``TextInput`` with every field segmented.
public struct SegmentedInput: Sendable, Hashable {
    public let input: TextInput
    public let fields: [SegmentedText]

    public init(_ input: TextInput, segmentation: WordSegmentation = .icu) throws(AdvGlueError) {
        self.input = input
        var fields: [SegmentedText] = []
        for field in input.fields { fields.append(try SegmentedText(field.text, segmentation: segmentation)) }
        self.fields = fields
    }

    /// Every word position, field by field, in reading order.
    public var positions: [WordPosition] {
        fields.enumerated().flatMap { f, field in field.words.indices.map { WordPosition(field: f, word: $0) } }
    }

    public var wordCount: Int { fields.reduce(0) { $0 + $1.words.count } }

    public func word(at position: WordPosition) -> WordToken {
        fields[position.field].words[position.word]
    }

    /// The input with the given words replaced; see ``SegmentedText/replacing(_:)``.
    public func replacing(_ replacements: [WordPosition: String]) -> TextInput {
        replacing(spans: replacements.mapValues { (last: -1, text: $0) })
    }

    /// The input with runs of words replaced; see ``SegmentedText/replacing(spans:)``.
    public func replacing(spans: [WordPosition: (last: Int, text: String)]) -> TextInput {
        var perField: [Int: [Int: (last: Int, text: String)]] = [:]
        for (position, span) in spans { perField[position.field, default: [:]][position.word] = span }
        var result = input
        for (f, runs) in perField { result.fields[f].text = fields[f].replacing(spans: runs) }
        return result
    }

    /// The input with one word deleted, together with the whitespace before it
    /// (or after it, for a first word), so that "a dull film" becomes "a film".
    public func deleting(_ position: WordPosition) -> TextInput {
        let field = fields[position.field]
        let text = field.text
        let range = field.words[position.word].range
        var lower = range.lowerBound
        var upper = range.upperBound
        let before = text[..<lower].reversed().prefix(while: \.isWhitespace).count
        if before > 0 {
            lower = text.index(lower, offsetBy: -before)
        } else {
            upper = text[upper...].prefix(while: \.isWhitespace).endIndex
        }
        var result = input
        result.fields[position.field].text = String(text[..<lower] + text[upper...])
        return result
    }
}
