import AdvGlueAttacks
import AdvGlueCorpora
import AdvGlueModels
import AdvGlueReports
import Foundation
import Synchronization

/// One recipe's run over the selected examples with a journal: a fresh one beside the
/// report, or (`--resume`) an existing one whose finished examples are kept and not
/// attacked again.
///
/// An example counts as done (progress, results) only once its journal line is on
/// disk, so a run killed at any point loses nothing it reported.
struct JournaledRun {
    struct Outcome {
        /// All selected examples' results where known, in data order.
        var slots: [AttackResult?]
        /// Examples taken from the journal rather than attacked in this process.
        var resumed: Int
        /// Set when the model became unavailable and the run stopped early.
        var unavailable: ModelUnavailableError?
        var journal: URL

        /// The unbroken prefix, which an incomplete report shows.
        var results: [AttackResult] { slots.prefix { $0 != nil }.compactMap { $0 } }
        var complete: Bool { slots.allSatisfy { $0 != nil } }
    }

    var header: JournalHeader
    var journalURL: URL
    /// The journal being continued; nil for a fresh run.
    var resuming: JournalContents?
    var durability: JournalWriter.Durability

    /// Reads `--resume JOURNAL` and checks that it belongs to this run.
    static func readForResume(_ path: String, header: JournalHeader, examples: [Example]) throws -> JournalContents {
        let contents: JournalContents
        do {
            contents = try JournalReader.read(URL(filePath: path))
            let differences = header.differences(from: contents.header)
            if !differences.isEmpty {
                throw JournalError(.mismatch, file: path, problem: "the journal was written by a different run configuration: "
                                   + differences.map(\.description).joined(separator: "; "),
                                   hint: "resume with the options the journal was written with, or start afresh without --resume")
            }
            try contents.validate(exampleIDs: examples.map(\.id))
        } catch let error as JournalError {
            throw CommandFailure(message: "--resume \(error)", status: error.kind == .unreadable ? .noInput : .usage)
        }
        return contents
    }

    func run(_ runner: AttackRunner, examples: [Example], progress: ProgressReporter,
             shouldStop: @escaping @Sendable () -> Bool) async throws -> Outcome {
        let writer: JournalWriter
        do {
            writer = try resuming.map { try JournalWriter.continuing($0, durability: durability) }
                ?? JournalWriter.create(at: journalURL, header: header, durability: durability)
        } catch {
            throw CommandFailure(message: "cannot write the journal: \(error)", status: .ioError)
        }
        var slots = [AttackResult?](repeating: nil, count: examples.count)
        for (index, result) in resuming?.results ?? [:] { slots[index] = result }
        let pending = slots.indices.filter { slots[$0] == nil }
        let failure = Mutex<JournalError?>(nil)
        let done = Mutex(0)
        var unavailable: ModelUnavailableError?
        do throws(ModelUnavailableError) {
            try await runner.attackAll(pending.map { examples[$0] },
                                       shouldStop: { shouldStop() || failure.withLock { $0 != nil } }) { position, result in
                let index = pending[position]
                slots[index] = result
                do throws(JournalError) {
                    try writer.append(JournalEntry(index: index, result: result)) {
                        let count = done.withLock { $0 += 1; return $0 }
                        progress.update(done: count, total: pending.count, outcome: result.outcome.rawValue)
                    }
                } catch {
                    slots[index] = nil
                    failure.withLock { $0 = $0 ?? error }
                }
            }
        } catch {
            unavailable = error
        }
        do {
            try writer.close()
        } catch {
            failure.withLock { $0 = $0 ?? error }
        }
        if let error = failure.withLock({ $0 }) {
            throw CommandFailure(message: "\(error)", status: .ioError)
        }
        return Outcome(slots: slots, resumed: examples.count - pending.count, unavailable: unavailable, journal: resuming?.url ?? journalURL)
    }
}
