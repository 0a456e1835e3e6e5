import AdvGlueModels
import Foundation

/// Why one attempt to get scores from an external model failed, and what that means
/// for retrying it.
struct ModelCallFailure: Error, Sendable, CustomStringConvertible, Equatable {
    enum Kind: Sendable, Equatable {
        /// The model cannot answer at the moment: connection refused or lost, timeout,
        /// 429, 502, 503, 504, a crashed process. Retried; a long run of these with no
        /// success anywhere stops the run (`--max-outage`).
        case unavailable
        /// The server answered this request with an error (500 and the other 5xx).
        /// Retried up to `--retries` times, then the examples error.
        case requestFailed
        /// Retrying cannot help: a 4xx, a malformed answer, wrong row or class counts,
        /// NaN or infinite scores, a TLS certificate that does not verify. The examples
        /// error at once.
        case permanent
    }

    var kind: Kind
    var message: String
    /// The server's `Retry-After`, in seconds.
    var retryAfter: Double?

    init(_ kind: Kind, _ message: String, retryAfter: Double? = nil) {
        self.kind = kind
        self.message = message
        self.retryAfter = retryAfter
    }

    var description: String { message }
}
