/// How deeply a YAML text nests, estimated in one pass without parsing, so a file nested
/// thousands of levels deep is refused before the parser's recursion (Yams builds its
/// tree recursively, on a thread whose stack ends long before) can crash the process.
///
/// The estimate counts block nesting (a stack of indentation levels, plus each `- ` of a
/// compact sequence such as `- - - x`) and flow nesting (`[` and `{` outside quotes and
/// comments); it may over-count a little, never under-count a real nesting.
///
/// ```swift
/// NestingDepth.of("a:\n  b:\n    - [1, [2]]\n")  // 6
/// ```
/// Complexity: O(n) in the text's length.
public enum NestingDepth {
    /// Far deeper than any recipe or gate config needs (they nest four or five levels).
    public static let limit = 64

    public static func of(_ text: String) -> Int {
        var deepest = 0
        var indents: [Int] = []
        var flow = 0
        for line in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            var i = line.startIndex
            var indent = 0
            while i < line.endIndex, line[i] == UInt8(ascii: " ") {
                indent += 1
                i = line.index(after: i)
            }
            // Blank and comment-only lines do not nest; inside a flow collection,
            // indentation means nothing.
            guard i < line.endIndex, line[i] != UInt8(ascii: "#"), line[i] != UInt8(ascii: "\r") else { continue }
            var block = 0
            if flow == 0 {
                while let last = indents.last, last >= indent { indents.removeLast() }
                indents.append(indent)
                block = indents.count
                // A compact sequence: `- - - x` opens one level per dash.
                while i < line.endIndex, line[i] == UInt8(ascii: "-") {
                    let next = line.index(after: i)
                    guard next == line.endIndex || line[next] == UInt8(ascii: " ") else { break }
                    block += 1
                    i = next
                    while i < line.endIndex, line[i] == UInt8(ascii: " ") { i = line.index(after: i) }
                }
            } else {
                block = indents.count
            }
            // Quotes open only where a scalar starts (so `it's` is plain text), backslash
            // escapes and doubled single quotes stay inside, and `#` starts a comment only
            // at the line's start or after a space: otherwise text could hide brackets.
            var scalarStart = true
            var previous: UInt8 = UInt8(ascii: " ")
            while i < line.endIndex {
                let c = line[i]
                if scalarStart, c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                    var j = line.index(after: i)
                    while j < line.endIndex {
                        if c == UInt8(ascii: "\""), line[j] == UInt8(ascii: "\\") {
                            j = line.index(after: j)
                        } else if line[j] == c {
                            let next = line.index(after: j)
                            // '' is an escaped quote inside single quotes.
                            guard c == UInt8(ascii: "'"), next < line.endIndex, line[next] == c else { break }
                            j = next
                        }
                        if j < line.endIndex { j = line.index(after: j) }
                    }
                    i = j < line.endIndex ? line.index(after: j) : j
                    scalarStart = false
                    previous = c
                    continue
                }
                if c == UInt8(ascii: "#"), previous == UInt8(ascii: " ") || previous == UInt8(ascii: "\t") { break }
                switch c {
                case UInt8(ascii: "["), UInt8(ascii: "{"):
                    flow += 1
                    deepest = max(deepest, block + flow)
                    scalarStart = true
                case UInt8(ascii: "]"), UInt8(ascii: "}"):
                    flow = max(0, flow - 1)
                case UInt8(ascii: ","):
                    scalarStart = true
                case UInt8(ascii: " "), UInt8(ascii: "\t"):
                    // `key: "value"` and `- "item"`: a quote may follow.
                    if previous == UInt8(ascii: ":") || previous == UInt8(ascii: "-") { scalarStart = true }
                default:
                    scalarStart = false
                }
                previous = c
                i = line.index(after: i)
            }
            deepest = max(deepest, block + flow)
        }
        return deepest
    }
}
