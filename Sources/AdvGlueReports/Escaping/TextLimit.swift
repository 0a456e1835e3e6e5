/// Shortens untrusted text for human-facing formats, so a 100 KB line cannot swamp a
/// report table; the full text stays in `results.json`. Cuts fall between grapheme
/// clusters, never inside an emoji or a combining sequence.
public enum TextLimit {
    /// Characters of one field shown in a Markdown table cell.
    public static let cell = 300
    /// A cut must leave out at least this many characters, or the note would cost more
    /// than it saves.
    static let slack = 40

    /// The text itself if it has at most `limit` characters, else its first `limit`
    /// characters and a note of how many were left out.
    ///
    /// ```swift
    /// TextLimit.prefix(String(repeating: "a", count: 100), 3) // "aaa… [97 more characters]"
    /// ```
    public static func prefix(_ text: String, _ limit: Int) -> String {
        let (kept, dropped) = split(text, limit)
        return dropped < slack ? text : kept + "… [\(dropped) more characters]"
    }

    /// Keeps both ends of a long middle piece (`head` and `tail` characters).
    public static func middle(_ text: String, head: Int, tail: Int) -> String {
        var count = 0
        for _ in text {
            count += 1
            if count >= head + tail + slack { break }
        }
        guard count >= head + tail + slack else { return text }
        let total = text.count
        return String(text.prefix(head)) + " … [\(total - head - tail) characters] … " + String(text.suffix(tail))
    }

    /// The last `limit` characters, with a note of how many came before.
    public static func suffix(_ text: String, _ limit: Int) -> String {
        let total = text.count
        return total - limit < slack ? text : "[\(total - limit) characters] … " + String(text.suffix(limit))
    }

    static func split(_ text: String, _ limit: Int) -> (String, Int) {
        var index = text.startIndex
        var kept = 0
        while kept < limit, index < text.endIndex {
            index = text.index(after: index)
            kept += 1
        }
        if index == text.endIndex { return (text, 0) }
        return (String(text[..<index]), text[index...].count)
    }
}
