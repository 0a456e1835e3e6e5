/// Makes untrusted text (from data files or produced by an attack) safe inside
/// GitHub-flavoured Markdown, table cells included.
///
/// - HTML: `&`, `<`, `>` and `"` become entities, so `<script>` shows as text.
/// - Markdown: inline punctuation (`\` `` ` `` `*` `_` `~` `[` `]` `|` `#` `$`) is
///   backslash-escaped, so text cannot open emphasis, code, links or math, nor end a
///   table cell. Escaped text is always placed after a fixed prefix (a cell's `| `, a
///   list's `- `), so line-start syntax such as `1.` or `>` cannot take effect.
/// - Line breaks become a visible `⏎`, so a newline cannot end a table row.
/// - Bidi controls, zero-width characters and other invisible format or control
///   characters are shown as `⟨U+202E⟩`, so they can neither reorder nor hide text.
///
/// ```swift
/// MarkdownEscaping.escape("a|b <script>") // "a\\|b &lt;script&gt;"
/// ```
/// Complexity: O(n).
public enum MarkdownEscaping {
    static let backslashed: Set<Unicode.Scalar> = Set("\\`*_~[]|#$".unicodeScalars)

    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            defer { previous = scalar }
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}": out += "⏎"
            case "\t": out += " "
            case _ where backslashed.contains(scalar): out += "\\" + String(scalar)
            // A zero-width joiner inside an emoji sequence (👩‍💻) is part of the picture.
            case "\u{200D}" where previous.map(Self.endsEmoji) == true: out.unicodeScalars.append(scalar)
            case _ where isInvisible(scalar): out += "⟨U+" + hex(scalar.value) + "⟩"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Controls (C0, C1), format characters (bidi marks, embeddings, overrides and
    /// isolates, zero-width joiners and spaces, the BOM) and private or unassigned ones.
    static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .privateUse, .unassigned, .surrogate, .lineSeparator, .paragraphSeparator: true
        default: scalar.properties.isDefaultIgnorableCodePoint && scalar != "\u{FE0F}" && scalar != "\u{FE0E}"
        }
    }

    static func endsEmoji(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isEmojiPresentation || scalar.properties.isEmojiModifier || scalar == "\u{FE0F}"
    }

    static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
