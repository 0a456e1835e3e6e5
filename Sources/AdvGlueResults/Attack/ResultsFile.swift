import AdvGlueSupport
import Foundation

/// The JSON results of an attack run; the schema is documented in `docs/results-schema.md`.
///
/// It holds nothing that varies between two runs with the same inputs and seed (no
/// dates, durations, output paths or job counts), so such runs write identical bytes.
///
/// The per-example records are written and read by ``ResultCodec``; the rest of the
/// file (run, summary, tool) by `Codable`, through ``JSONFiles``.
public struct ResultsFile: Sendable, Hashable {
    public static let schemaName = "advglue.attack-results"
    public static let currentSchemaVersion = 1
    public static let fileName = "results.json"

    public var schema: String = schemaName
    public var schemaVersion: Int = currentSchemaVersion
    public var tool: ToolInfo
    /// False when the run was interrupted; `results` then holds the first examples only.
    public var complete: Bool
    public var run: RunInfo
    public var summary: AttackSummary
    public var results: [AttackResult]

    public init(tool: ToolInfo, complete: Bool, run: RunInfo, results: [AttackResult]) {
        self.tool = tool
        self.complete = complete
        self.run = run
        self.summary = AttackSummary(results, noAnswerColumn: run.noAnswerColumn)
        self.results = results
    }

    /// Everything but the results, in `Codable`'s hands; `results` is always empty, and
    /// ``Parts`` splices the results in its place.
    struct Shell: Encodable {
        var schema: String
        var schemaVersion: Int
        var tool: ToolInfo
        var complete: Bool
        var run: RunInfo
        var summary: AttackSummary
        var results: [Int] = []
    }

    /// What ``decode(_:)`` reads with `Codable`; the results are left to ``ResultCodec``.
    struct Header: Decodable {
        var schema: String
        var schemaVersion: Int
        var tool: ToolInfo
        var complete: Bool
        var run: RunInfo
        var summary: AttackSummary
    }

    /// The file's bytes.
    public func encoded() throws -> Data {
        let parts = try Parts(header: tool, complete: complete, run: run, summary: summary)
        var bytes = parts.head
        for (index, result) in results.enumerated() { bytes += Parts.element(result, first: index == 0) }
        bytes += results.isEmpty ? Parts.emptyResults : Parts.closeResults
        bytes += parts.tail
        return Data(bytes)
    }

    /// Reads a file, checking its schema and version.
    public static func decode(_ data: Data) throws -> ResultsFile {
        let shell = try JSONFiles.decode(Header.self, from: data)
        try JSONFiles.check(
            schema: shell.schema, version: shell.schemaVersion, expected: schemaName, supported: currentSchemaVersion)
        var results: [AttackResult]?
        let bytes = [UInt8](data)
        var reader = JSONReader(bytes[...])
        try reader.object { reader, key throws(AdvGlueError) in
            guard key == "results" else { return try reader.skipValue() }
            results = try reader.array { reader throws(AdvGlueError) in try ResultCodec.read(&reader) }
        }
        guard let results else {
            throw AdvGlueError(.badData, "the file has no 'results' array", hint: "is it an advglue results.json?")
        }
        var file = ResultsFile(tool: shell.tool, complete: shell.complete, run: shell.run, results: [])
        file.schema = shell.schema
        file.schemaVersion = shell.schemaVersion
        file.summary = shell.summary
        file.results = results
        return file
    }

    /// The file in pieces, for writing it one result at a time: the bytes up to the
    /// results array, each result as an element, and the bytes after the array.
    ///
    /// ```swift
    /// let parts = try ResultsFile.Parts(header: tool, complete: true, run: info, summary: summary)
    /// out.write(parts.head); for r in results { out.write(Parts.element(r, first: ...)) }
    /// out.write(results.isEmpty ? Parts.emptyResults : Parts.closeResults); out.write(parts.tail)
    /// ```
    public struct Parts {
        /// Up to and including `"results" : `.
        public var head: [UInt8]
        /// After the results array: the summary, the tool and the closing brace.
        public var tail: [UInt8]

        public init(header tool: ToolInfo, complete: Bool, run: RunInfo, summary: AttackSummary) throws {
            let shell = Shell(
                schema: ResultsFile.schemaName, schemaVersion: ResultsFile.currentSchemaVersion, tool: tool,
                complete: complete, run: run, summary: summary)
            let bytes = [UInt8](try JSONFiles.encode(shell))
            // A raw newline cannot occur inside a JSON string, so this is the top-level key.
            let marker = Array("\n  \"results\" : ".utf8) + Self.emptyResults
            guard
                let start = (0...(bytes.count - marker.count)).first(where: {
                    bytes[$0..<($0 + marker.count)].elementsEqual(marker)
                })
            else {
                preconditionFailure("an encoded results file has a results key")
            }
            let split = start + marker.count - Self.emptyResults.count
            head = Array(bytes[..<split])
            tail = Array(bytes[(split + Self.emptyResults.count)...])
        }

        /// One result as an element of the results array: `[` or `,`, then the object.
        public static func element(_ result: AttackResult, first: Bool) -> [UInt8] {
            var json = JSONWriter(style: .pretty(depth: 2), capacity: 2048)
            ResultCodec.write(result, to: &json)
            return Array((first ? "[\n    " : ",\n    ").utf8) + json.bytes
        }

        /// Closes a results array that has elements.
        public static let closeResults = Array("\n  ]".utf8)
        /// How `JSONEncoder` writes an empty `results` array.
        public static let emptyResults = Array("[\n\n  ]".utf8)
    }
}
