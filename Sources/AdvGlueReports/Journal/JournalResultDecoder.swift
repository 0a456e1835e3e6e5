import AdvGlueAttacks
import AdvGlueText
import Foundation

/// Decodes the result object of a journal line, the compact JSON that
/// ``ResultsJSON/journalLine(index:result:)`` writes, without `Codable`.
///
/// Rendering a merged or finished run decodes every journal line, and Foundation's
/// `JSONDecoder` spent longer on that than writing all the outputs. This reader takes
/// the shapes the writer produces (any key order, unknown keys skipped, `null` for an
/// absent optional) and gives up on anything else; ``decode(_:)`` then asks
/// `JSONDecoder`, so a hand-edited or foreign line decodes, or fails, exactly as before.
/// The tests compare both decoders on real runs and hostile text.
///
/// ```swift
/// let result = try JournalResultDecoder.decode(resultBytes)
/// ```
/// Complexity: O(n) in the length of the line.
public enum JournalResultDecoder {
    /// The result, by the fast reader or else by `JSONDecoder`.
    public static func decode(_ bytes: ArraySlice<UInt8>, fallback: JSONDecoder = JSONDecoder()) throws -> AttackResult {
        if let result = fast(bytes) { return result }
        return try fallback.decode(AttackResult.self, from: Data(bytes))
    }

    /// The result, or nil where the bytes are not in the writer's shape.
    public static func fast(_ bytes: ArraySlice<UInt8>) -> AttackResult? {
        bytes.withContiguousStorageIfAvailable { buffer -> AttackResult? in
            var reader = JSONByteReader(buffer)
            guard let result = reader.result(), reader.atEnd else { return nil }
            return result
        } ?? nil
    }
}

/// A forward-only reader over JSON bytes; every method returns nil (or false) on
/// anything it does not expect, leaving the caller to fall back.
struct JSONByteReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var i = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    var atEnd: Bool {
        mutating get {
            skipSpace()
            return i == bytes.count
        }
    }

    // MARK: The result's shape

    mutating func result() -> AttackResult? {
        var exampleID: String?, groundTruth: Int?, outcome: AttackOutcome?, original: TextInput?, wordCount: Int?
        var queries: Int?, budgetExhausted: Bool?, modifications: [Modification]?
        var perturbed: TextInput?, originalPrediction: Int?, perturbedPrediction: Int?
        var originalProbabilities: [Float]?, perturbedProbabilities: [Float]?, errorMessage: String?, validity: ValidityScores?
        var seen = Set<String>()
        let ok = object { reader, key in
            guard seen.insert(key).inserted else { return false }
            switch key {
            case "exampleID": exampleID = reader.string()
            case "groundTruth": groundTruth = reader.int()
            case "outcome": outcome = reader.string().flatMap(AttackOutcome.init(rawValue:))
            case "original": original = reader.textInput()
            case "wordCount": wordCount = reader.int()
            case "queries": queries = reader.int()
            case "budgetExhausted": budgetExhausted = reader.bool()
            case "modifications": modifications = reader.array { $0.modification() }
            case "perturbed": return reader.optional { $0.textInput() }.map { perturbed = $0; return true } ?? false
            case "originalPrediction": return reader.optional { $0.int() }.map { originalPrediction = $0; return true } ?? false
            case "perturbedPrediction": return reader.optional { $0.int() }.map { perturbedPrediction = $0; return true } ?? false
            case "originalProbabilities":
                return reader.optional { $0.array { $0.float() } }.map { originalProbabilities = $0; return true } ?? false
            case "perturbedProbabilities":
                return reader.optional { $0.array { $0.float() } }.map { perturbedProbabilities = $0; return true } ?? false
            case "errorMessage": return reader.optional { $0.string() }.map { errorMessage = $0; return true } ?? false
            case "validity": return reader.optional { $0.validity() }.map { validity = $0; return true } ?? false
            default: return reader.skipValue()
            }
            return true
        }
        guard ok, let exampleID, let groundTruth, let outcome, let original, let wordCount, let queries, let budgetExhausted,
              let modifications else { return nil }
        return AttackResult(exampleID: exampleID, groundTruth: groundTruth, outcome: outcome, original: original, perturbed: perturbed,
                            originalPrediction: originalPrediction, perturbedPrediction: perturbedPrediction,
                            originalProbabilities: originalProbabilities, perturbedProbabilities: perturbedProbabilities,
                            modifications: modifications, wordCount: wordCount, queries: queries, budgetExhausted: budgetExhausted,
                            errorMessage: errorMessage, validity: validity)
    }

    mutating func textInput() -> TextInput? {
        var fields: [TextField]?
        let ok = object { reader, key in
            guard key == "fields", fields == nil else { return key != "fields" && reader.skipValue() }
            fields = reader.array { reader in
                var name: String?, text: String?
                let ok = reader.object { reader, key in
                    switch key {
                    case "name" where name == nil: name = reader.string()
                    case "text" where text == nil: text = reader.string()
                    case "name", "text": return false
                    default: return reader.skipValue()
                    }
                    return true
                }
                guard ok, let name, let text else { return nil }
                return TextField(name: name, text: text)
            }
            return fields != nil
        }
        guard ok, let fields else { return nil }
        return TextInput(fields: fields)
    }

    mutating func modification() -> Modification? {
        var original: String?, replacement: String?, transformation: String?, span: Int?, field: Int?, word: Int?
        var seen = Set<String>()
        let ok = object { reader, key in
            guard seen.insert(key).inserted else { return false }
            switch key {
            case "original": original = reader.string()
            case "replacement": replacement = reader.string()
            case "transformation": transformation = reader.string()
            case "span": span = reader.int()
            case "position":
                return reader.object { reader, key in
                    switch key {
                    case "field" where field == nil: field = reader.int()
                    case "word" where word == nil: word = reader.int()
                    case "field", "word": return false
                    default: return reader.skipValue()
                    }
                    return true
                }
            default: return reader.skipValue()
            }
            return true
        }
        // `Modification.init` preconditions a span of at least one; JSONDecoder does not
        // check, so leave other spans to it.
        guard ok, let original, let replacement, let transformation, let span, span >= 1, let field, let word else { return nil }
        return Modification(position: WordPosition(field: field, word: word), span: span, original: original,
                            replacement: replacement, transformation: transformation)
    }

    mutating func validity() -> ValidityScores? {
        var scores = ValidityScores()
        var seen = Set<String>()
        let ok = object { reader, key in
            guard seen.insert(key).inserted else { return false }
            switch key {
            case "similarity": return reader.optional { $0.double() }.map { scores.similarity = $0; return true } ?? false
            case "bertScoreF1": return reader.optional { $0.double() }.map { scores.bertScoreF1 = $0; return true } ?? false
            default: return reader.skipValue()
            }
        }
        return ok ? scores : nil
    }

    // MARK: JSON values

    private mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    private mutating func take(_ byte: UInt8) -> Bool {
        skipSpace()
        guard i < bytes.count, bytes[i] == byte else { return false }
        i += 1
        return true
    }

    /// Reads `{ "key": value, ... }`, calling `member` with the reader placed at each
    /// value; `member` reads the value and says whether it could.
    mutating func object(_ member: (inout JSONByteReader, String) -> Bool) -> Bool {
        guard take(UInt8(ascii: "{")) else { return false }
        if take(UInt8(ascii: "}")) { return true }
        repeat {
            guard let key = string(), take(UInt8(ascii: ":")), member(&self, key) else { return false }
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "}"))
    }

    /// Reads `[ element, ... ]`; nil if any element is nil.
    mutating func array<T>(_ element: (inout JSONByteReader) -> T?) -> [T]? {
        guard take(UInt8(ascii: "[")) else { return nil }
        var items: [T] = []
        if take(UInt8(ascii: "]")) { return items }
        repeat {
            guard let item = element(&self) else { return nil }
            items.append(item)
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "]")) ? items : nil
    }

    /// `.some(nil)` for `null`, `.some(value)` for a value, nil when neither reads.
    mutating func optional<T>(_ value: (inout JSONByteReader) -> T?) -> T?? {
        if literal("null") { return .some(nil) }
        return value(&self).map { .some($0) }
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        skipSpace()
        let count = word.utf8CodeUnitCount
        guard i + count <= bytes.count else { return false }
        for k in 0..<count where bytes[i + k] != word.utf8Start[k] { return false }
        i += count
        return true
    }

    mutating func bool() -> Bool? {
        if literal("true") { return true }
        if literal("false") { return false }
        return nil
    }

    /// An integer written as plain digits, as the writer writes one.
    mutating func int() -> Int? {
        skipSpace()
        let start = i
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") { i += 1 }
        let digits = i
        var magnitude = 0
        while i < bytes.count, (0x30...0x39).contains(bytes[i]), i - digits < 18 {
            magnitude = magnitude * 10 + Int(bytes[i] - 0x30)
            i += 1
        }
        // JSON allows no leading zeros; "01" and "1.5" go to JSONDecoder.
        guard i > digits, i - digits == 1 || bytes[digits] != 0x30,
              i == bytes.count || !Self.continuesNumber(bytes[i]) else { return nil }
        return bytes[start] == UInt8(ascii: "-") ? -magnitude : magnitude
    }

    mutating func float() -> Float? { numberText().flatMap { Float($0) }.flatMap { $0.isFinite ? $0 : nil } }

    mutating func double() -> Double? { numberText().flatMap { Double($0) }.flatMap { $0.isFinite ? $0 : nil } }

    /// The text of a JSON number (sign, digits, fraction, exponent).
    private mutating func numberText() -> String? {
        skipSpace()
        let start = i
        while i < bytes.count, Self.continuesNumber(bytes[i]) { i += 1 }
        guard i > start else { return nil }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
    }

    private static func continuesNumber(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".")
            || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
    }

    /// A string; escapes decoded, including surrogate pairs. Lone surrogates, raw
    /// control characters and invalid UTF-8 give nil (JSONDecoder's business).
    mutating func string() -> String? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = i
        // The common case: no escapes, so the bytes are the string.
        while i < bytes.count, bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "\\"), bytes[i] >= 0x20 { i += 1 }
        guard i < bytes.count else { return nil }
        if bytes[i] == UInt8(ascii: "\"") {
            defer { i += 1 }
            return String(validating: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
        }
        var out = Array(bytes[start..<i])
        while i < bytes.count {
            let byte = bytes[i]
            i += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(validating: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard i < bytes.count else { return nil }
                let escape = bytes[i]
                i += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    guard let unit = hex4() else { return nil }
                    var scalar: Unicode.Scalar?
                    if (0xD800..<0xDC00).contains(unit) {
                        guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else { return nil }
                        i += 2
                        guard let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
                        scalar = Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
                    } else {
                        scalar = Unicode.Scalar(unit)
                    }
                    guard let scalar else { return nil }
                    out.append(contentsOf: UTF8.encode(scalar)!)
                default: return nil
                }
            case 0..<0x20: return nil
            default: out.append(byte)
            }
        }
        return nil
    }

    private mutating func hex4() -> UInt32? {
        guard i + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[i]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: return nil
            }
            value = value << 4 | digit
            i += 1
        }
        return value
    }

    /// Skips one value of any kind.
    mutating func skipValue() -> Bool {
        skipSpace()
        guard i < bytes.count else { return false }
        switch bytes[i] {
        case UInt8(ascii: "\""): return string() != nil
        case UInt8(ascii: "{"): return object { reader, _ in reader.skipValue() }
        case UInt8(ascii: "["): return array { reader in reader.skipValue() ? true : nil } != nil
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return bool() != nil
        case UInt8(ascii: "n"): return literal("null")
        default: return numberText() != nil
        }
    }
}
