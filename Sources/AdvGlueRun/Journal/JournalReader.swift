import AdvGlueAttacks
import AdvGlueResults
import AdvGlueSupport
import Foundation

/// What a journal holds: its header and the finished examples by index.
public struct JournalContents: Sendable {
    public var url: URL
    public var header: JournalHeader
    /// Finished examples by their index in the run's selected examples.
    public var results: [Int: AttackResult]
    /// Byte length of the header and the complete example lines; a resumed run cuts the
    /// file back to this before appending.
    public var validLength: Int
    /// Bytes of a last line cut short (a run killed mid-write, or a crash before the
    /// disk caught up); 0 when the journal ends cleanly. The example on it counts as
    /// not finished.
    public var tornBytes: Int

    /// Checks the journal against the examples the current run selected: every index in
    /// range and naming the same example id.
    ///
    /// Complexity: O(finished examples).
    public func validate(exampleIDs: [String]) throws(AdvGlueError) {
        for index in results.keys.sorted() {
            guard exampleIDs.indices.contains(index) else {
                throw AdvGlueError(
                    .usage, "example index \(index) is beyond the \(exampleIDs.count) examples selected now",
                    hint: "resume with the same --data and --num-examples", at: .file(url.path))
            }
            let id = results[index]!.exampleID
            guard id == exampleIDs[index] else {
                throw AdvGlueError(
                    .usage, "example \(index) is '\(id)' in the journal but '\(exampleIDs[index])' in the data",
                    hint: "resume with the data the journal was written from", at: .file(url.path))
            }
        }
    }
}

/// Reads journals written by ``JournalWriter``.
///
/// ```swift
/// let journal = try JournalReader.read(URL(filePath: "Reports/sst2-typo/journal.jsonl"))
/// journal.results[17]?.outcome // .successful
/// ```
public enum JournalReader {
    /// Reads a whole journal. A damaged last line is dropped (see
    /// ``JournalContents/tornBytes``); a damaged line before it is an error naming it.
    ///
    /// Complexity: O(file size).
    public static func read(_ url: URL) throws(AdvGlueError) -> JournalContents {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw AdvGlueError(
                .notFound, "cannot read the journal (\(error.localizedDescription))",
                hint: "pass the journal.jsonl a run wrote beside its report", at: .file(url.path))
        }
        let bytes = [UInt8](data)
        var lines: [Range<Int>] = []
        var start = 0
        for (offset, byte) in bytes.enumerated() where byte == 0x0A {
            lines.append(start..<offset)
            start = offset + 1
        }
        var validLength = start
        var tornBytes = bytes.count - start
        let decoder = JSONDecoder()
        guard let first = lines.first,
            let header = try? decoder.decode(JournalHeader.self, from: Data(bytes[first])),
            header.journal == JournalHeader.formatName
        else {
            throw AdvGlueError(
                .badData, "not an advglue attack journal (no header line)",
                hint: "pass the journal.jsonl a run wrote beside its report", at: .file(url.path, line: 1))
        }
        guard header.version == JournalHeader.currentVersion else {
            throw AdvGlueError(
                .badData,
                "journal version \(header.version); this advglue reads version \(JournalHeader.currentVersion)",
                hint: "resume with the advglue that wrote it", at: .file(url.path, line: 1))
        }
        var results: [Int: AttackResult] = [:]
        var lineOf: [Int: Int] = [:]
        for (number, range) in lines.enumerated().dropFirst() {
            guard let entry = Self.entry(bytes[range]) else {
                // A last line that ends in a newline but does not parse is what a crash
                // leaves when the file grew before its data reached the disk.
                if number == lines.count - 1 {
                    validLength = range.lowerBound
                    tornBytes = bytes.count - range.lowerBound
                    break
                }
                throw AdvGlueError(
                    .badData, "damaged journal line",
                    hint: "only the last line of a journal may be damaged; delete this line to resume without it",
                    at: .file(url.path, line: number + 1))
            }
            if let previous = lineOf[entry.index] {
                throw AdvGlueError(
                    .badData, "example index \(entry.index) is journaled twice (lines \(previous) and \(number + 1))",
                    at: .file(url.path, line: number + 1))
            }
            lineOf[entry.index] = number + 1
            results[entry.index] = entry.result
        }
        return JournalContents(
            url: url, header: header, results: results, validLength: validLength, tornBytes: tornBytes)
    }

    /// An example line's index and result; nil when the line does not decode.
    static func entry(_ line: ArraySlice<UInt8>) -> (index: Int, result: AttackResult)? {
        try? ResultCodec.journalEntry(line)
    }
}
