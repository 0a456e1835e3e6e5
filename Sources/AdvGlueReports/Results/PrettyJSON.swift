/// Re-indents compact JSON as `JSONEncoder` pretty-prints it (``JSONFiles``): a
/// newline and two spaces per level after `{`, `[` and `,`; `" : "` between key and
/// value; an empty object or array as the bracket, an empty line, and the closing
/// bracket at its indent. String contents are copied untouched, so compact JSON from
/// `JSONEncoder` becomes exactly the bytes its pretty-printed form would have been:
/// the encoder's two styles differ only in whitespace.
///
/// ```swift
/// var out: [UInt8] = []
/// PrettyJSON.append(Array(#"{"a":[1,2],"b":{}}"#.utf8)[...], depth: 0, to: &out)
/// // {\n  "a" : [\n    1,\n    2\n  ],\n  "b" : {\n\n  }\n}
/// ```
/// Complexity: O(n).
public enum PrettyJSON {
    /// Appends `compact` re-indented, as a value nested `depth` levels deep.
    public static func append(_ compact: ArraySlice<UInt8>, depth: Int, to out: inout [UInt8]) {
        var level = depth
        var inString = false
        var escaped = false
        var i = compact.startIndex
        while i < compact.endIndex {
            let byte = compact[i]
            i += 1
            if inString {
                out.append(byte)
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
                out.append(byte)
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                out.append(byte)
                let close = byte == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
                if i < compact.endIndex, compact[i] == close {
                    out.append(0x0A)
                    out.append(0x0A)
                    indent(level, &out)
                    out.append(close)
                    i += 1
                } else {
                    level += 1
                    out.append(0x0A)
                    indent(level, &out)
                }
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                level -= 1
                out.append(0x0A)
                indent(level, &out)
                out.append(byte)
            case UInt8(ascii: ","):
                out.append(byte)
                out.append(0x0A)
                indent(level, &out)
            case UInt8(ascii: ":"):
                out.append(contentsOf: [0x20, UInt8(ascii: ":"), 0x20])
            default:
                out.append(byte)
            }
        }
    }

    private static func indent(_ level: Int, _ out: inout [UInt8]) {
        for _ in 0..<(2 * level) { out.append(0x20) }
    }
}
