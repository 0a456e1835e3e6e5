import AdvGlueSupport
import Dispatch
import Foundation
import Synchronization

/// Stopping a long run: the first SIGINT (Ctrl-C), SIGTERM (what Kubernetes and CI
/// runners send) or SIGHUP (a closed terminal) asks the run to stop after the examples
/// in flight, so the report is still written (marked incomplete) and the journal can be
/// resumed; the run then exits 130. A second signal exits at once.
final class InterruptFlag: @unchecked Sendable {
    // Unchecked: `sources` is set once in init and only read after; `raised` is atomic.
    private let raised = Atomic<Bool>(false)
    private var sources: [any DispatchSourceSignal] = []

    static let signals: [(Int32, String)] = [(SIGINT, "interrupted"), (SIGTERM, "SIGTERM"), (SIGHUP, "SIGHUP")]

    init() {
        for (number, name) in Self.signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [unowned self] in
                if raised.exchange(true, ordering: .relaxed) {
                    // Leaving now: no shutdown will stop the model processes, so kill them.
                    StopRequest.killChildren()
                    exit(130)
                }
                StopRequest.raise()
                TerminalConsole.printError(
                    "\n\(name == "interrupted" ? "interrupted" : "\(name) received"): finishing the examples in flight and writing the report (Ctrl-C again to quit now)"
                )
            }
            source.resume()
            sources.append(source)
        }
    }

    var isRaised: Bool { raised.load(ordering: .relaxed) }
}
