/// A fenced code block whose fence is longer than any backtick run in `text`, so
/// untrusted text cannot close it early; invisible characters show as markers.
public func codeBlock(_ text: String) -> String {
    let text = VisibleText.render(text, lineBreaks: .keep)
    var longest = 0
    var run = 0
    for character in text {
        run = character == "`" ? run + 1 : 0
        longest = max(longest, run)
    }
    let fence = String(repeating: "`", count: max(3, longest + 1))
    return fence + "\n" + text + "\n" + fence
}
