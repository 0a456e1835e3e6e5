import CICUShim

/// The normalised keys (``Normalization/key(_:)``) of a text's ICU words, written as
/// UTF-8 into one reusable buffer instead of a `String` per word: what a model that
/// featurises every query calls thousands of times per attack.
///
/// Gives the same keys, in the same order, as
/// `WordSegmenter.segments(of:).filter(\.kind.isWord).map { Normalization.key(text[$0.range]) }`;
/// a text ICU cannot segment has no words. ASCII words are lower-cased in place (their
/// NFKC case fold); other words go through ``Normalization/key(_:)``.
///
/// ```swift
/// var scanner = WordKeyScanner()
/// scanner.scan("A dull, DULL film")
/// scanner.count         // 4
/// scanner.key(1)        // the bytes of "dull"
/// ```
/// Complexity: O(n) in the text's length; no allocation once the buffers have grown.
public struct WordKeyScanner {
    /// The keys, one after another.
    public private(set) var bytes: [UInt8] = []
    /// Key i is `bytes[bounds[i]..<bounds[i + 1]]`.
    public private(set) var bounds: [Int] = [0]
    private var utf16: [UInt16] = []
    private var starts: [Int32] = []
    private var ends: [Int32] = []
    private var statuses: [Int32] = []

    public init() {}

    /// Words found by the last ``scan(_:)``.
    public var count: Int { bounds.count - 1 }

    /// The bytes of key `i`.
    public func key(_ i: Int) -> ArraySlice<UInt8> { bytes[bounds[i]..<bounds[i + 1]] }

    /// Segments `text` and replaces the keys with its words'.
    public mutating func scan(_ text: String) {
        bytes.removeAll(keepingCapacity: true)
        bounds.removeAll(keepingCapacity: true)
        bounds.append(0)
        utf16.removeAll(keepingCapacity: true)
        var ascii = true
        for unit in text.utf8 where unit >= 0x80 {
            ascii = false
            break
        }
        if ascii {
            for unit in text.utf8 { utf16.append(UInt16(unit)) }
        } else {
            utf16.append(contentsOf: text.utf16)
        }
        let length = utf16.count
        if length == 0 { return }
        if starts.count < length {
            starts = [Int32](repeating: 0, count: length)
            ends = starts
            statuses = starts
        }
        var errorCode: Int32 = 0
        let segments = utf16.withUnsafeBufferPointer { text in
            starts.withUnsafeMutableBufferPointer { starts in
                ends.withUnsafeMutableBufferPointer { ends in
                    statuses.withUnsafeMutableBufferPointer { statuses in
                        advglue_icu_word_segments(
                            text.baseAddress, Int32(length), "", starts.baseAddress, ends.baseAddress,
                            statuses.baseAddress, Int32(length), &errorCode)
                    }
                }
            }
        }
        guard segments > 0 else { return }
        for s in 0..<Int(segments) where (100..<500).contains(statuses[s]) {
            let start = Int(starts[s])
            let end = Int(ends[s])
            if ascii {
                for i in start..<end {
                    let unit = UInt8(truncatingIfNeeded: utf16[i])
                    bytes.append(unit >= 0x41 && unit <= 0x5A ? unit | 0x20 : unit)
                }
            } else {
                let word = String(decoding: utf16[start..<end], as: UTF16.self)
                bytes.append(contentsOf: Normalization.key(word).utf8)
            }
            bounds.append(bytes.count)
        }
    }
}
