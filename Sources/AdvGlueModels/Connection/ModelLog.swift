import Foundation
import Synchronization

/// Where an external model's own output (a subprocess's standard error) and advglue's
/// notes about it (retries, restarts) go: a file, or standard error with a prefix.
///
/// Nothing that could hold a secret is written here: requests, headers and response
/// bodies never are.
public final class ModelLog: Sendable {
    public enum Destination: Sendable, Equatable {
        /// Appended to; created when missing.
        case file(URL)
        /// Each line prefixed, e.g. `model: `.
        case standardError(prefix: String)
        case discard
    }

    public let destination: Destination
    private let handle: Mutex<FileHandle?>

    public init(_ destination: Destination) throws {
        self.destination = destination
        if case .file(let url) = destination {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            if !FileManager.default.fileExists(atPath: url.path) {
                _ = FileManager.default.createFile(atPath: url.path, contents: nil)
            }
            let handle = try FileHandle(forWritingTo: url)
            try handle.seekToEnd()
            self.handle = Mutex(handle)
        } else {
            handle = Mutex(nil)
        }
    }

    /// Writes one line, time-stamped in files.
    public func write(_ line: String) {
        switch destination {
        case .discard:
            return
        case .standardError(let prefix):
            FileHandle.standardError.write(Data((prefix + line + "\n").utf8))
        case .file:
            let stamp = Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true))
            let data = Data("\(stamp) \(line)\n".utf8)
            handle.withLock { try? $0?.write(contentsOf: data) }
        }
    }
}
