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
        // Whitespace at most doubles a journal line; reserving once spares the regrowths.
        out.reserveCapacity(out.count + 2 * compact.count + 64)
        compact.withUnsafeBufferPointer { bytes in
            var level = depth
            var i = 0
            while i < bytes.count {
                let byte = bytes[i]
                i += 1
                switch byte {
                case UInt8(ascii: "\""):
                    // A string whole: up to the quote that no backslash escapes.
                    let start = i - 1
                    var escaped = false
                    while i < bytes.count {
                        let inner = bytes[i]
                        i += 1
                        if escaped { escaped = false } else if inner == UInt8(ascii: "\\") { escaped = true } else if inner == UInt8(ascii: "\"") { break }
                    }
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    out.append(byte)
                    let close = byte == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
                    if i < bytes.count, bytes[i] == close {
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
                    out.append(0x20)
                    out.append(byte)
                    out.append(0x20)
                default:
                    // A number, true, false or null: up to the next structural byte.
                    let start = i - 1
                    while i < bytes.count, !isStructural(bytes[i]) { i += 1 }
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
                }
            }
        }
    }

    @inline(__always)
    private static func isStructural(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ",") || byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: ":")
            || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[")
    }

    private static let spaces = [UInt8](repeating: 0x20, count: 64)

    private static func indent(_ level: Int, _ out: inout [UInt8]) {
        var remaining = 2 * level
        while remaining > 0 {
            let n = min(remaining, spaces.count)
            out.append(contentsOf: spaces[0..<n])
            remaining -= n
        }
    }
}
