/// Shows characters a reader cannot see as visible markers, so nobody is fooled by what
/// an attack inserted: bidi controls, zero-width characters, other format and control
/// characters, private-use and unassigned code points become `⟨U+202E⟩`.
///
/// Every human-facing format (Markdown, CSV, JUnit XML, SVG) passes untrusted text
/// through this first; `results.json` keeps the exact text.
///
/// ```swift
/// VisibleText.render("x\u{202E}y") // "x⟨U+202E⟩y"
/// ```
/// Complexity: O(n).
public enum VisibleText {
    /// Line breaks stay as they are (CSV cells, code blocks) or become markers too.
    public enum LineBreaks: Sendable {
        case keep
        case mark
    }

    public static func render(_ text: String, lineBreaks: LineBreaks = .mark) -> String {
        // Printable ASCII is never invisible; checking bytes first spares the Unicode
        // property look-ups for almost every text (they dominated writing a CSV).
        // Kept line breaks count as printable here: a JUnit body has several.
        let keepsNewlines = lineBreaks == .keep
        guard !text.utf8.allSatisfy({ ($0 >= 0x20 && $0 < 0x7F) || (keepsNewlines && $0 == 0x0A) }),
            text.unicodeScalars.contains(where: {
                (isInvisible($0) && !(keepsNewlines && $0 == "\n")) || $0 == "\u{200D}"
            })
        else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            defer { previous = scalar }
            if lineBreaks == .keep, scalar == "\n" {
                out.unicodeScalars.append(scalar)
            } else if scalar == "\u{200D}", previous.map(endsEmoji) == true {
                // A zero-width joiner inside an emoji sequence (👩‍💻) is part of the picture.
                out.unicodeScalars.append(scalar)
            } else if isInvisible(scalar) {
                out += marker(scalar)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// `⟨U+202E⟩`: mathematical angle brackets, so the marker needs no escaping in
    /// Markdown, XML or CSV.
    public static func marker(_ scalar: Unicode.Scalar) -> String {
        "⟨U+" + hex(scalar.value) + "⟩"
    }

    /// Controls (C0, C1, including tab and line breaks), format characters (bidi marks,
    /// embeddings, overrides and isolates, zero-width joiners and spaces, the BOM),
    /// line and paragraph separators, private-use, unassigned and noncharacter code
    /// points, and other default-ignorable ones (variation selectors FE0E/FE0F excepted).
    public static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        // ASCII: the C0 controls and DEL, and nothing else (no property look-up needed).
        if scalar.value < 0x80 { return scalar.value < 0x20 || scalar.value == 0x7F }
        return switch scalar.properties.generalCategory {
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
