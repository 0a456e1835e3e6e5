import AdvGlueAttacks
@testable import AdvGlueCLI
import AdvGlueReports
import Foundation
import Testing

/// The outputs a run streams from its journal are those the whole results file gives.
@Suite("Outputs streamed from the journal")
struct StreamedOutputTests {
    static func files() throws -> [(String, ResultsFile)] {
        var validity = try Hostile.results()
        validity.results[0].validity = ValidityScores(similarity: 0.123456789012345, bertScoreF1: 1.0 / 3.0)
        validity.results[1].validity = ValidityScores(similarity: 1, bertScoreF1: nil)
        validity.results[4].originalProbabilities = [Float.leastNonzeroMagnitude, 1, .greatestFiniteMagnitude]
        validity.results[5].queries = 123_456
        validity = ResultsFile(tool: validity.tool, complete: true, run: validity.run, results: validity.results)
        var empty = try AttackReportTests.results()
        empty = ResultsFile(tool: empty.tool, complete: false, run: empty.run, results: [])
        return [("hostile", try Hostile.results()), ("golden", try AttackReportTests.results()),
                ("interrupted", try AttackReportTests.results(complete: false)), ("validity", validity), ("empty", empty)]
    }

    /// Journals `file`'s results in a scrambled order, streams them back, and compares
    /// every output with what the whole file renders.
    @Test(arguments: try files().map(\.0))
    func streamedOutputsEqualTheWholeFilesRendering(_ name: String) throws {
        let file = try #require(try Self.files().first { $0.0 == name }?.1)
        let folder = FileManager.default.temporaryDirectory.appending(path: "advglue-stream-\(UUID().uuidString)")
        let journal = folder.appending(path: "journal.jsonl")
        let writer = try JournalWriter.create(at: journal, header: JournalHeader(tool: file.tool, run: file.run), durability: .writeOnly)
        for index in file.results.indices.sorted(by: { ($0 * 7) % 5 < ($1 * 7) % 5 || (($0 * 7) % 5 == ($1 * 7) % 5 && $0 > $1) }) {
            try writer.append(JournalEntry(index: index, result: file.results[index]))
        }
        try writer.close()
        let scan = try JournalReader.scan(journal)
        var locations = JournalLocations(count: file.run.examplesSelected, files: [journal])
        for entry in scan.entries { locations.set(entry.index, file: 0, line: entry.line) }
        let out = folder.appending(path: "out")
        let (digest, cases) = try StreamedRun.stream(locations, examples: file.results.count,
                                                     stream: ResultsStream(tool: file.tool, complete: file.complete, run: file.run),
                                                     into: out, scratch: folder.appending(path: "scratch"), name: "x")
        #expect(digest == AttackDigest(file))
        #expect(try Data(contentsOf: out.appending(path: "results.json")) == (try file.encoded()))
        #expect(try String(contentsOf: out.appending(path: "results.csv"), encoding: .utf8) == AttackCSV.render(file))
        let run = StreamedRun(folder: "x", digest: digest, context: Hostile.context, probe: nil, junitCases: cases)
        try run.writeReport(into: out, junit: true)
        let bundle = try AttackBundle(results: file, context: Hostile.context, probe: nil).files(OutputFormat.all)
        for (name, data) in bundle.files {
            #expect(try Data(contentsOf: out.appending(path: name)) == data, "\(name) differs")
        }
        // Every file is in place and no partial file is left behind.
        let written = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(written == bundle.files.map(\.name).sorted())
    }

    @Test func prettyJSONMatchesJSONEncoder() throws {
        let compact = JSONEncoder(), pretty = JSONEncoder()
        compact.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        pretty.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        for result in try Hostile.results().results + AttackReportTests.results().results {
            var out: [UInt8] = []
            PrettyJSON.append(try [UInt8](compact.encode(result))[...], depth: 0, to: &out)
            #expect(out == [UInt8](try pretty.encode(result)))
        }
        var nested: [UInt8] = []
        PrettyJSON.append(Array(#"{"a":[],"b":{},"c":[[],{"d":"x,:{}[]\"\\"}],"e":1e-08}"#.utf8)[...], depth: 1, to: &nested)
        #expect(String(decoding: nested, as: UTF8.self) == "{\n    \"a\" : [\n\n    ],\n    \"b\" : {\n\n    },\n    \"c\" : [\n      [\n\n      ],\n      {\n        \"d\" : \"x,:{}[]\\\"\\\\\"\n      }\n    ],\n    \"e\" : 1e-08\n  }")
    }
}
