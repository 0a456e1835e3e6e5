/// Text from data, file names and model replies made safe for a terminal: control
/// characters other than line feed and tab (ESC starts the sequences that move the
/// cursor, recolour, retitle the window or write to the clipboard), C1 controls, DEL,
/// and bidi and zero-width characters show as `⟨U+001B⟩`, as the reports show them.
///
/// ```swift
/// TerminalText.safe("bad\u{1B}[2Jname")  // "bad⟨U+001B⟩[2Jname"
/// ```
/// Complexity: O(n).
public enum TerminalText {
    public static func safe(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            let v = scalar.value
            let hidden =
                (v < 0x20 && v != 0x0A && v != 0x09) || (0x7F...0x9F).contains(v) || (0x200B...0x200F).contains(v)
                || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) || v == 0xFEFF || v == 0x2028
                || v == 0x2029
            if hidden {
                let hex = String(v, radix: 16, uppercase: true)
                out += "⟨U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + "⟩"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
