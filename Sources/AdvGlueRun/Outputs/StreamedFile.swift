import AdvGlueSupport
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

    public init(_ url: URL) throws(AdvGlueError) {
        self.url = url
        partial = url.deletingLastPathComponent().appending(path: ".\(url.lastPathComponent).partial-\(getpid())")
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw AdvGlueError(.io, "cannot create the folder (\(error.localizedDescription))", at: .file(url.path))
        }
        descriptor = open(partial.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw AdvGlueError(.io, "cannot create it (\(String(cString: strerror(errno))))", at: .file(url.path))
        }
        buffer.reserveCapacity(Self.capacity)
    }

    deinit { discard() }

    public func write(_ bytes: some Sequence<UInt8>) throws(AdvGlueError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.capacity { try flush() }
    }

    public func write(_ text: String) throws(AdvGlueError) {
        try write(text.utf8)
    }

    /// Copies another file's bytes in (a part written earlier), in pieces.
    public func append(contentsOf other: URL) throws(AdvGlueError) {
        try flush()
        guard let handle = FileHandle(forReadingAtPath: other.path) else {
            throw AdvGlueError(.io, "cannot read it back", at: .file(other.path))
        }
        defer { try? handle.close() }
        while true {
            let chunk: Data
            do { chunk = try handle.read(upToCount: Self.capacity) ?? Data() } catch {
                throw AdvGlueError(.io, "cannot read it back (\(error.localizedDescription))", at: .file(other.path))
            }
            if chunk.isEmpty { return }
            try write(chunk)
        }
    }

    /// Writes what is buffered, closes the file and moves it into place.
    public func commit() throws(AdvGlueError) {
        try flush()
        let closed = close(descriptor)
        descriptor = -1
        guard closed == 0 else {
            throw AdvGlueError(.io, "cannot close it (\(String(cString: strerror(errno))))", at: .file(url.path))
        }
        guard rename(partial.path, url.path) == 0 else {
            throw AdvGlueError(
                .io, "cannot move it into place (\(String(cString: strerror(errno))))", at: .file(url.path))
        }
    }

    /// Drops the file unwritten; nothing happens after ``commit()``.
    public func discard() {
        guard descriptor >= 0 else { return }
        _ = close(descriptor)
        descriptor = -1
        _ = unlink(partial.path)
    }

    private func flush() throws(AdvGlueError) {
        var done = 0
        while done < buffer.count {
            let n = buffer.withUnsafeBytes { systemWrite(descriptor, $0.baseAddress! + done, buffer.count - done) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else {
                throw AdvGlueError(.io, "cannot write it (\(String(cString: strerror(errno))))", at: .file(url.path))
            }
            done += n
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

// The type's own `write` hides the C function inside it.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
