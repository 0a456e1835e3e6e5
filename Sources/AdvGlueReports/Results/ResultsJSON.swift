import AdvGlueAttacks
import AdvGlueText
import Foundation

/// Writes the per-example part of `results.json` straight to bytes, exactly as
/// `JSONEncoder` with `.sortedKeys`, `.prettyPrinted` and `.withoutEscapingSlashes` writes
/// it (``JSONFiles/encode(_:)``), at a fraction of the cost: encoding the results through
/// `Codable` took longer than attacking them.
///
/// The rest of the file (run, summary, tool) is small and still goes through
/// `JSONEncoder`; ``ResultsFile/encoded()`` splices the two. Tests compare both ways on
/// real runs and on hostile text.
///
/// Rules copied from `JSONEncoder`: keys in byte order; `"key" : value`; two spaces per
/// level; an empty array or object as `[`, an empty line, and `]` at the closing indent;
/// `nil` optionals left out; strings with `"`, `\`, `\b`, `\f`, `\n`, `\r`, `\t` escaped
/// and other controls below U+0020 as `\u00XX` (lower-case hex), everything else (the
/// slash included) as is; a floating-point number as Swift prints it, without a
/// trailing `.0`.
public enum ResultsJSON {
    /// A JSON value in the shape the writer needs; objects keep their keys' order.
    indirect enum Value {
        case object([(String, Value)])
        case array([Value])
        case string(String)
        case number(String)
        case bool(Bool)
    }

    /// `results` as the array `JSONEncoder` writes at nesting `depth`.
    static func array(_ results: [AttackResult], depth: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(results.count * 1500)
        write(.array(results.map(value)), depth: depth, into: &out)
        return out
    }

    /// One journal line, `{"index":N,"result":{...}}` and a newline, exactly as
    /// `JSONEncoder` with `.sortedKeys` and `.withoutEscapingSlashes` (not pretty) writes it.
    public static func journalLine(index: Int, result: AttackResult) -> Data {
        var out: [UInt8] = []
        out.reserveCapacity(1200)
        writeCompact(.object([("index", int(index)), ("result", value(result))]), into: &out)
        out.append(0x0A)
        return Data(out)
    }

    static func value(_ result: AttackResult) -> Value {
        var fields: [(String, Value)] = [("budgetExhausted", .bool(result.budgetExhausted))]
        if let message = result.errorMessage { fields.append(("errorMessage", .string(message))) }
        fields.append(("exampleID", .string(result.exampleID)))
        fields.append(("groundTruth", int(result.groundTruth)))
        fields.append(("modifications", .array(result.modifications.map(value))))
        fields.append(("original", value(result.original)))
        if let prediction = result.originalPrediction { fields.append(("originalPrediction", int(prediction))) }
        if let probabilities = result.originalProbabilities { fields.append(("originalProbabilities", floats(probabilities))) }
        fields.append(("outcome", .string(result.outcome.rawValue)))
        if let perturbed = result.perturbed { fields.append(("perturbed", value(perturbed))) }
        if let prediction = result.perturbedPrediction { fields.append(("perturbedPrediction", int(prediction))) }
        if let probabilities = result.perturbedProbabilities { fields.append(("perturbedProbabilities", floats(probabilities))) }
        fields.append(("queries", int(result.queries)))
        if let validity = result.validity {
            var scores: [(String, Value)] = []
            if let f1 = validity.bertScoreF1 { scores.append(("bertScoreF1", double(f1))) }
            if let similarity = validity.similarity { scores.append(("similarity", double(similarity))) }
            fields.append(("validity", .object(scores)))
        }
        fields.append(("wordCount", int(result.wordCount)))
        return .object(fields)
    }

    static func value(_ modification: Modification) -> Value {
        .object([
            ("original", .string(modification.original)),
            ("position", .object([("field", int(modification.position.field)), ("word", int(modification.position.word))])),
            ("replacement", .string(modification.replacement)),
            ("span", int(modification.span)),
            ("transformation", .string(modification.transformation)),
        ])
    }

    static func value(_ input: TextInput) -> Value {
        .object([("fields", .array(input.fields.map { .object([("name", .string($0.name)), ("text", .string($0.text))]) }))])
    }

    static func int(_ value: Int) -> Value { .number(String(value)) }

    static func floats(_ values: [Float]) -> Value {
        .array(values.map { .number(number($0.description)) })
    }

    static func double(_ value: Double) -> Value { .number(number(value.description)) }

    /// `JSONEncoder` writes a whole number without Swift's `.0`.
    private static func number(_ description: String) -> String {
        description.hasSuffix(".0") ? String(description.dropLast(2)) : description
    }

    static func write(_ value: Value, depth: Int, into out: inout [UInt8]) {
        switch value {
        case .string(let text): string(text, into: &out)
        case .number(let text): out.append(contentsOf: text.utf8)
        case .bool(let flag): out.append(contentsOf: (flag ? "true" : "false").utf8)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            out.append(0x0A)
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(contentsOf: ",\n".utf8) }
                indent(depth + 1, into: &out)
                write(item, depth: depth + 1, into: &out)
            }
            out.append(0x0A)
            indent(depth, into: &out)
            out.append(UInt8(ascii: "]"))
        case .object(let entries):
            out.append(UInt8(ascii: "{"))
            out.append(0x0A)
            for (i, (key, item)) in entries.enumerated() {
                if i > 0 { out.append(contentsOf: ",\n".utf8) }
                indent(depth + 1, into: &out)
                string(key, into: &out)
                out.append(contentsOf: " : ".utf8)
                write(item, depth: depth + 1, into: &out)
            }
            out.append(0x0A)
            indent(depth, into: &out)
            out.append(UInt8(ascii: "}"))
        }
    }

    static func writeCompact(_ value: Value, into out: inout [UInt8]) {
        switch value {
        case .string, .number, .bool: write(value, depth: 0, into: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                writeCompact(item, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let entries):
            out.append(UInt8(ascii: "{"))
            for (i, (key, item)) in entries.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                string(key, into: &out)
                out.append(UInt8(ascii: ":"))
                writeCompact(item, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func indent(_ depth: Int, into out: inout [UInt8]) {
        for _ in 0..<(2 * depth) { out.append(0x20) }
    }

    private static let hex = Array("0123456789abcdef".utf8)

    static func string(_ text: String, into out: inout [UInt8]) {
        out.append(0x22)
        for byte in text.utf8 {
            switch byte {
            case 0x22: out.append(contentsOf: [0x5C, 0x22])
            case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
            case 0x08: out.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case 0x0C: out.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0..<0x20: out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
            default: out.append(byte)
            }
        }
        out.append(0x22)
    }
}

extension ResultsFile {
    /// The file's bytes: ``JSONFiles/encode(_:)`` of everything but the results, with the
    /// results written by ``ResultsJSON`` in their place (the same bytes, much sooner).
    public func encoded() throws -> Data {
        var shell = self
        shell.results = []
        var data = try JSONFiles.encode(shell)
        let marker = Data("\n  \"results\" : [\n\n  ]".utf8)
        guard let range = data.range(of: marker) else { return try JSONFiles.encode(self) }
        var replacement = Data("\n  \"results\" : ".utf8)
        replacement.append(contentsOf: ResultsJSON.array(results, depth: 1))
        data.replaceSubrange(range, with: replacement)
        return data
    }
}
