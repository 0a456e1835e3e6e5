import AdvGlueResults
import AdvGlueSupport
import Foundation

/// Where one line sits in a journal file: its first byte and its length without the
/// newline.
public struct JournalLine: Sendable, Hashable {
    public var offset: Int
    public var length: Int

    public init(offset: Int, length: Int) {
        self.offset = offset
        self.length = length
    }
}

/// A journal read without its results: the header, and for every finished example its
/// index, id and line. Resuming and merging read journals this way so that a run of
/// any size never holds its results in memory; ``JournalLineReader`` fetches a line
/// when it is needed.
public struct JournalScan: Sendable {
    public struct Entry: Sendable, Hashable {
        /// The example's index in the run's selected examples.
        public var index: Int
        public var exampleID: String
        public var line: JournalLine
        /// 1-based, for messages.
        public var lineNumber: Int
    }

    public var url: URL
    public var header: JournalHeader
    /// In file order.
    public var entries: [Entry]
    /// Byte length of the header and the complete example lines; a resumed run cuts the
    /// file back to this before appending.
    public var validLength: Int
    /// Bytes of a damaged last line (see ``JournalContents/tornBytes``).
    public var tornBytes: Int

    /// Checks the journal against the examples the current run selected: every index in
    /// range and naming the same example id.
    ///
    /// Complexity: O(finished examples).
    public func validate(exampleIDs: [String]) throws(AdvGlueError) {
        for entry in entries {
            guard exampleIDs.indices.contains(entry.index) else {
                throw AdvGlueError(
                    .usage, "example index \(entry.index) is beyond the \(exampleIDs.count) examples selected now",
                    hint: "resume with the same --data and --num-examples", at: .file(url.path, line: entry.lineNumber))
            }
            guard entry.exampleID == exampleIDs[entry.index] else {
                throw AdvGlueError(
                    .usage,
                    "example \(entry.index) is '\(entry.exampleID)' in the journal but '\(exampleIDs[entry.index])' in the data",
                    hint: "resume with the data the journal was written from",
                    at: .file(url.path, line: entry.lineNumber))
            }
        }
    }
}

extension JournalReader {
    /// Reads a journal's header and the index, id and place of each example line, in
    /// pieces of 1 MiB, without decoding the results. A damaged last line is dropped (see
    /// ``JournalScan/tornBytes``); a damaged line before it, or an index journaled twice,
    /// is an error naming the line. A line is checked for its frame
    /// (`{"index":N,"result":{...}}`) only; ``JournalLineReader`` decodes it when read.
    ///
    /// Complexity: O(file size) time, O(finished examples) memory.
    public static func scan(_ url: URL) throws(AdvGlueError) -> JournalScan {
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw AdvGlueError(
                .notFound, "cannot read the journal (no such file, or not readable)",
                hint: "pass the journal.jsonl a run wrote beside its report", at: .file(url.path))
        }
        defer { try? handle.close() }
        var state = ScanState(url: url)
        var carry: [UInt8] = []
        var carryOffset = 0
        var fileSize = 0
        while true {
            let chunk: Data
            do {
                chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            } catch {
                throw AdvGlueError(
                    .notFound, "cannot read the journal (\(error.localizedDescription))", at: .file(url.path))
            }
            if chunk.isEmpty { break }
            let base = fileSize
            fileSize += chunk.count
            let bytes = [UInt8](chunk)
            var start = 0
            while let newline = bytes[start...].firstIndex(of: 0x0A) {
                if carry.isEmpty {
                    try state.take(bytes[start..<newline], offset: base + start)
                } else {
                    carry += bytes[start..<newline]
                    try state.take(carry[...], offset: carryOffset)
                    carry.removeAll(keepingCapacity: true)
                }
                start = newline + 1
            }
            if start < bytes.count {
                if carry.isEmpty { carryOffset = base + start }
                carry += bytes[start...]
            }
        }
        return try state.finish(fileSize: fileSize, torn: carry.count)
    }

    /// What ``scan(_:)`` has read so far, line by line.
    private struct ScanState {
        let url: URL
        var header: JournalHeader?
        var entries: [JournalScan.Entry] = []
        var lineOf: [Int: Int] = [:]
        /// The last example line, counted once another line follows it or the file ends
        /// without anything damaged after it.
        var pending: JournalScan.Entry?
        var damaged: (line: Int, offset: Int)?
        var lineNumber = 0

        init(url: URL) {
            self.url = url
        }

        mutating func take(_ bytes: ArraySlice<UInt8>, offset: Int) throws(AdvGlueError) {
            lineNumber += 1
            if let damaged {
                throw AdvGlueError(
                    .badData, "damaged journal line",
                    hint: "only the last line of a journal may be damaged; delete this line to resume without it",
                    at: .file(url.path, line: damaged.line))
            }
            try commitPending()
            if lineNumber == 1 {
                guard let decoded = try? JSONDecoder().decode(JournalHeader.self, from: Data(bytes)),
                    decoded.journal == JournalHeader.formatName
                else {
                    throw AdvGlueError(
                        .badData, "not an advglue attack journal (no header line)",
                        hint: "pass the journal.jsonl a run wrote beside its report", at: .file(url.path, line: 1))
                }
                guard decoded.version == JournalHeader.currentVersion else {
                    throw AdvGlueError(
                        .badData,
                        "journal version \(decoded.version); this advglue reads version \(JournalHeader.currentVersion)",
                        hint: "use the advglue that wrote it", at: .file(url.path, line: 1))
                }
                header = decoded
            } else if let head = ResultCodec.journalHead(bytes) {
                pending = JournalScan.Entry(
                    index: head.index, exampleID: head.exampleID,
                    line: JournalLine(offset: offset, length: bytes.count), lineNumber: lineNumber)
            } else {
                // Fatal only if another line follows: a crash can leave a last line that
                // ends in a newline but holds zeros.
                damaged = (lineNumber, offset)
            }
        }

        private mutating func commitPending() throws(AdvGlueError) {
            guard let entry = pending else { return }
            if let previous = lineOf[entry.index] {
                throw AdvGlueError(
                    .badData,
                    "example index \(entry.index) is journaled twice (lines \(previous) and \(entry.lineNumber))",
                    at: .file(url.path, line: entry.lineNumber))
            }
            lineOf[entry.index] = entry.lineNumber
            entries.append(entry)
            pending = nil
        }

        mutating func finish(fileSize: Int, torn: Int) throws(AdvGlueError) -> JournalScan {
            guard let header else {
                throw AdvGlueError(
                    .badData, "not an advglue attack journal (no header line)",
                    hint: "pass the journal.jsonl a run wrote beside its report", at: .file(url.path, line: 1))
            }
            try commitPending()
            let validLength = damaged?.offset ?? fileSize - torn
            return JournalScan(
                url: url, header: header, entries: entries, validLength: validLength, tornBytes: fileSize - validLength)
        }
    }
}
