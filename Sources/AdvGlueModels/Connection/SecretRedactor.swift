/// Replaces secret values (HTTP header values such as tokens) wherever they appear in a
/// text, so that an error body that echoes the request's headers cannot carry them into
/// `model.log`, results, journals or reports.
///
/// ```swift
/// let redactor = SecretRedactor(["Bearer s3cret-token"])
/// redactor.apply("401: got Authorization: Bearer s3cret-token")  // "401: got Authorization: <redacted>"
/// ```
/// Complexity: O(n × secrets).
public struct SecretRedactor: Sendable, Equatable {
    public static let none = SecretRedactor([])
    public static let mark = "<redacted>"
    /// Longest first, so a value is replaced whole before any part of it.
    public let secrets: [String]

    /// Each value, and each of its space-separated parts of 6 characters or more (a
    /// server may echo just the token of `Bearer TOKEN`).
    public init(_ values: [String]) {
        var all = Set<String>()
        for value in values where !value.isEmpty {
            all.insert(value)
            for part in value.split(separator: " ") where part.count >= 6 { all.insert(String(part)) }
        }
        secrets = all.sorted { ($0.count, $0) > ($1.count, $1) }
    }

    public func apply(_ text: String) -> String {
        var out = text
        for secret in secrets where out.contains(secret) {
            out = out.replacingOccurrences(of: secret, with: Self.mark)
        }
        return out
    }
}
