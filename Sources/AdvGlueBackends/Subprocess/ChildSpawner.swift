import Dispatch
import Foundation

/// Starts model processes from one thread that lives as long as advglue, wrapped in
/// `setpriv --pdeathsig KILL` where util-linux provides it, so that a model process dies
/// with advglue however advglue ends (SIGKILL included) and is never left running.
///
/// Linux sends the parent-death signal when the *thread* that started the child ends, not
/// the process; a Swift concurrency or Dispatch worker thread may retire while the model
/// still serves, so the spawn happens on this permanent thread instead.
///
/// ```swift
/// try ChildSpawner.shared.run(process)  // process.run(), on the spawner thread
/// ```
final class ChildSpawner: @unchecked Sendable {
    // Unchecked: `jobs` is only touched under `condition`.
    static let shared = ChildSpawner()
    /// util-linux's `setpriv`, which sets the parent-death signal and executes the command.
    static let setpriv: URL? = {
        let url = URL(filePath: "/usr/bin/setpriv")
        return FileManager.default.isExecutableFile(atPath: url.path) ? url : nil
    }()

    private let condition = NSCondition()
    private var jobs: [() -> Void] = []

    private init() {
        let thread = Thread { [unowned self] in
            while true {
                condition.lock()
                while jobs.isEmpty { condition.wait() }
                let job = jobs.removeFirst()
                condition.unlock()
                job()
            }
        }
        thread.name = "advglue-model-spawner"
        thread.start()
    }

    /// Points `process` at `setpriv --pdeathsig KILL -- EXECUTABLE ARGUMENTS` when available.
    static func guardAgainstOrphans(_ process: Process, executable: URL, arguments: [String]) {
        if let setpriv {
            process.executableURL = setpriv
            process.arguments = ["--pdeathsig", "KILL", "--", executable.path] + arguments
        } else {
            process.executableURL = executable
            process.arguments = arguments
        }
    }

    /// Runs `process.run()` on the spawner thread and waits for it.
    func run(_ process: Process) throws {
        final class Outcome: @unchecked Sendable { var error: (any Error)? }
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        condition.lock()
        jobs.append {
            do { try process.run() } catch { outcome.error = error }
            done.signal()
        }
        condition.signal()
        condition.unlock()
        done.wait()
        if let error = outcome.error { throw error }
    }
}
