import AdvGlueRun
import Foundation
import Synchronization

/// Progress on standard error: a line redrawn in place on a terminal, a line every
/// 10% (or 10 s) otherwise, so CI logs stay short.
final class ProgressReporter: RunProgress {
    private struct State {
        var lastPrinted = Date.distantPast
        var lastDecile = -1
        var successes = 0, failures = 0, skipped = 0, errors = 0
    }

    private let state = Mutex(State())
    private let start = Date()
    private let enabled: Bool
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private let label: String
    /// What the first two counts are called: an attack's flipped and held examples, an
    /// evaluation's wrong and right items.
    private let words: (String, String)

    init(label: String, enabled: Bool, words: (String, String) = ("flipped", "held")) {
        self.label = label
        self.enabled = enabled
        self.words = words
    }

    func update(done: Int, total: Int, outcome: String) {
        guard enabled else { return }
        let line: String? = state.withLock { s in
            switch outcome {
            case "successful": s.successes += 1
            case "failed": s.failures += 1
            case "skipped": s.skipped += 1
            default: s.errors += 1
            }
            let now = Date()
            let decile = total == 0 ? 10 : done * 10 / total
            let due =
                isTerminal
                ? now.timeIntervalSince(s.lastPrinted) > 0.1 || done == total
                : decile > s.lastDecile || now.timeIntervalSince(s.lastPrinted) > 10
            guard due else { return nil }
            s.lastPrinted = now
            s.lastDecile = decile
            let elapsed = now.timeIntervalSince(start)
            let rate = elapsed > 0 ? Double(done) / elapsed : 0
            let eta = rate > 0 ? Double(total - done) / rate : 0
            return String(
                format: "%@ %d/%d  %@ %d  %@ %d  skipped %d  errors %d  %.1f ex/s  ETA %.0fs",
                label, done, total, words.0, s.successes, words.1, s.failures, s.skipped, s.errors, rate, eta)
        }
        guard let line else { return }
        let text = isTerminal ? "\r\u{1B}[2K" + line + (done == total ? "\n" : "") : line + "\n"
        // A closed terminal (SIGHUP) makes writes fail; that must not end the run.
        try? FileHandle.standardError.write(contentsOf: Data(text.utf8))
    }
}
