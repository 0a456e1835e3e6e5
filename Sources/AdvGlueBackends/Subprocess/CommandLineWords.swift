import AdvGlueModels
import AdvGlueSupport

/// Splits the text after `cmd:` into an argument vector, the way a POSIX shell splits
/// words, without running one: no variables, globs, pipes, redirections or `~`.
///
/// Rules: unquoted spaces and tabs separate words; `'...'` keeps everything inside
/// literally; `"..."` keeps everything inside except that `\"` and `\\` stand for `"`
/// and `\`; outside quotes `\` makes the next character literal. Quotes may join parts
/// of one word (`--name="a b"` is one word, `--name=a b`).
///
/// ```swift
/// try CommandLineWords.split(#"python3 serve.py --model "my model" --flag"#)
/// // ["python3", "serve.py", "--model", "my model", "--flag"]
/// ```
/// Complexity: O(n).
public enum CommandLineWords {
    public static func split(_ text: String) throws(AdvGlueError) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var iterator = text.makeIterator()
        while let character = iterator.next() {
            switch character {
            case " ", "\t", "\n":
                if inWord { words.append(current) }
                current = ""
                inWord = false
            case "'":
                inWord = true
                while true {
                    guard let next = iterator.next() else {
                        throw AdvGlueError(.usage, "unterminated single quote in '\(text)'")
                    }
                    if next == "'" { break }
                    current.append(next)
                }
            case "\"":
                inWord = true
                while true {
                    guard let next = iterator.next() else {
                        throw AdvGlueError(.usage, "unterminated double quote in '\(text)'")
                    }
                    if next == "\"" { break }
                    if next == "\\" {
                        guard let escaped = iterator.next() else {
                            throw AdvGlueError(.usage, "unterminated double quote in '\(text)'")
                        }
                        if escaped != "\"" && escaped != "\\" { current.append("\\") }
                        current.append(escaped)
                    } else {
                        current.append(next)
                    }
                }
            case "\\":
                guard let escaped = iterator.next() else {
                    throw AdvGlueError(.usage, "'\(text)' ends with a lone backslash")
                }
                inWord = true
                current.append(escaped)
            default:
                inWord = true
                current.append(character)
            }
        }
        if inWord { words.append(current) }
        return words
    }

    /// Joins words back into text that ``split(_:)`` turns into the same words.
    public static func join(_ words: [String]) -> String {
        words.map { word in
            let plain = !word.isEmpty && word.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:,+@%".contains($0) }
            return plain ? word : "'" + word.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
        }.joined(separator: " ")
    }
}
