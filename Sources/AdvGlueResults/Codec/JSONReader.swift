import AdvGlueSupport

/// A forward-only reader over JSON bytes, for the codecs of advglue's own files.
///
/// It reads what RFC 8259 allows: whitespace anywhere between tokens, object keys in any
/// order, every string escape. A reader of an object skips keys it does not know (files
/// gain keys without a new schema version) and refuses a key given twice. Errors say
/// what was expected and at which byte.
///
/// ```swift
/// var reader = JSONReader(Array(#"{"a": [1, 2]}"#.utf8)[...])
/// try reader.object { reader, key in
///     _ = try reader.array { try $0.int() }  // [1, 2]
/// }
/// ```
/// Complexity: O(n) in the bytes read.
public struct JSONReader {
    private let bytes: ArraySlice<UInt8>
    private var i: Int

    public init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        i = bytes.startIndex
    }

    /// The byte offset of the reader from the start of its input.
    public var offset: Int { i - bytes.startIndex }

    /// Throws unless only whitespace is left.
    public mutating func end() throws(AdvGlueError) {
        skipSpace()
        guard i == bytes.endIndex else { throw failure("the end of the JSON value") }
    }

    /// A malformed-data error at the reader's place.
    public func failure(_ expected: String) -> AdvGlueError {
        let found = i < bytes.endIndex ? "'\(Character(Unicode.Scalar(bytes[i])))'" : "the end"
        return AdvGlueError(.badData, "expected \(expected) at byte \(offset), found \(found)")
    }

    // MARK: Containers

    /// Reads `{ "key": value, ... }`: `member` reads each value, by key. A key given twice
    /// is an error.
    public mutating func object(_ member: (inout JSONReader, String) throws(AdvGlueError) -> Void) throws(AdvGlueError)
    {
        _ = try members { reader, key throws(AdvGlueError) in
            try member(&reader, key)
            return true
        }
    }

    /// Reads an object's members while `member` returns true; false stops the reading
    /// there, inside the object (to pick one key out of a long line). Returns whether
    /// the whole object was read.
    public mutating func members(_ member: (inout JSONReader, String) throws(AdvGlueError) -> Bool) throws(AdvGlueError)
        -> Bool
    {
        try take(UInt8(ascii: "{"), "an object")
        if peek(UInt8(ascii: "}")) {
            i += 1
            return true
        }
        // Objects have a few keys: a list is cheaper than a set.
        var seen: [String] = []
        repeat {
            let keyOffset = offset
            let key = try string()
            guard !seen.contains(key) else {
                throw AdvGlueError(.badData, "the key '\(key)' appears twice in one object (byte \(keyOffset))")
            }
            seen.append(key)
            try take(UInt8(ascii: ":"), "':' after a key")
            guard try member(&self, key) else { return false }
        } while takeIf(UInt8(ascii: ","))
        try take(UInt8(ascii: "}"), "',' or '}'")
        return true
    }

    /// Reads `[ element, ... ]`.
    public mutating func array<T>(_ element: (inout JSONReader) throws(AdvGlueError) -> T) throws(AdvGlueError) -> [T] {
        try take(UInt8(ascii: "["), "an array")
        var items: [T] = []
        if peek(UInt8(ascii: "]")) {
            i += 1
            return items
        }
        repeat {
            items.append(try element(&self))
        } while takeIf(UInt8(ascii: ","))
        try take(UInt8(ascii: "]"), "',' or ']'")
        return items
    }

    /// nil for `null`, else the value `read` reads.
    public mutating func optional<T>(_ read: (inout JSONReader) throws(AdvGlueError) -> T) throws(AdvGlueError) -> T? {
        if literal("null") { return nil }
        return try read(&self)
    }

    /// Skips one value of any kind (a key this reader does not know).
    public mutating func skipValue() throws(AdvGlueError) {
        skipSpace()
        guard i < bytes.endIndex else { throw failure("a value") }
        switch bytes[i] {
        case UInt8(ascii: "\""): _ = try string()
        case UInt8(ascii: "{"): try object { reader, _ throws(AdvGlueError) in try reader.skipValue() }
        case UInt8(ascii: "["): _ = try array { reader throws(AdvGlueError) in try reader.skipValue() }
        case UInt8(ascii: "t"), UInt8(ascii: "f"): _ = try bool()
        case UInt8(ascii: "n"):
            guard literal("null") else { throw failure("a value") }
        default: _ = try numberText()
        }
    }

    // MARK: Scalars

    public mutating func bool() throws(AdvGlueError) -> Bool {
        if literal("true") { return true }
        if literal("false") { return false }
        throw failure("true or false")
    }

    /// An integer; a number with a fraction or exponent is taken when its value is whole.
    public mutating func int() throws(AdvGlueError) -> Int {
        let start = offset
        let text = try numberText()
        if let value = Int(text) { return value }
        guard let value = Double(text), value.rounded() == value, abs(value) < 9.0e18 else {
            throw AdvGlueError(.badData, "expected a whole number at byte \(start), found \(text)")
        }
        return Int(value)
    }

    public mutating func float() throws(AdvGlueError) -> Float {
        let start = offset
        let text = try numberText()
        guard let value = Float(text), value.isFinite else {
            throw AdvGlueError(.badData, "expected a finite number at byte \(start), found \(text)")
        }
        return value
    }

    public mutating func double() throws(AdvGlueError) -> Double {
        let start = offset
        let text = try numberText()
        guard let value = Double(text), value.isFinite else {
            throw AdvGlueError(.badData, "expected a finite number at byte \(start), found \(text)")
        }
        return value
    }

    /// A JSON number's text, checked against JSON's grammar (no leading zeros, no `+`).
    private mutating func numberText() throws(AdvGlueError) -> String {
        skipSpace()
        let start = i
        if takeByte(UInt8(ascii: "-")) {}
        guard i < bytes.endIndex, isDigit(bytes[i]) else { throw failure("a number") }
        if bytes[i] == 0x30 {
            i += 1
        } else {
            while i < bytes.endIndex, isDigit(bytes[i]) { i += 1 }
        }
        if takeByte(UInt8(ascii: ".")) {
            guard i < bytes.endIndex, isDigit(bytes[i]) else { throw failure("a digit after '.'") }
            while i < bytes.endIndex, isDigit(bytes[i]) { i += 1 }
        }
        if takeByte(UInt8(ascii: "e")) || takeByte(UInt8(ascii: "E")) {
            if !takeByte(UInt8(ascii: "+")) { _ = takeByte(UInt8(ascii: "-")) }
            guard i < bytes.endIndex, isDigit(bytes[i]) else { throw failure("a digit in the exponent") }
            while i < bytes.endIndex, isDigit(bytes[i]) { i += 1 }
        }
        if i < bytes.endIndex, isDigit(bytes[i]) || bytes[i] == UInt8(ascii: ".") {
            throw failure("the end of the number")
        }
        return String(decoding: bytes[start..<i], as: UTF8.self)
    }

    /// A string with its escapes decoded. Raw control characters, lone surrogates and
    /// invalid UTF-8 are errors.
    public mutating func string() throws(AdvGlueError) -> String {
        try take(UInt8(ascii: "\""), "a string")
        let start = i
        // The common case: no escapes, so the bytes are the string.
        while i < bytes.endIndex, bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "\\"), bytes[i] >= 0x20 {
            i += 1
        }
        guard i < bytes.endIndex else { throw failure("the end of a string") }
        if bytes[i] == UInt8(ascii: "\"") {
            defer { i += 1 }
            return try text(bytes[start..<i], at: start)
        }
        var out = Array(bytes[start..<i])
        while i < bytes.endIndex {
            let byte = bytes[i]
            i += 1
            switch byte {
            case UInt8(ascii: "\""):
                return try text(out[...], at: start)
            case UInt8(ascii: "\\"):
                guard i < bytes.endIndex else { throw failure("an escape") }
                let escape = bytes[i]
                i += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"): out.append(contentsOf: try unicodeEscape())
                default:
                    i -= 1
                    throw failure("an escape (\\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\u)")
                }
            case 0..<0x20:
                i -= 1
                throw failure("a character (control characters in strings must be escaped)")
            default:
                out.append(byte)
            }
        }
        throw failure("the end of a string")
    }

    /// The UTF-8 of a `\uXXXX` escape (the `\u` read), joining a surrogate pair.
    private mutating func unicodeEscape() throws(AdvGlueError) -> [UInt8] {
        let unit = try hex4()
        var value = unit
        if (0xD800..<0xDC00).contains(unit) {
            guard takeByte(UInt8(ascii: "\\")), takeByte(UInt8(ascii: "u")) else {
                throw failure("the second half of a surrogate pair")
            }
            let low = try hex4()
            guard (0xDC00..<0xE000).contains(low) else { throw failure("the second half of a surrogate pair") }
            value = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let scalar = Unicode.Scalar(value) else { throw failure("a Unicode scalar (a lone surrogate)") }
        return Array(String(Character(scalar)).utf8)
    }

    private mutating func hex4() throws(AdvGlueError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard i < bytes.endIndex else { throw failure("four hex digits") }
            let byte = bytes[i]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: throw failure("four hex digits")
            }
            value = value << 4 | digit
            i += 1
        }
        return value
    }

    private func text(_ utf8: ArraySlice<UInt8>, at start: Int) throws(AdvGlueError) -> String {
        guard let text = String(validating: utf8, as: UTF8.self) else {
            throw AdvGlueError(.badData, "invalid UTF-8 in the string at byte \(start - bytes.startIndex - 1)")
        }
        return text
    }

    // MARK: Tokens

    private func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }

    private mutating func skipSpace() {
        while i < bytes.endIndex, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 {
            i += 1
        }
    }

    private mutating func peek(_ byte: UInt8) -> Bool {
        skipSpace()
        return i < bytes.endIndex && bytes[i] == byte
    }

    private mutating func takeIf(_ byte: UInt8) -> Bool {
        guard peek(byte) else { return false }
        i += 1
        return true
    }

    private mutating func take(_ byte: UInt8, _ expected: String) throws(AdvGlueError) {
        guard takeIf(byte) else { throw failure(expected) }
    }

    /// Takes `byte` if it is next, without skipping whitespace (inside a token).
    private mutating func takeByte(_ byte: UInt8) -> Bool {
        guard i < bytes.endIndex, bytes[i] == byte else { return false }
        i += 1
        return true
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        skipSpace()
        let count = word.utf8CodeUnitCount
        guard bytes.endIndex - i >= count else { return false }
        for k in 0..<count where bytes[i + k] != word.utf8Start[k] { return false }
        i += count
        return true
    }
}
