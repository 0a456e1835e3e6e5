import Foundation

/// How an external model call is retried and when a run gives up.
///
/// ```swift
/// var policy = RetryPolicy()
/// policy.timeout = 5
/// var rng = SplitMix64(seed: 42)
/// policy.backoff(afterFailures: 3, using: &rng) // somewhere in 0...1.6 s
/// ```
public struct RetryPolicy: Sendable, Equatable {
    /// Seconds one request may take before it counts as failed (`--timeout`).
    public var timeout: Double = 30
    /// Retries of one batch after failures that concern it (`--retries`).
    public var retries = 5
    /// The first backoff ceiling; it doubles per failure up to ``maxDelay``.
    public var baseDelay: Double = 0.2
    public var maxDelay: Double = 5
    /// Seconds the model may fail every request before the run stops (`--max-outage`).
    public var maxOutage: Double = 120

    public init() {}

    /// Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff
    /// And Jitter", 2015): uniform in 0...min(maxDelay, baseDelay * 2^(failures-1)), so
    /// many waiting requests do not return in step.
    ///
    /// Complexity: O(1).
    public func backoff(afterFailures failures: Int, using rng: inout some RandomNumberGenerator) -> Double {
        let ceiling = min(maxDelay, baseDelay * pow(2, Double(max(0, min(failures - 1, 30)))))
        return Double.random(in: 0...ceiling, using: &rng)
    }

    /// The wait before the next attempt: the backoff, but never less than the server's
    /// `Retry-After` (capped at ``maxOutage``, so a huge value cannot stall a run forever).
    public func delay(afterFailures failures: Int, retryAfter: Double?, using rng: inout some RandomNumberGenerator)
        -> Double
    {
        let backoff = backoff(afterFailures: failures, using: &rng)
        guard let retryAfter, retryAfter > 0 else { return backoff }
        return max(backoff, min(retryAfter, maxOutage))
    }
}
