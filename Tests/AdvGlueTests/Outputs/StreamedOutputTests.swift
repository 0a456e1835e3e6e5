import AdvGlueAttacks
import AdvGlueReports
import AdvGlueResults
import AdvGlueSupport
import Foundation
import Testing

@testable import AdvGlueCLI
@testable import AdvGlueRun

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
        return [
            ("hostile", try Hostile.results()), ("golden", try AttackReportTests.results()),
            ("interrupted", try AttackReportTests.results(complete: false)), ("validity", validity), ("empty", empty),
        ]
    }

    /// Journals `file`'s results in a scrambled order, streams them back, and compares
    /// every output with what the whole file renders.
    @Test(arguments: try files().map(\.0))
    func streamedOutputsEqualTheWholeFilesRendering(_ name: String) throws {
        let file = try #require(try Self.files().first { $0.0 == name }?.1)
        let folder = FileManager.default.temporaryDirectory.appending(path: "advglue-stream-\(UUID().uuidString)")
        let journal = folder.appending(path: "journal.jsonl")
        let writer = try JournalWriter.create(
            at: journal, header: JournalHeader(tool: file.tool, run: file.run), durability: .writeOnly)
        for index in file.results.indices.sorted(by: {
            ($0 * 7) % 5 < ($1 * 7) % 5 || (($0 * 7) % 5 == ($1 * 7) % 5 && $0 > $1)
        }) {
            try writer.append(index: index, result: file.results[index])
        }
        try writer.close()
        let scan = try JournalReader.scan(journal)
        var locations = JournalLocations(count: file.run.examplesSelected, files: [journal])
        for entry in scan.entries { locations.set(entry.index, file: 0, line: entry.line) }
        let out = folder.appending(path: "out")
        let (digest, cases) = try StreamedRun.stream(
            locations, examples: file.results.count,
            stream: ResultsStream(tool: file.tool, complete: file.complete, run: file.run),
            into: out, scratch: folder.appending(path: "scratch"))
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

    /// Streams `file`'s results from a journal written in reverse order.
    static func stream(_ file: ResultsFile, damaging damaged: Int? = nil) throws -> (out: URL, digest: AttackDigest) {
        let folder = FileManager.default.temporaryDirectory.appending(path: "advglue-stream-\(UUID().uuidString)")
        let journal = folder.appending(path: "journal.jsonl")
        let writer = try JournalWriter.create(
            at: journal, header: JournalHeader(tool: file.tool, run: file.run), durability: .writeOnly)
        for index in file.results.indices.reversed() { try writer.append(index: index, result: file.results[index]) }
        try writer.close()
        let scan = try JournalReader.scan(journal)
        var locations = JournalLocations(count: file.run.examplesSelected, files: [journal])
        for entry in scan.entries { locations.set(entry.index, file: 0, line: entry.line) }
        if let damaged, let place = locations[damaged] {
            // Same length, so the other lines stay where the scan found them.
            let handle = try FileHandle(forWritingTo: journal)
            try handle.seek(toOffset: UInt64(place.line.offset + place.line.length - 3))
            try handle.write(contentsOf: Data("!".utf8))
            try handle.close()
        }
        let out = folder.appending(path: "out")
        let (digest, _) = try StreamedRun.stream(
            locations, examples: file.results.count,
            stream: ResultsStream(tool: file.tool, complete: file.complete, run: file.run),
            into: out, scratch: folder.appending(path: "scratch"))
        return (out, digest)
    }

    /// More examples than one chunk renders at once, so that chunk boundaries and the
    /// parallel rendering are covered.
    static func manyResults() throws -> ResultsFile {
        let base = try AttackReportTests.results()
        let count = ResultsStream.chunkSize * 2 + 37
        var results: [AttackResult] = []
        for index in 0..<count {
            var result = base.results[index % base.results.count]
            result.exampleID = "line\(index)"
            result.queries = index
            results.append(result)
        }
        var run = base.run
        run.examplesSelected = count
        return ResultsFile(tool: base.tool, complete: true, run: run, results: results)
    }

    @Test func severalChunksStreamAsTheWholeFileRenders() throws {
        let file = try Self.manyResults()
        let (out, digest) = try Self.stream(file)
        #expect(digest == AttackDigest(file))
        #expect(try Data(contentsOf: out.appending(path: "results.json")) == (try file.encoded()))
        #expect(try String(contentsOf: out.appending(path: "results.csv"), encoding: .utf8) == AttackCSV.render(file))
    }

    @Test func aDamagedLineInALaterChunkNamesItsLine() throws {
        let file = try Self.manyResults()
        let damaged = ResultsStream.chunkSize + 5
        do {
            _ = try Self.stream(file, damaging: damaged)
            Issue.record("streamed a damaged journal")
        } catch let error as AdvGlueError {
            // Written in reverse, after the header: example i is on line count - i + 1.
            #expect(error.summary.hasSuffix("journal.jsonl:\(file.results.count - damaged + 1): damaged journal line"))
            #expect(error.hint == "delete the line and --resume to attack its example again")
            #expect(error.code == .badData)
        }
    }
}
