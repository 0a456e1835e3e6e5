import AdvGlueSupport
import Foundation
import Synchronization

/// Named files to write into a folder, each atomically, so an interrupted write never
/// leaves half a file behind.
public struct OutputFiles {
    public var files: [(name: String, data: Data)] = []

    public init() {}

    public mutating func add(_ name: String, _ text: String) {
        files.append((name, Data(text.utf8)))
    }

    public mutating func add(_ name: String, _ data: Data) {
        files.append((name, data))
    }

    /// Renders each file on whichever core is free (they are independent, and the report,
    /// results, CSV and JUnit of a large run each take milliseconds); the files keep the
    /// order given.
    static func rendered(_ renders: [(name: String, render: @Sendable () throws -> Data)]) throws -> OutputFiles {
        let slots = Mutex([Result<Data, any Error>?](repeating: nil, count: renders.count))
        DispatchQueue.concurrentPerform(iterations: renders.count) { i in
            let result = Result { try renders[i].render() }
            slots.withLock { $0[i] = result }
        }
        var out = OutputFiles()
        for (render, slot) in zip(renders, slots.withLock { $0 }) { out.add(render.name, try slot!.get()) }
        return out
    }

    public func write(to folder: URL) throws {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for file in files {
                let url = folder.appending(path: file.name)
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Self.replace(url, with: file.data)
            }
        } catch {
            throw AdvGlueError(
                .io, "cannot write to \(folder.path): \(error.localizedDescription)", hint: "check --out")
        }
    }

    /// Writes a temporary file beside `url` and renames it over `url`: a reader, or a run
    /// killed half way, sees the old file or the new one, never part of one. Unlike
    /// `Data.write(options: .atomic)` it does not `fsync` each file (half a millisecond
    /// or more per file, on every run); a report lost to a power cut is written again by
    /// `advglue report` from results.json.
    static func replace(_ url: URL, with data: Data) throws {
        let temporary = url.deletingLastPathComponent().appending(path: ".\(url.lastPathComponent).\(getpid()).tmp")
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw AdvGlueError(.io, String(cString: strerror(errno)), at: .file(temporary.path))
        }
        var failed: Int32?
        data.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if n < 0, errno == EINTR { continue }
                if n <= 0 {
                    failed = n < 0 ? errno : ENOSPC
                    return
                }
                offset += n
            }
        }
        if close(descriptor) != 0, failed == nil { failed = errno }
        if failed == nil, rename(temporary.path, url.path) != 0 { failed = errno }
        if let failed {
            unlink(temporary.path)
            throw AdvGlueError(.io, String(cString: strerror(failed)), at: .file(url.path))
        }
    }
}
