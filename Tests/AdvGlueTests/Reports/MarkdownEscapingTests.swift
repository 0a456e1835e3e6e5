import Testing

@testable import AdvGlueReports

@Suite("Markdown escaping of untrusted text")
struct MarkdownEscapingTests {
    static let hostile = [
        "a | b || c", "`code` and ``more``", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
        "line one\nline two\r\nthree", "\u{202E}evil\u{202C} and \u{2066}isolate\u{2069}", "zero\u{200B}width\u{FEFF}",
        "**bold** _em_ ~~strike~~ [link](http://x) ![img](y)", "# heading", "&amp; &lt; entity", "back\\slash", "$x^2$",
        "\u{0007}bell\u{0000}nul", "emoji 👩‍💻 👍🏽 🇫🇷 stays",
    ]

    @Test(arguments: hostile)
    func escapedTextCannotBreakATableOrInjectHTML(_ text: String) {
        let escaped = MarkdownEscaping.escape(text)
        // No raw HTML: every < and > became an entity.
        #expect(!escaped.contains("<") && !escaped.contains(">"))
        // No line break can end a table row.
        #expect(!escaped.contains("\n") && !escaped.contains("\r"))
        // Every | and ` is escaped, so cells and code spans cannot be opened or closed.
        for (i, scalar) in escaped.unicodeScalars.enumerated() where "|`*_~[]#$".unicodeScalars.contains(scalar) {
            let previous = escaped.unicodeScalars[
                escaped.unicodeScalars.index(escaped.unicodeScalars.startIndex, offsetBy: i - 1)]
            #expect(i > 0 && previous == "\\", "unescaped \(scalar) in \(escaped)")
        }
        // No invisible or direction-changing characters survive.
        for scalar in escaped.unicodeScalars {
            #expect(!(0x202A...0x202E).contains(scalar.value) && !(0x2066...0x2069).contains(scalar.value))
            #expect(scalar.value != 0x200B && scalar.value != 0xFEFF && scalar.value >= 0x20)
        }
    }

    @Test func visibleReplacements() {
        #expect(MarkdownEscaping.escape("a|b <script>") == "a\\|b &lt;script&gt;")
        #expect(MarkdownEscaping.escape("x\u{202E}y") == "x⟨U+202E⟩y")
        #expect(MarkdownEscaping.escape("1\n2") == "1⏎2")
        #expect(MarkdownEscaping.escape("👩‍💻") == "👩‍💻")
        #expect(MarkdownEscaping.escape("plain words, 3.14 (ok)!") == "plain words, 3.14 (ok)!")
    }

    @Test func codeBlocksOutgrowBacktickRuns() {
        #expect(codeBlock("a ``` b").hasPrefix("````\n"))
        #expect(codeBlock("plain").hasPrefix("```\n"))
    }
}
