import AdvGlueRun
import AdvGlueSupport
import Foundation

/// The command line's console: results on standard output, notes and warnings on
/// standard error (notes silenced by `--quiet`), progress redrawn on a terminal, and
/// Ctrl-C asking the run to stop after the examples in flight.
struct TerminalConsole: RunConsole {
    var quiet = false

    func print(_ line: String) {
        Swift.print(line)
    }

    func note(_ message: String) {
        if !quiet { Self.printError(message) }
    }

    func warn(_ message: String) {
        Self.printError(message)
    }

    func progress(label: String, words: (String, String)) -> any RunProgress {
        ProgressReporter(label: label, enabled: !quiet, words: words)
    }

    func watchForStop() -> @Sendable () -> Bool {
        let flag = InterruptFlag()
        return { flag.isRaised }
    }

    /// Writes to standard error with terminal controls from data shown, not obeyed
    /// (``TerminalText``).
    static func printError(_ message: String) {
        // `try?`: after SIGHUP the terminal is gone and a failing write must not crash the run.
        try? FileHandle.standardError.write(contentsOf: Data((TerminalText.safe(message) + "\n").utf8))
    }
}
