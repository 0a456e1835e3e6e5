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
        guard value.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else {
            return value
        }
        // Byte by byte: the five characters are ASCII, so no UTF-8 sequence is split.
        var out: [UInt8] = []
        out.reserveCapacity(value.utf8.count + 16)
        for byte in value.utf8 {
            switch byte {
            case 0x26: out.append(contentsOf: "&amp;".utf8)
            case 0x3C: out.append(contentsOf: "&lt;".utf8)
            case 0x3E: out.append(contentsOf: "&gt;".utf8)
            case 0x22: out.append(contentsOf: "&quot;".utf8)
            case 0x27: out.append(contentsOf: "&apos;".utf8)
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
