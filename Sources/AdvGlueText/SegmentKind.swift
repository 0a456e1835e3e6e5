/// What ICU's word break rules say a segment is.
public enum SegmentKind: String, Sendable, Codable, Hashable {
    /// Spaces, punctuation, symbols and emoji (rule status 0).
    case other
    /// Digits and numbers such as "3.14" (100-199).
    case number
    /// Letters, including words with internal apostrophes such as "isn't" (200-299).
    case letter
    /// Hiragana and katakana (300-399).
    case kana
    /// CJK ideographs, one dictionary word at a time (400-499).
    case ideograph

    init(ruleStatus: Int32) {
        switch ruleStatus {
        case 100..<200: self = .number
        case 200..<300: self = .letter
        case 300..<400: self = .kana
        case 400..<500: self = .ideograph
        default: self = .other
        }
    }

    /// Whether an attack may treat the segment as a word.
    public var isWord: Bool { self != .other }
}
