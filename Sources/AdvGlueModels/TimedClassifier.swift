import AdvGlueText
import Dispatch
import Synchronization

/// Wraps a model to measure how a run uses it: calls, inputs, and the time during which
/// at least one call was in flight. `advglue bench` reports the latter as the share of
/// the run spent waiting on the model; the rest is advglue's own overhead.
///
/// ```swift
/// let timed = TimedClassifier(model)
/// _ = try await timed.logits(for: inputs)
/// timed.usage.busySeconds // wall time with a call in flight
/// ```
public final class TimedClassifier: Classifier {
    public struct Usage: Sendable, Equatable {
        public var calls = 0
        public var inputs = 0
        /// Wall time with at least one call in flight (overlapping calls count once).
        public var busySeconds: Double = 0
        /// Sum of the calls' own durations (overlapping calls count each).
        public var callSeconds: Double = 0
        /// When the first call started (`DispatchTime` uptime): start-up measurements
        /// compare it with when the process started.
        public var firstCallUptimeNanoseconds: UInt64?

        public init() {}
    }

    private struct State {
        var usage = Usage()
        var inFlight = 0
        var busySince: UInt64 = 0
    }

    public let inner: any Classifier
    private let state = Mutex(State())

    public init(_ inner: any Classifier) {
        self.inner = inner
    }

    public var labels: [String] { inner.labels }
    public var outputs: ScoreKind { inner.outputs }
    public var identity: ModelIdentity { inner.identity }

    public var usage: Usage { state.withLock { $0.usage } }

    public func logits(for inputs: [TextInput]) async throws -> [[Float]] {
        let start = DispatchTime.now().uptimeNanoseconds
        state.withLock { s in
            if s.usage.firstCallUptimeNanoseconds == nil { s.usage.firstCallUptimeNanoseconds = start }
            if s.inFlight == 0 { s.busySince = start }
            s.inFlight += 1
        }
        defer {
            let end = DispatchTime.now().uptimeNanoseconds
            state.withLock { s in
                s.inFlight -= 1
                s.usage.calls += 1
                s.usage.inputs += inputs.count
                s.usage.callSeconds += Double(end - start) / 1e9
                if s.inFlight == 0 { s.usage.busySeconds += Double(end - s.busySince) / 1e9 }
            }
        }
        return try await inner.logits(for: inputs)
    }

    public func shutdown() async {
        await inner.shutdown()
    }
}
