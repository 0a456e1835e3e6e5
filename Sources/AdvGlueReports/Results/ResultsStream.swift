import AdvGlueAttacks
import Dispatch
import Foundation

/// Writes the per-example outputs of one recipe's run (`results.json`, `results.csv`,
/// the JUnit test cases and, for a merge, the combined journal) by reading the
/// journal lines back in data order, one at a time, and returns the digest the report
/// is drawn from. A run's memory therefore does not grow with its examples.
///
/// `results.json` comes out byte for byte as ``ResultsFile/encoded()`` writes it: each
/// result is its journal line's JSON, re-indented (``PrettyJSON``); the tests compare
/// the two on real runs and hostile text.
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
    public func write(_ locations: JournalLocations, examples: Int, into folder: URL, junitCases: URL?,
                      journal: StreamedFile? = nil) throws -> AttackDigest {
        let reader = JournalLineReader(files: locations.files)
        let json = try StreamedFile(folder.appending(path: "results.json"))
        let csv = try StreamedFile(folder.appending(path: "results.csv"))
        let cases = try junitCases.map { url throws(OutputWriteError) in try StreamedFile(url) }
        var builder = AttackDigest.Builder(tool: tool, complete: complete, run: run)
        var shell = ResultsFile(tool: tool, complete: complete, run: run, results: [])
        let (head, _) = try Self.split(shell)
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
        shell.summary = digest.summary
        let (emptyHead, tail) = try Self.split(shell)
        if examples == 0 {
            try json.write(Self.emptyResults)
        } else {
            try json.write(Array("\n  ]".utf8))
        }
        precondition(emptyHead == head, "the part before the results does not depend on the summary")
        try json.write(tail)
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
                let decoder = JSONDecoder()
                for offset in stride(from: worker, to: lines.count, by: workers) {
                    let raw = lines[offset][...]
                    guard let object = JournalFrame.result(raw),
                          let result = try? JournalResultDecoder.decode(object, fallback: decoder) else { continue }
                    var element = Array((first + offset == 0 ? "[\n    " : ",\n    ").utf8)
                    PrettyJSON.append(object, depth: 2, to: &element)
                    let marked = AttackCSV.markedTexts(result)
                    slots[offset] = Rendered(result: result, json: element, csv: AttackCSV.line(result, marked: marked),
                                             junit: junit ? JUnitXML.element(AttackJUnit.testCase(result, run: run, marked: marked)) : nil)
                }
            }
        }
        return out
    }

    /// How `JSONEncoder` writes an empty `results` array.
    private static let emptyResults = Array("[\n\n  ]".utf8)

    /// The encoded file without results, split around its empty `results` array: the
    /// bytes up to `"results" : ` and those after the array.
    static func split(_ shell: ResultsFile) throws -> (head: [UInt8], tail: [UInt8]) {
        let bytes = [UInt8](try JSONFiles.encode(shell))
        let marker = Array("\"results\" : ".utf8) + emptyResults
        guard let start = (0...(bytes.count - marker.count)).first(where: { bytes[$0..<($0 + marker.count)].elementsEqual(marker) }) else {
            preconditionFailure("an encoded results file has a results key")
        }
        let split = start + marker.count - emptyResults.count
        return (Array(bytes[..<split]), Array(bytes[(split + emptyResults.count)...]))
    }
}
