import AdvGlueAttacks
import AdvGlueResults
import AdvGlueSupport
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where each finished example of a run is journaled: a file and a line, by the
/// example's index in the run's selected examples. This is all a run keeps of an
/// example once its line is written (16 bytes), so its memory stays flat however many
/// examples it attacks; the outputs are written at the end by reading the lines back
/// in data order (``ResultsStream``).
public struct JournalLocations: Sendable {
    public private(set) var files: [URL]
    private var file: [Int32]
    private var offset: [Int]
    private var length: [Int32]
    public private(set) var finished = 0

    /// Room for `count` examples, none finished.
    public init(count: Int, files: [URL]) {
        self.files = files
        file = [Int32](repeating: -1, count: count)
        offset = [Int](repeating: 0, count: count)
        length = [Int32](repeating: 0, count: count)
    }

    /// The number of examples (finished or not).
    public var count: Int { file.count }

    public subscript(index: Int) -> (file: Int, line: JournalLine)? {
        file[index] < 0 ? nil : (Int(file[index]), JournalLine(offset: offset[index], length: Int(length[index])))
    }

    public func contains(_ index: Int) -> Bool { file[index] >= 0 }

    public mutating func set(_ index: Int, file number: Int, line: JournalLine) {
        if file[index] < 0 { finished += 1 }
        file[index] = Int32(number)
        offset[index] = line.offset
        length[index] = Int32(line.length)
    }

    /// Finished examples before the first unfinished one: what an interrupted run reports.
    public var unbrokenPrefix: Int { file.firstIndex { $0 < 0 } ?? file.count }

    /// Adds a file and returns its number.
    public mutating func add(file url: URL) -> Int {
        files.append(url)
        return files.count - 1
    }
}

/// Reads journal lines back by place with `pread(2)`, one line in memory at a time.
public final class JournalLineReader {
    private let urls: [URL]
    private var descriptors: [Int32?]
    private var buffer: [UInt8] = []

    public init(files: [URL]) {
        urls = files
        descriptors = Array(repeating: nil, count: files.count)
    }

    deinit {
        for case let descriptor? in descriptors { _ = close(descriptor) }
    }

    /// The line's bytes, valid until the next call.
    public func bytes(file number: Int, line: JournalLine) throws(AdvGlueError) -> ArraySlice<UInt8> {
        let descriptor: Int32
        if let open = descriptors[number] {
            descriptor = open
        } else {
            descriptor = open(urls[number].path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else {
                throw AdvGlueError(
                    .notFound, "cannot read the journal (\(String(cString: strerror(errno))))",
                    at: .file(urls[number].path))
            }
            descriptors[number] = descriptor
        }
        if buffer.count < line.length { buffer = [UInt8](repeating: 0, count: max(line.length, 2 * buffer.count)) }
        var done = 0
        while done < line.length {
            let n = buffer.withUnsafeMutableBytes {
                pread(descriptor, $0.baseAddress! + done, line.length - done, off_t(line.offset + done))
            }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else {
                throw AdvGlueError(
                    .notFound, "the journal is shorter than when it was written (line at byte \(line.offset))",
                    hint: "another process changed it; run again", at: .file(urls[number].path))
            }
            done += n
        }
        return buffer[0..<line.length]
    }

    /// The example on a line, decoded.
    public func entry(file number: Int, line: JournalLine) throws(AdvGlueError) -> (
        raw: ArraySlice<UInt8>, result: AttackResult
    ) {
        let raw = try bytes(file: number, line: line)
        guard let result = try? ResultCodec.journalEntry(raw).result else { throw damaged(file: number, line: line) }
        return (raw, result)
    }

    /// The error for a line that does not decode, naming its file and line number.
    public func damaged(file number: Int, line: JournalLine) -> AdvGlueError {
        AdvGlueError(
            .badData, "damaged journal line", hint: "delete the line and --resume to attack its example again",
            at: .file(urls[number].path, line: lineNumber(file: number, offset: line.offset)))
    }

    /// The 1-based number of the line starting at `offset`, for messages; O(offset).
    private func lineNumber(file number: Int, offset: Int) -> Int? {
        guard let handle = FileHandle(forReadingAtPath: urls[number].path),
            let data = try? handle.read(upToCount: offset)
        else { return nil }
        return data.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
    }
}
