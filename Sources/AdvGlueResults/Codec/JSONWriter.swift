/// Writes JSON in the one style of every file advglue writes (``JSONFiles``): what
/// `JSONEncoder` writes with `.sortedKeys` and `.withoutEscapingSlashes`, pretty-printed
/// or compact. The caller writes an object's keys in byte order.
///
/// Rules, as `JSONEncoder` has them: pretty output puts `"key" : value` with two spaces
/// per level and an empty array or object as the bracket, an empty line and the closing
/// bracket at its indent; compact output has no whitespace. Strings escape `"`, `\`,
/// `\b`, `\f`, `\n`, `\r`, `\t` and other controls below U+0020 as `\u00XX` (lower-case
/// hex), everything else as is. A number is written as Swift prints it, without a
/// trailing `.0`.
///
/// ```swift
/// var json = JSONWriter(style: .compact)
/// json.beginObject()
/// json.key("a"); json.int(1)
/// json.key("b"); json.beginArray(); json.string("x"); json.endArray()
/// json.endObject()
/// json.bytes // {"a":1,"b":["x"]}
/// ```
/// Complexity: O(output size).
public struct JSONWriter {
    public enum Style: Sendable {
        /// Pretty-printed, the outermost value nested `depth` levels deep (its closing
        /// bracket at that indent).
        case pretty(depth: Int)
        case compact
    }

    public private(set) var bytes: [UInt8] = []
    private let pretty: Bool
    private var depth: Int
    /// Per open container: whether it has a member yet.
    private var filled: [Bool] = []
    /// A key was just written: the value follows it on the same line.
    private var afterKey = false

    public init(style: Style, capacity: Int = 1024) {
        switch style {
        case .pretty(let depth):
            pretty = true
            self.depth = depth
        case .compact:
            pretty = false
            depth = 0
        }
        bytes.reserveCapacity(capacity)
    }

    public mutating func beginObject() { open(UInt8(ascii: "{")) }
    public mutating func endObject() { close(UInt8(ascii: "}")) }
    public mutating func beginArray() { open(UInt8(ascii: "[")) }
    public mutating func endArray() { close(UInt8(ascii: "]")) }

    public mutating func key(_ name: String) {
        separate()
        writeString(name)
        bytes.append(contentsOf: pretty ? [0x20, UInt8(ascii: ":"), 0x20] : [UInt8(ascii: ":")])
        afterKey = true
    }

    public mutating func string(_ text: String) {
        separate()
        writeString(text)
    }

    public mutating func int(_ value: Int) {
        separate()
        bytes.append(contentsOf: String(value).utf8)
    }

    public mutating func bool(_ value: Bool) {
        separate()
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    public mutating func float(_ value: Float) { number(value.description) }
    public mutating func double(_ value: Double) { number(value.description) }

    public mutating func floats(_ values: [Float]) {
        beginArray()
        for value in values { float(value) }
        endArray()
    }

    /// `JSONEncoder` writes a whole number without Swift's `.0`.
    private mutating func number(_ description: String) {
        separate()
        if description.hasSuffix(".0") {
            bytes.append(contentsOf: description.utf8.dropLast(2))
        } else {
            bytes.append(contentsOf: description.utf8)
        }
    }

    // MARK: Layout

    private mutating func open(_ bracket: UInt8) {
        separate()
        bytes.append(bracket)
        filled.append(false)
        depth += 1
    }

    private mutating func close(_ bracket: UInt8) {
        let hadMembers = filled.removeLast()
        depth -= 1
        if pretty {
            bytes.append(0x0A)
            if !hadMembers { bytes.append(0x0A) }
            indent()
        }
        bytes.append(bracket)
    }

    /// Before a value or key: the comma and line break that separate it from the one
    /// before, unless a key has just been written.
    private mutating func separate() {
        if afterKey {
            afterKey = false
            return
        }
        guard !filled.isEmpty else { return }
        if filled[filled.count - 1] { bytes.append(UInt8(ascii: ",")) }
        filled[filled.count - 1] = true
        if pretty {
            bytes.append(0x0A)
            indent()
        }
    }

    private static let spaces = [UInt8](repeating: 0x20, count: 64)

    private mutating func indent() {
        var remaining = 2 * depth
        while remaining > 0 {
            let n = min(remaining, Self.spaces.count)
            bytes.append(contentsOf: Self.spaces[0..<n])
            remaining -= n
        }
    }

    private static let hex = Array("0123456789abcdef".utf8)

    private mutating func writeString(_ text: String) {
        bytes.append(0x22)
        // The common case: nothing to escape, so the text's bytes go in whole.
        var text = text
        let plain = text.withUTF8 { utf8 in !utf8.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C } }
        if plain {
            text.withUTF8 { bytes.append(contentsOf: $0) }
            bytes.append(0x22)
            return
        }
        for byte in text.utf8 {
            switch byte {
            case 0x22: bytes.append(contentsOf: [0x5C, 0x22])
            case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
            case 0x08: bytes.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case 0x0C: bytes.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0..<0x20:
                bytes.append(contentsOf: [
                    0x5C, UInt8(ascii: "u"), 0x30, 0x30, Self.hex[Int(byte >> 4)], Self.hex[Int(byte & 0x0F)],
                ])
            default: bytes.append(byte)
            }
        }
        bytes.append(0x22)
    }
}
