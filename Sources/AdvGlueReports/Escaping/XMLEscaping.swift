/// Makes untrusted text safe inside XML: JUnit reports and the text of SVG charts.
///
/// `&`, `<`, `>`, `"` and `'` become entities, so text can neither close an element nor
/// an attribute nor open a `<script>`; characters XML 1.0 forbids (most C0 controls,
/// U+FFFE, U+FFFF) and every invisible or direction-changing character are shown as
/// `⟨U+202E⟩` markers (``VisibleText``), so the file always parses and a reader sees
/// what an attack inserted. Line breaks stay in element text and are marked in
/// attributes, where XML would fold them into spaces.
///
/// ```swift
/// XMLEscaping.text("<script>") // "&lt;script&gt;"
/// ```
/// Complexity: O(n).
public enum XMLEscaping {
    public static func text(_ value: String) -> String {
        escape(VisibleText.render(value, lineBreaks: .keep))
    }

    public static func attribute(_ value: String) -> String {
        escape(VisibleText.render(value, lineBreaks: .mark))
    }

    static func escape(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return value }
        var out = ""
        out.reserveCapacity(value.utf8.count + 16)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
