import AdvGlueModels
import AdvGlueSupport
import Foundation
import Synchronization

/// Runs model calls under a ``RetryPolicy``, shared by every call of a run so that it
/// can tell a failing request from a failing server.
///
/// A failure counts against the batch's own `retries` when the server answered it with
/// an error, or when other requests have succeeded since it was sent (so the server
/// works but this request does not). While every request fails (server down,
/// restarting, overloaded) batches keep waiting, with backoff, and the run stops with
/// an ``AdvGlueError`` with code `.unavailable` once nothing has succeeded for `maxOutage` seconds: a
/// restart of the server costs time, never examples.
///
/// Retries resend the same batch, and the models score each input on its own, so a
/// retried batch gives the same rows as an uninterrupted one. The jitter comes from a
/// generator seeded by `--seed`; it changes only when retries happen, never results.
final class FaultTolerantCaller: Sendable {
    private struct State {
        var successes = 0
        /// When the current run of failures with no success anywhere began.
        var outageStart: Date?
        var rng: SplitMix64
        var retries = 0
    }

    let policy: RetryPolicy
    /// The model's name in messages, e.g. `http://127.0.0.1:8080/v2/models/sst2`.
    let modelName: String
    private let log: ModelLog
    private let state: Mutex<State>
    /// Removes the values of secret headers from every message before it is logged or
    /// thrown: servers and proxies echo request headers in error bodies.
    let redactor: SecretRedactor

    init(policy: RetryPolicy, modelName: String, log: ModelLog, seed: UInt64, redactor: SecretRedactor = .none) {
        self.policy = policy
        self.modelName = modelName
        self.log = log
        self.redactor = redactor
        state = Mutex(State(rng: SplitMix64(seed: seed, stream: "retry-jitter")))
    }

    /// Calls `attempt` until it succeeds, a failure is permanent, the batch's retries
    /// are spent (both throw ``AdvGlueError/Code/modelFailed``: the examples error), or the outage limit is
    /// reached (throws ``AdvGlueError/Code/unavailable``: the run stops).
    func perform<T>(_ what: String, _ attempt: () async throws(ModelCallFailure) -> T) async throws -> T {
        var counted = 0
        var failures = 0
        while true {
            let successesBefore = state.withLock { $0.successes }
            let failure: ModelCallFailure
            do {
                let value = try await attempt()
                state.withLock {
                    $0.successes += 1
                    $0.outageStart = nil
                }
                return value
            } catch {
                failure = ModelCallFailure(error.kind, redactor.apply(error.message), retryAfter: error.retryAfter)
            }
            failures += 1
            let now = Date()
            let (outage, othersSucceeded): (Double?, Bool) = state.withLock { s in
                let others = s.successes != successesBefore
                switch failure.kind {
                case .permanent, .requestFailed:
                    // The server answered, so it is up.
                    s.outageStart = nil
                    return (nil, others)
                case .unavailable:
                    if others { return (nil, true) }
                    let start = s.outageStart ?? now
                    s.outageStart = start
                    return (now.timeIntervalSince(start), false)
                }
            }
            switch failure.kind {
            case .permanent:
                throw AdvGlueError(.modelFailed, failure.message)
            case .requestFailed:
                counted += 1
            case .unavailable:
                if othersSucceeded { counted += 1 }
                if let outage, outage >= policy.maxOutage {
                    throw AdvGlueError(
                        .unavailable,
                        "\(modelName) failed every request for \(Int(outage.rounded())) s (--max-outage \(Self.seconds(policy.maxOutage))); last error: \(failure.message)",
                        hint: "is the model's server or program up?")
                }
            }
            if counted > policy.retries {
                throw AdvGlueError(.modelFailed, "\(failure.message) (gave up after \(failures) attempts)")
            }
            // The user asked the run to stop: waiting out --max-outage would only delay it.
            // Unavailable leaves the example unfinished, so a resumed run retries it.
            if StopRequest.isRaised {
                throw AdvGlueError(.unavailable, "stopped while retrying: \(failure.message)")
            }
            let delay = state.withLock { s in
                s.retries += 1
                return policy.delay(afterFailures: failures, retryAfter: failure.retryAfter, using: &s.rng)
            }
            let reason = failure.retryAfter.map { " (Retry-After \(Self.seconds($0)) s)" } ?? ""
            log.write(
                "retrying \(what) in \(String(format: "%.2f", delay)) s\(reason) after attempt \(failures): \(failure.message)"
            )
            // In short steps, so a stop request is seen within a tenth of a second.
            let wake = Date().addingTimeInterval(delay)
            while Date() < wake, !StopRequest.isRaised {
                try await Task.sleep(for: .seconds(min(0.1, max(0, wake.timeIntervalSinceNow))))
            }
        }
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}
