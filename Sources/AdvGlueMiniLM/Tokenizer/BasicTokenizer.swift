import CUTF8Proc
import Foundation

/// BERT's uncased basic tokenizer, as the reference fast tokenizer (Hugging Face
/// `tokenizers`' BertNormalizer + BertPreTokenizer) applies it:
///
/// 1. remove control, format and private-use characters, NUL and U+FFFD; turn every
///    kind of whitespace into a space;
/// 2. put spaces around CJK ideographs, so each becomes a word;
/// 3. strip accents: NFD (utf8proc), then drop non-spacing marks (Mn);
/// 4. lower-case;
/// 5. split at whitespace, and split off each punctuation character as a word.
///
/// Character classes come from ``ReferenceCharacterClasses`` (probed from the reference,
/// whose Unicode tables are older than utf8proc's), so token ids match it exactly.
///
/// ```swift
/// BasicTokenizer.words("Héllo, WORLD!") // ["hello", ",", "world", "!"]
/// ```
/// Complexity: O(n) in the length of the text.
public enum BasicTokenizer {
    /// Words of `text`, each as Unicode scalars.
    public static func words(_ text: String) -> [[Unicode.Scalar]] {
        split(normalize(text))
    }

    /// Steps 1-4.
    public static func normalize(_ text: String) -> [Unicode.Scalar] {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return normalizeASCII(text) }
        var cleaned = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value == 0 || value == 0xFFFD || CharacterClasses.isRemoved(value) { continue }
            if CharacterClasses.isWhitespace(value) {
                cleaned.append(" ")
            } else if isChinese(value) {
                cleaned.append(" ")
                cleaned.append(scalar)
                cleaned.append(" ")
            } else {
                cleaned.append(scalar)
            }
        }
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(cleaned.count)
        for scalar in nfd(String(cleaned)).unicodeScalars where !CharacterClasses.isNonspacingMark(scalar.value) {
            if let special = ReferenceCharacterClasses.lowercase[scalar.value] {
                result.append(contentsOf: special.unicodeScalars)
            } else {
                result.append(
                    Unicode.Scalar(UInt32(bitPattern: utf8proc_tolower(Int32(bitPattern: scalar.value)))) ?? scalar)
            }
        }
        return result
    }

    /// The same steps for ASCII text, without tables or allocation per character.
    static func normalizeASCII(_ text: String) -> [Unicode.Scalar] {
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case 0x09, 0x0A, 0x0D, 0x20: result.append(" ")
            case 0x00..<0x20, 0x7F: continue
            case 0x41...0x5A: result.append(Unicode.Scalar(byte + 0x20))
            default: result.append(Unicode.Scalar(byte))
            }
        }
        return result
    }

    /// Step 5.
    public static func split(_ scalars: [Unicode.Scalar]) -> [[Unicode.Scalar]] {
        var words: [[Unicode.Scalar]] = []
        var current: [Unicode.Scalar] = []
        for scalar in scalars {
            if scalar == " " || CharacterClasses.isWhitespace(scalar.value) {
                if !current.isEmpty {
                    words.append(current)
                    current = []
                }
            } else if CharacterClasses.isPunctuation(scalar.value) {
                if !current.isEmpty {
                    words.append(current)
                    current = []
                }
                words.append([scalar])
            } else {
                current.append(scalar)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// CJK Unified Ideographs and their extensions and compatibility forms, exactly the
    /// ranges BERT's tokenizer treats as "Chinese" (not Hangul, kana or Thai).
    public static func isChinese(_ value: UInt32) -> Bool {
        switch value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F,
            0x2B740...0x2B81F, 0x2B920...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
            true
        default: false
        }
    }

    /// Canonical decomposition with canonical ordering (NFD).
    static func nfd(_ text: String) -> String {
        var input = Array(text.utf8)
        var output: UnsafeMutablePointer<utf8proc_uint8_t>?
        let flags = utf8proc_option_t(rawValue: UTF8PROC_STABLE.rawValue | UTF8PROC_DECOMPOSE.rawValue)
        let length = input.withUnsafeMutableBufferPointer { buffer in
            utf8proc_map(buffer.baseAddress, utf8proc_ssize_t(buffer.count), &output, flags)
        }
        guard length >= 0, let output else { return text }
        defer { free(output) }
        return String(decoding: UnsafeBufferPointer(start: output, count: Int(length)), as: UTF8.self)
    }
}

/// Look-ups in ``ReferenceCharacterClasses`` by binary search over sorted ranges.
enum CharacterClasses {
    static func isRemoved(_ value: UInt32) -> Bool {
        value < 0x20
            ? !(value == 0x09 || value == 0x0A || value == 0x0D) : contains(ReferenceCharacterClasses.removed, value)
    }

    static func isWhitespace(_ value: UInt32) -> Bool {
        value == 0x20 || contains(ReferenceCharacterClasses.whitespace, value)
    }

    static func isPunctuation(_ value: UInt32) -> Bool {
        contains(ReferenceCharacterClasses.punctuation, value)
    }

    static func isNonspacingMark(_ value: UInt32) -> Bool {
        value >= 0x300 && contains(ReferenceCharacterClasses.nonspacing, value)
    }

    static func contains(_ ranges: [ClosedRange<UInt32>], _ value: UInt32) -> Bool {
        var low = 0
        var high = ranges.count
        while low < high {
            let middle = (low + high) / 2
            if ranges[middle].upperBound < value {
                low = middle + 1
            } else if ranges[middle].lowerBound > value {
                high = middle
            } else {
                return true
            }
        }
        return false
    }
}
