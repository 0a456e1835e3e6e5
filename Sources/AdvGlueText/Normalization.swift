import CUTF8Proc
import Foundation

/// Unicode normalisation through utf8proc.
///
/// Look-ups (stopwords, vocabularies, lexicons) use ``key(_:)`` so that "Ｆｉｌｍ",
/// "FILM" and "film" meet; text that is shown or sent to a model stays NFC via ``nfc(_:)``.
public enum Normalization {
    /// NFKC with case folding (utf8proc's `COMPAT | COMPOSE | CASEFOLD | STABLE`).
    ///
    /// ```swift
    /// Normalization.key("Ｃａｆé") // "café"
    /// ```
    /// Complexity: O(n) in the length of `text`.
    public static func key(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 && !($0 >= 0x41 && $0 <= 0x5A) }) {
            return text  // ASCII lower case is its own key; skips an allocation on the hot path.
        }
        // NFKC leaves typographic apostrophes alone; lexicons spell "don't" with U+0027.
        let folded = map(text, options: [UTF8PROC_STABLE, UTF8PROC_COMPAT, UTF8PROC_COMPOSE, UTF8PROC_CASEFOLD])
        return folded.contains("\u{2019}") ? folded.replacingOccurrences(of: "\u{2019}", with: "'") : folded
    }

    /// Canonical composition (NFC).
    ///
    /// Complexity: O(n) in the length of `text`.
    public static func nfc(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text }
        return map(text, options: [UTF8PROC_STABLE, UTF8PROC_COMPOSE])
    }

    /// Whether `text` is already in NFC.
    public static func isNFC(_ text: String) -> Bool {
        nfc(text).utf8.elementsEqual(text.utf8)
    }

    private static func map(_ text: String, options: [utf8proc_option_t]) -> String {
        let flags = options.reduce(utf8proc_option_t(rawValue: 0)) {
            utf8proc_option_t(rawValue: $0.rawValue | $1.rawValue)
        }
        var input = Array(text.utf8)
        var output: UnsafeMutablePointer<utf8proc_uint8_t>?
        let length = input.withUnsafeMutableBufferPointer { buffer in
            utf8proc_map(buffer.baseAddress, utf8proc_ssize_t(buffer.count), &output, flags)
        }
        guard length >= 0, let output else {
            // Swift strings are always valid UTF-8, so utf8proc cannot reject one;
            // keep the text unchanged rather than lose it.
            return text
        }
        defer { free(output) }
        return String(decoding: UnsafeBufferPointer(start: output, count: Int(length)), as: UTF8.self)
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
