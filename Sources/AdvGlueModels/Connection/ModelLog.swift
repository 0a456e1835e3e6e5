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
    /// Bytes written to the file so far, and lines dropped once it reached ``maxBytes``.
    private let written = Mutex<(bytes: Int, dropped: Int)>((0, 0))
    /// A chatty model must not fill the disk: past this, lines are counted, not written.
    public static let maxBytes = 32 << 20
    /// A line longer than this is cut, with a note of how much.
    public static let maxLineBytes = 16 << 10

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
            try? FileHandle.standardError.write(contentsOf: Data((prefix + line + "\n").utf8))
        case .file:
            let stamp = Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true))
            let data = Data("\(stamp) \(Self.cut(line))\n".utf8)
            let allowed: Bool = written.withLock { state in
                guard state.bytes + data.count <= Self.maxBytes else {
                    state.dropped += 1
                    return false
                }
                state.bytes += data.count
                return true
            }
            guard allowed else { return }
            handle.withLock { try? $0?.write(contentsOf: data) }
        }
    }

    /// A line cut to ``maxLineBytes`` (on a character boundary), saying how much was cut.
    static func cut(_ line: String) -> String {
        guard line.utf8.count > maxLineBytes else { return line }
        var kept = Substring(line).prefix(maxLineBytes)
        while kept.utf8.count > maxLineBytes { kept = kept.dropLast() }
        return kept + " … [\(line.utf8.count - kept.utf8.count) more bytes cut]"
    }

    /// Notes how many lines the size limit dropped; call when the run ends.
    public func close() {
        let dropped = written.withLock { $0.dropped }
        guard dropped > 0, case .file = destination else { return }
        let note = Data("model.log reached \(Self.maxBytes >> 20) MiB; \(dropped) later lines were not written\n".utf8)
        handle.withLock { try? $0?.write(contentsOf: note) }
    }
}
