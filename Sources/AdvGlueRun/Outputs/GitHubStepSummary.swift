import Foundation

/// Appends a block to `$GITHUB_STEP_SUMMARY` when GitHub Actions set it; a failure to
/// write is a warning, never fatal.
enum GitHubStepSummary {
    static func append(
        _ markdown: String, console: any RunConsole,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        guard let path = environment["GITHUB_STEP_SUMMARY"], !path.isEmpty else { return }
        do {
            if !FileManager.default.fileExists(atPath: path) {
                guard FileManager.default.createFile(atPath: path, contents: nil) else {
                    throw CocoaError(.fileWriteUnknown)
                }
            }
            let handle = try FileHandle(forWritingTo: URL(filePath: path))
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: Data((markdown + "\n").utf8))
        } catch {
            console.warn("warning: cannot append to GITHUB_STEP_SUMMARY (\(path)): \(error.localizedDescription)")
        }
    }
}
