/// Makes untrusted text (from data files or produced by an attack) safe inside
/// GitHub-flavoured Markdown, table cells included.
///
/// - HTML: `&`, `<`, `>` and `"` become entities, so `<script>` shows as text.
/// - Markdown: inline punctuation (`\` `` ` `` `*` `_` `~` `[` `]` `|` `#` `$`) is
///   backslash-escaped, so text cannot open emphasis, code, links, images, footnotes or
///   math, nor end a table cell. Escaped text is always placed after a fixed prefix (a
///   cell's `| `, a list's `- `), so line-start syntax (headings, `1.`, `>`) cannot
///   take effect.
/// - Autolinks: `https\://` (any `://`) and `www\.` stop GFM's extended autolinks; an empty HTML
///   comment after `@` and `#` (`@<!-- -->name`) stops e-mail links, GitHub @mentions
///   (which would notify whoever owns a random handle a distraction attack appended)
///   and `#123` issue references, none of which a backslash prevents.
/// - Line breaks become a visible `⏎`, tabs a space, so a newline cannot end a table row.
/// - Bidi controls, zero-width characters and other invisible characters are shown as
///   `⟨U+202E⟩` (``VisibleText``), so they can neither reorder nor hide text.
///
/// ```swift
/// MarkdownEscaping.escape("a|b <script>") // "a\\|b &lt;script&gt;"
/// ```
/// Complexity: O(n).
public enum MarkdownEscaping {
    static let backslashed: Set<Unicode.Scalar> = Set("\\`*_~[]|#$".unicodeScalars)
    /// Placed after `@` and `#` to split them from what follows (see above).
    public static let separator = "<!-- -->"
    /// The only HTML blocks advglue writes: a fold around measures a reader opens when
    /// they want them, so a summary stays narrow on a GitHub page. Never holds data.
    public static let foldOpen = "<details><summary>All measures</summary>"
    public static let foldClose = "</details>"

    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        let scalars = Array(text.unicodeScalars)
        var previous: Unicode.Scalar?
        for (i, scalar) in scalars.enumerated() {
            defer { previous = scalar }
            let next = i + 1 < scalars.count ? scalars[i + 1] : nil
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}": out += "⏎"
            case "\t": out += " "
            case "@", "#":
                out += (scalar == "#" ? "\\#" : "@") + (next.map(isWordCharacter) == true ? separator : "")
            case "." where endsWithWWW(out):
                out += "\\."
            case ":" where i + 2 < scalars.count && scalars[i + 1] == "/" && scalars[i + 2] == "/":
                out += "\\:"
            case _ where backslashed.contains(scalar): out += "\\" + String(scalar)
            case "\u{200D}" where previous.map(VisibleText.endsEmoji) == true: out.unicodeScalars.append(scalar)
            case _ where VisibleText.isInvisible(scalar): out += VisibleText.marker(scalar)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Escapes at most `limit` characters of `text`, noting how many were left out.
    public static func escape(_ text: String, limit: Int) -> String {
        escape(TextLimit.prefix(text, limit))
    }

    /// A name as inline code when it is plain (letters, digits, `.`, `_`, `-`), else as
    /// escaped text: backslash escapes and entities do not work inside code spans.
    public static func code(_ name: String) -> String {
        let plain =
            !name.isEmpty
            && name.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                    || "._-/".unicodeScalars.contains($0)
            }
        return plain ? "`" + name + "`" : escape(name)
    }

    static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-"
    }

    static func endsWithWWW(_ out: String) -> Bool {
        let tail = out.unicodeScalars.suffix(3)
        return tail.count == 3 && String(String.UnicodeScalarView(tail)).lowercased() == "www"
    }
}
