import AdvGlueAttacks
import AdvGlueReports
import Foundation
import Synchronization

/// `journal.jsonl` beside the report: a header line with the run's configuration, then
/// one line per example as it finishes (in finishing order), each written straight to
/// the file so a killed run keeps every example it finished.
///
/// Lines are written with one `write(2)` each and no `fsync` per line: the attack
/// outpaces a disk flush per example by orders of magnitude. The file is synced once
/// when the run ends. Resuming from a journal is not implemented yet.
final class Journal: Sendable {
    struct Header: Codable {
        var journal = "advglue.attack-journal"
        var version = 1
        var run: RunInfo
    }

    struct Line: Codable {
        var index: Int
        var result: AttackResult
    }

    private let handle: Mutex<FileHandle>
    let url: URL

    init(folder: URL, run: RunInfo) throws {
        url = folder.appending(path: "journal.jsonl")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: url.path, contents: nil) else { throw CocoaError(.fileWriteUnknown) }
            let handle = try FileHandle(forWritingTo: url)
            self.handle = Mutex(handle)
        } catch {
            throw CommandFailure(message: "cannot write the journal \(url.path): \(error.localizedDescription); check --out", status: .ioError)
        }
        try append(Header(run: run))
    }

    func append(index: Int, _ result: AttackResult) throws {
        // The same bytes as encoding `Line`, without Codable's cost on every example.
        let data = ResultsJSON.journalLine(index: index, result: result)
        try handle.withLock { try $0.write(contentsOf: data) }
    }

    private func append(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(value)
        data.append(0x0A)
        try handle.withLock { try $0.write(contentsOf: data) }
    }

    func close() {
        handle.withLock { handle in
            try? handle.synchronize()
            try? handle.close()
        }
    }
}
