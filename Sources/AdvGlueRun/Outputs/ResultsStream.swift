import AdvGlueAttacks
import AdvGlueReports
import AdvGlueResults
import AdvGlueSupport
import Dispatch
import Foundation

/// Writes the per-example outputs of one recipe's run (`results.json`, `results.csv`,
/// the JUnit test cases and, for a merge, the combined journal) by reading the
/// journal lines back in data order, one at a time, and returns the digest the report
/// is drawn from. A run's memory therefore does not grow with its examples.
///
/// `results.json` comes out byte for byte as ``ResultsFile/encoded()`` writes it: each
/// journal line is decoded and written again by ``ResultCodec``, the one codec of a
/// result; the tests compare the two on real runs and hostile text.
///
/// ```swift
/// let digest = try ResultsStream(tool: tool, complete: true, run: info)
///     .write(locations, examples: count, into: folder, junitCases: casesURL)
/// ```
public struct ResultsStream {
    public var tool: ToolInfo
    public var complete: Bool
    public var run: RunInfo

    public init(tool: ToolInfo, complete: Bool, run: RunInfo) {
        self.tool = tool
        self.complete = complete
        self.run = run
    }

    /// Writes the outputs for the first `examples` indices of `locations` (all of them
    /// must be finished): `results.json` and `results.csv` into `folder`, the JUnit
    /// `<testcase>` elements into `junitCases` (for ``JUnitXML`` to wrap once the
    /// counts are known), and each line as it is into `journal` when given.
    ///
    /// Examples go through in chunks of ``chunkSize``: a chunk's lines are read in order,
    /// decoded and rendered on all cores, then written in order, so the files are the
    /// same whatever the number of cores and memory holds one chunk.
    ///
    /// Complexity: O(total size of the lines) time; memory for one chunk of lines.
    public func write(
        _ locations: JournalLocations, examples: Int, into folder: URL, junitCases: URL?,
        journal: StreamedFile? = nil
    ) throws -> AttackDigest {
        let reader = JournalLineReader(files: locations.files)
        let json = try StreamedFile(folder.appending(path: "results.json"))
        let csv = try StreamedFile(folder.appending(path: "results.csv"))
        let cases = try junitCases.map { url throws(AdvGlueError) in try StreamedFile(url) }
        var builder = AttackDigest.Builder(tool: tool, complete: complete, run: run)
        let head = try ResultsFile.Parts(header: tool, complete: complete, run: run, summary: AttackSummary([])).head
        try json.write(head)
        try csv.write(AttackCSV.header)
        var start = 0
        while start < examples {
            let chunk = start..<min(examples, start + Self.chunkSize)
            var lines: [[UInt8]] = []
            lines.reserveCapacity(chunk.count)
            for index in chunk {
                guard let place = locations[index] else { preconditionFailure("example \(index) is not journaled") }
                lines.append(Array(try reader.bytes(file: place.file, line: place.line)))
            }
            let rendered = Self.render(lines, first: chunk.lowerBound, run: run, junit: cases != nil)
            for (offset, piece) in rendered.enumerated() {
                let index = chunk.lowerBound + offset
                guard let piece else {
                    let place = locations[index]!
                    throw reader.damaged(file: place.file, line: place.line)
                }
                if let journal {
                    try journal.write(lines[offset])
                    try journal.write(CollectionOfOne(0x0A))
                }
                try json.write(piece.json)
                try csv.write(piece.csv)
                if let cases, let junit = piece.junit { try cases.write(junit) }
                builder.add(piece.result)
            }
            start = chunk.upperBound
        }
        let digest = builder.digest
        let parts = try ResultsFile.Parts(header: tool, complete: complete, run: run, summary: digest.summary)
        precondition(parts.head == head, "the part before the results does not depend on the summary")
        try json.write(examples == 0 ? ResultsFile.Parts.emptyResults : ResultsFile.Parts.closeResults)
        try json.write(parts.tail)
        try json.commit()
        try csv.commit()
        try cases?.commit()
        return digest
    }

    /// Examples rendered at once: enough to keep every core busy, small enough that a
    /// chunk's lines and outputs stay a few megabytes.
    public static let chunkSize = 256

    /// One example's outputs.
    struct Rendered: Sendable {
        var result: AttackResult
        var json: [UInt8]
        var csv: String
        var junit: String?
    }

    /// Decodes and renders `lines` (the example with index `first` and those after it)
    /// on all cores; nil where a line does not decode.
    static func render(_ lines: [[UInt8]], first: Int, run: RunInfo, junit: Bool) -> [Rendered?] {
        var out = [Rendered?](repeating: nil, count: lines.count)
        let workers = min(lines.count, max(1, ProcessInfo.processInfo.activeProcessorCount))
        out.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let slots = buffer
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                for offset in stride(from: worker, to: lines.count, by: workers) {
                    guard let result = try? ResultCodec.journalEntry(lines[offset][...]).result else { continue }
                    let marked = AttackCSV.markedTexts(result)
                    slots[offset] = Rendered(
                        result: result, json: ResultsFile.Parts.element(result, first: first + offset == 0),
                        csv: AttackCSV.line(result, marked: marked),
                        junit: junit ? JUnitXML.element(AttackJUnit.testCase(result, run: run, marked: marked)) : nil)
                }
            }
        }
        return out
    }
}
