import Foundation
import Synchronization

/// Named files to write into a folder, each atomically, so an interrupted write never
/// leaves half a file behind.
struct OutputFiles {
    var files: [(name: String, data: Data)] = []

    mutating func add(_ name: String, _ text: String) {
        files.append((name, Data(text.utf8)))
    }

    mutating func add(_ name: String, _ data: Data) {
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

    func write(to folder: URL) throws {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for file in files {
                let url = folder.appending(path: file.name)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try file.data.write(to: url, options: .atomic)
            }
        } catch {
            throw CommandFailure(message: "cannot write to \(folder.path): \(error.localizedDescription); check --out", status: .ioError)
        }
    }
}

/// Appends a block to `$GITHUB_STEP_SUMMARY` when GitHub Actions set it; a failure to
/// write is a warning, never fatal.
enum GitHubStepSummary {
    static func append(_ markdown: String, environment: [String: String] = ProcessInfo.processInfo.environment) {
        guard let path = environment["GITHUB_STEP_SUMMARY"], !path.isEmpty else { return }
        do {
            if !FileManager.default.fileExists(atPath: path) {
                guard FileManager.default.createFile(atPath: path, contents: nil) else { throw CocoaError(.fileWriteUnknown) }
            }
            let handle = try FileHandle(forWritingTo: URL(filePath: path))
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: Data((markdown + "\n").utf8))
        } catch {
            Environment.printError("warning: cannot append to GITHUB_STEP_SUMMARY (\(path)): \(error.localizedDescription)")
        }
    }
}
