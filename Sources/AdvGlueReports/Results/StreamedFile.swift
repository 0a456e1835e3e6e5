import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An output file written piece by piece through a 256 KiB buffer into a temporary
/// file beside it, then renamed into place: readers never see half of it, and the
/// whole never has to be in memory.
///
/// ```swift
/// let file = try StreamedFile(URL(filePath: "Reports/x/results.csv"))
/// try file.write("a,b\n")
/// try file.commit()
/// ```
public final class StreamedFile {
    public let url: URL
    private let partial: URL
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private static let capacity = 1 << 18

    public init(_ url: URL) throws(OutputWriteError) {
        self.url = url
        partial = url.deletingLastPathComponent().appending(path: ".\(url.lastPathComponent).partial-\(getpid())")
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw OutputWriteError(file: url.path, problem: "cannot create the folder (\(error.localizedDescription))")
        }
        descriptor = open(partial.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw OutputWriteError(file: url.path, problem: "cannot create it (\(String(cString: strerror(errno))))") }
        buffer.reserveCapacity(Self.capacity)
    }

    deinit { discard() }

    public func write(_ bytes: some Sequence<UInt8>) throws(OutputWriteError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.capacity { try flush() }
    }

    public func write(_ text: String) throws(OutputWriteError) {
        try write(text.utf8)
    }

    /// Copies another file's bytes in (a part written earlier), in pieces.
    public func append(contentsOf other: URL) throws(OutputWriteError) {
        try flush()
        guard let handle = FileHandle(forReadingAtPath: other.path) else { throw OutputWriteError(file: other.path, problem: "cannot read it back") }
        defer { try? handle.close() }
        while true {
            let chunk: Data
            do { chunk = try handle.read(upToCount: Self.capacity) ?? Data() } catch {
                throw OutputWriteError(file: other.path, problem: "cannot read it back (\(error.localizedDescription))")
            }
            if chunk.isEmpty { return }
            try write(chunk)
        }
    }

    /// Writes what is buffered, closes the file and moves it into place.
    public func commit() throws(OutputWriteError) {
        try flush()
        let closed = close(descriptor)
        descriptor = -1
        guard closed == 0 else { throw OutputWriteError(file: url.path, problem: "cannot close it (\(String(cString: strerror(errno))))") }
        guard rename(partial.path, url.path) == 0 else {
            throw OutputWriteError(file: url.path, problem: "cannot move it into place (\(String(cString: strerror(errno))))")
        }
    }

    /// Drops the file unwritten; nothing happens after ``commit()``.
    public func discard() {
        guard descriptor >= 0 else { return }
        _ = close(descriptor)
        descriptor = -1
        _ = unlink(partial.path)
    }

    private func flush() throws(OutputWriteError) {
        var done = 0
        while done < buffer.count {
            let n = buffer.withUnsafeBytes { systemWrite(descriptor, $0.baseAddress! + done, buffer.count - done) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw OutputWriteError(file: url.path, problem: "cannot write it (\(String(cString: strerror(errno))))") }
            done += n
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// An output file that could not be written.
public struct OutputWriteError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var problem: String

    public init(file: String, problem: String) {
        self.file = file
        self.problem = problem
    }

    public var description: String { "\(file): \(problem)" }
}

// The type's own `write` hides the C function inside it.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int { write(descriptor, bytes, count) }
