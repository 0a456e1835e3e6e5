/// Shortens untrusted text for human-facing formats, so a 100 KB line cannot swamp a
/// report table; the full text stays in `results.json`. Cuts fall between grapheme
/// clusters, never inside an emoji or a combining sequence.
public enum TextLimit {
    /// Characters of one field shown in a Markdown table cell.
    public static let cell = 300

    /// The text itself if it has at most `limit` characters, else its first `limit`
    /// characters and a note of how many were left out.
    ///
    /// ```swift
    /// TextLimit.prefix("abcdef", 3) // "abc… [3 more characters]"
    /// ```
    public static func prefix(_ text: String, _ limit: Int) -> String {
        let (kept, dropped) = split(text, limit)
        return dropped == 0 ? text : kept + "… [\(dropped) more characters]"
    }

    /// Keeps both ends of a long middle piece (`head` and `tail` characters).
    public static func middle(_ text: String, head: Int, tail: Int) -> String {
        var count = 0
        for _ in text { count += 1; if count > head + tail + 1 { break } }
        guard count > head + tail + 1 else { return text }
        let total = text.count
        return String(text.prefix(head)) + " … [\(total - head - tail) characters] … " + String(text.suffix(tail))
    }

    /// The last `limit` characters, with a note of how many came before.
    public static func suffix(_ text: String, _ limit: Int) -> String {
        let total = text.count
        return total <= limit ? text : "[\(total - limit) characters] … " + String(text.suffix(limit))
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
