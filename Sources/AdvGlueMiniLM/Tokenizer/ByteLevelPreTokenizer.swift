/// GPT-2's byte-level pre-tokenizer, as RoBERTa's tokenizer runs it (no prefix space):
/// the text is split by GPT-2's pattern
/// `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`, and each
/// piece's UTF-8 bytes are written as printable characters (``byteCharacters``) so that
/// every byte has a token and no text is unknown.
///
/// The pattern is matched by hand over Unicode scalars (letters are general category L,
/// numbers N, white space the White_Space property, as in the reference's regex engine).
///
/// ```swift
/// ByteLevelPreTokenizer.split("Hello  world's")  // ["Hello", " ", " world", "'s"]
/// ByteLevelPreTokenizer.mapped(" world")          // "Ġworld"
/// ```
/// Complexity: O(n) in the text's scalars.
public enum ByteLevelPreTokenizer {
    /// The printable character standing for each byte (GPT-2's `bytes_to_unicode`): the
    /// printable Latin-1 bytes stand for themselves, the others for 256, 257, ... in order.
    public static let byteCharacters: [Character] = {
        var table = [Character](repeating: " ", count: 256)
        var next: UInt32 = 256
        for byte in 0..<256 {
            let printable = (33...126).contains(byte) || (161...172).contains(byte) || (174...255).contains(byte)
            let scalar = printable ? UInt32(byte) : next
            if !printable { next += 1 }
            table[byte] = Character(Unicode.Scalar(scalar)!)
        }
        return table
    }()

    /// The pieces of `text` by GPT-2's pattern, in order; they concatenate to `text`.
    public static func split(_ text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        var pieces: [String] = []
        var i = 0
        func piece(_ end: Int) {
            var s = String.UnicodeScalarView()
            s.append(contentsOf: scalars[i..<end])
            pieces.append(String(s))
            i = end
        }
        func run(from start: Int, while test: (Unicode.Scalar) -> Bool) -> Int {
            var end = start
            while end < scalars.count, test(scalars[end]) { end += 1 }
            return end
        }
        while i < scalars.count {
            let c = scalars[i]
            if c == "'", let length = contraction(at: i + 1, in: scalars) {
                piece(i + 1 + length)
                continue
            }
            // ` ?\p{L}+`, ` ?\p{N}+`, ` ?[^\s\p{L}\p{N}]+`: an optional space, then a run of one class.
            let start = c == " " && i + 1 < scalars.count ? i + 1 : i
            if start < scalars.count {
                let first = scalars[start]
                let classes: [(Unicode.Scalar) -> Bool] = [isLetter, isNumber, isOther]
                if let test = classes.first(where: { $0(first) }), start > i || !isWhitespace(c) {
                    piece(run(from: start, while: test))
                    continue
                }
            }
            // White space: `\s+(?!\S)` leaves the last space for the word after it; `\s+` otherwise.
            let end = run(from: i, while: isWhitespace)
            if end == scalars.count || end - i == 1 {
                piece(end)
            } else {
                piece(end - 1)
            }
        }
        return pieces
    }

    /// A piece's UTF-8 bytes as ``byteCharacters``.
    public static func mapped(_ piece: String) -> [String] {
        piece.utf8.map { String(byteCharacters[Int($0)]) }
    }

    static func contraction(at index: Int, in scalars: [Unicode.Scalar]) -> Int? {
        for suffix in ["s", "t", "re", "ve", "m", "ll", "d"] {
            let tail = Array(suffix.unicodeScalars)
            if index + tail.count <= scalars.count, Array(scalars[index..<index + tail.count]) == tail {
                return tail.count
            }
        }
        return nil
    }

    static func isLetter(_ c: Unicode.Scalar) -> Bool {
        switch c.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: true
        default: false
        }
    }

    static func isNumber(_ c: Unicode.Scalar) -> Bool {
        switch c.properties.generalCategory {
        case .decimalNumber, .letterNumber, .otherNumber: true
        default: false
        }
    }

    static func isWhitespace(_ c: Unicode.Scalar) -> Bool { c.properties.isWhitespace }

    static func isOther(_ c: Unicode.Scalar) -> Bool { !isLetter(c) && !isNumber(c) && !isWhitespace(c) }
}
