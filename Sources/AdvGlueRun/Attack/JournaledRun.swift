import AdvGlueAttacks
import AdvGlueCorpora
import AdvGlueModels
import AdvGlueReports
import AdvGlueSupport
import Foundation
import Synchronization

/// One recipe's run over the selected examples (or a shard of them) with a journal: a
/// fresh one, or (`--resume`) an existing one whose finished examples are kept and not
/// attacked again.
///
/// An example counts as done (progress, results) only once its journal line is on
/// disk, so a run killed at any point loses nothing it reported. Once written, an
/// example is only a place in the journal (``JournalLocations``): the outputs are
/// streamed from the journal at the end, so memory does not grow with the examples.
struct JournaledRun {
    struct Outcome {
        /// Where each selected example's line is, for those finished.
        var locations: JournalLocations
        /// The examples this run was to finish: all selected, or the shard's.
        var assigned: [Int]
        /// Examples taken from the journal rather than attacked in this process.
        var resumed: Int
        /// Set when the model became unavailable and the run stopped early.
        var unavailable: AdvGlueError?
        var journal: URL

        var finished: Int { locations.finished }
        var complete: Bool { assigned.allSatisfy(locations.contains) }
        /// The examples an (unsharded) report covers: all, or the unbroken prefix of an
        /// interrupted run.
        var reported: Int { complete ? locations.count : locations.unbrokenPrefix }
    }

    var header: JournalHeader
    var journalURL: URL
    /// The journal being continued; nil for a fresh run.
    var resuming: JournalScan?
    var durability: JournalWriter.Durability

    /// Reads `--resume JOURNAL`'s header and lines; ``check(_:header:examples:assigned:)``
    /// then checks it belongs to this run.
    static func scanForResume(_ path: String) throws -> JournalScan {
        do {
            return try JournalReader.scan(URL(filePath: path))
        } catch {
            throw Self.resumeError(error)
        }
    }

    /// Refuses a journal written by another configuration (naming each difference), for
    /// other data, or holding examples outside the shard being resumed.
    static func check(_ scan: JournalScan, header: JournalHeader, examples: [Example], assigned: Set<Int>?) throws {
        let path = scan.url.path
        do {
            let differences = header.differences(from: scan.header)
            if !differences.isEmpty {
                throw AdvGlueError(
                    .usage,
                    "the journal was written by a different run configuration: "
                        + differences.map(\.description).joined(separator: "; "),
                    hint: "resume with the options the journal was written with, or start afresh without --resume",
                    at: .file(path))
            }
            try scan.validate(exampleIDs: examples.map(\.id))
            if let assigned, let stray = scan.entries.first(where: { !assigned.contains($0.index) }) {
                throw AdvGlueError(
                    .usage,
                    "example \(stray.index) ('\(stray.exampleID)') is not in shard \(header.shard.map(\.description) ?? "")",
                    hint: "resume a shard with the --shard it was written with", at: .file(path, line: stray.lineNumber)
                )
            }
        } catch let error as AdvGlueError {
            throw Self.resumeError(error)
        }
    }

    /// A journal that cannot be continued is the command line's fault (`--resume` names
    /// the wrong one), unless it cannot be read at all.
    private static func resumeError(_ error: AdvGlueError) -> AdvGlueError {
        error.coded(error.code == .notFound ? .notFound : .usage).within("--resume")
    }

    /// Attacks the `assigned` examples (indices into `examples`, ascending) that the
    /// journal does not hold yet.
    func run(
        _ runner: AttackRunner, examples: [Example], assigned: [Int], progress: any RunProgress,
        shouldStop: @escaping @Sendable () -> Bool
    ) async throws -> Outcome {
        let writer: JournalWriter
        do throws(AdvGlueError) {
            if let resuming {
                writer = try JournalWriter.continuing(resuming, durability: durability)
            } else {
                writer = try JournalWriter.create(at: journalURL, header: header, durability: durability)
            }
        } catch {
            throw AdvGlueError(.io, "cannot write the journal: \(error.summary)", hint: error.hint, cause: error)
        }
        var locations = JournalLocations(count: examples.count, files: [writer.url])
        for entry in resuming?.entries ?? [] { locations.set(entry.index, file: 0, line: entry.line) }
        let pending = assigned.filter { !locations.contains($0) }
        let failure = Mutex<AdvGlueError?>(nil)
        let done = Mutex(0)
        var unavailable: AdvGlueError?
        do throws(AdvGlueError) {
            try await runner.attackAll(
                pending.map { examples[$0] },
                shouldStop: { shouldStop() || failure.withLock { $0 != nil } },
                finished: { position, result in
                    let index = pending[position]
                    do throws(AdvGlueError) {
                        let line = try writer.append(index: index, result: result) {
                            let count = done.withLock {
                                $0 += 1
                                return $0
                            }
                            progress.update(done: count, total: pending.count, outcome: result.outcome.rawValue)
                        }
                        locations.set(index, file: 0, line: line)
                    } catch {
                        failure.withLock { $0 = $0 ?? error }
                    }
                })
        } catch {
            unavailable = error
        }
        do {
            try writer.close()
        } catch {
            failure.withLock { $0 = $0 ?? error }
        }
        if let error = failure.withLock({ $0 }) {
            throw error.coded(.io)
        }
        return Outcome(
            locations: locations, assigned: assigned, resumed: assigned.count - pending.count, unavailable: unavailable,
            journal: writer.url)
    }
}
