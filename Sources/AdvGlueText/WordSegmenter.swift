import AdvGlueSupport
import CICUShim

/// One segment of a text between two ICU word boundaries.
public struct Segment: Sendable, Hashable {
    /// The exact range in the original string; rendering copies everything outside
    /// replaced word ranges byte for byte.
    public let range: Range<String.Index>
    public let kind: SegmentKind
}

/// Splits text into words with ICU's word break iterator (UAX #29 plus ICU's
/// dictionaries for Thai, Lao, Khmer, Burmese, Chinese and Japanese).
///
/// ```swift
/// let segments = try WordSegmenter.segments(of: "isn't 東京")
/// // "isn't" (.letter), " " (.other), "東京" (.ideograph)
/// ```
/// Complexity: O(n) in the length of the text.
public enum WordSegmenter {
    public static func segments(of text: String, locale: String = "") throws(AdvGlueError) -> [Segment] {
        let utf16 = Array(text.utf16)
        if utf16.isEmpty { return [] }
        let capacity = utf16.count
        var starts = [Int32](repeating: 0, count: capacity)
        var ends = [Int32](repeating: 0, count: capacity)
        var statuses = [Int32](repeating: 0, count: capacity)
        var errorCode: Int32 = 0
        let count = advglue_icu_word_segments(
            utf16, Int32(utf16.count), locale, &starts, &ends, &statuses, Int32(capacity), &errorCode)
        if count < 0 { throw icuFailure("segment words", code: errorCode) }
        var result: [Segment] = []
        result.reserveCapacity(Int(count))
        let view = text.utf16
        for i in 0..<Int(count) {
            // ICU only breaks on code point boundaries, so these offsets are valid indices.
            let lower = view.index(view.startIndex, offsetBy: Int(starts[i]))
            let upper = view.index(lower, offsetBy: Int(ends[i] - starts[i]))
            result.append(Segment(range: lower..<upper, kind: SegmentKind(ruleStatus: statuses[i])))
        }
        return result
    }

    /// The linked ICU's version, for reproducibility blocks.
    public static var icuVersion: String {
        var buffer = [CChar](repeating: 0, count: 32)
        advglue_icu_version(&buffer)
        return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// An error from ICU itself: a broken ICU installation, not bad input.
func icuFailure(_ operation: String, code: Int32) -> AdvGlueError {
    AdvGlueError(
        .software, "ICU failed to \(operation) (\(String(cString: advglue_icu_error_name(code))))",
        hint: "reinstall libicu-dev / libicu72 and rebuild")
}
