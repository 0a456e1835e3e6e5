import Dispatch
import Foundation
import Synchronization

/// Ctrl-C handling for long runs: the first SIGINT asks the run to stop after the
/// examples in flight, so the report is still written (marked incomplete); a second
/// one exits at once.
final class InterruptFlag: @unchecked Sendable {
    // Unchecked: `source` is set once in init and only read after; `raised` is atomic.
    private let raised = Atomic<Bool>(false)
    private let source: any DispatchSourceSignal

    init() {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [unowned self] in
            if raised.exchange(true, ordering: .relaxed) { exit(130) }
            TerminalConsole.printError(
                "\ninterrupted: finishing the examples in flight and writing the report (Ctrl-C again to quit now)")
        }
        source.resume()
    }

    var isRaised: Bool { raised.load(ordering: .relaxed) }
}
