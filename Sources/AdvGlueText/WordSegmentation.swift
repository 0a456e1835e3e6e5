/// How a text's ICU segments become the words an attack ranks and edits.
///
/// ICU (UAX #29) breaks at a hyphen, so "well-crafted" is two words; tools that split on
/// whitespace, TextAttack among them, see one. A recipe that follows such a tool joins
/// hyphenated compounds so that it ranks and edits the same positions.
///
/// ```swift
/// try SegmentedText("a well-crafted film", segmentation: .joiningHyphens).words.map(\.text)
/// // ["a", "well-crafted", "film"]
/// ```
public enum WordSegmentation: String, Sendable, Hashable, Codable, CaseIterable {
    /// ICU's word segments as they are.
    case icu
    /// ICU's word segments, with words joined by a single hyphen (U+002D, U+2010 or
    /// U+2011) and nothing else between them made one word: "well-crafted",
    /// "state-of-the-art". A leading, trailing or doubled hyphen ("--") does not join.
    case joiningHyphens = "icu-joining-hyphens"

    static let hyphens: Set<Character> = ["-", "\u{2010}", "\u{2011}"]

    /// The word ranges of `segments`, in order, with the segment kind of each word.
    ///
    /// Complexity: O(s) for s segments.
    func words(in text: String, segments: [Segment]) -> [(range: Range<String.Index>, kind: SegmentKind)] {
        var words: [(range: Range<String.Index>, kind: SegmentKind)] = []
        var index = 0
        while index < segments.count {
            let segment = segments[index]
            index += 1
            guard segment.kind.isWord else { continue }
            var range = segment.range
            var kind = segment.kind
            if self == .joiningHyphens {
                // A hyphen segment that touches a word on both sides extends the word.
                while index + 1 < segments.count, segments[index].kind == .other,
                    segments[index].range.lowerBound == range.upperBound,
                    text[segments[index].range].count == 1, Self.hyphens.contains(text[segments[index].range].first!),
                    segments[index + 1].kind.isWord,
                    segments[index + 1].range.lowerBound == segments[index].range.upperBound
                {
                    range = range.lowerBound..<segments[index + 1].range.upperBound
                    if kind != .letter, segments[index + 1].kind == .letter { kind = .letter }
                    index += 2
                }
            }
            words.append((range, kind))
        }
        return words
    }
}
