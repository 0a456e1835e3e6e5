import Foundation

/// Replaces secret values (HTTP header values such as tokens) wherever they appear in a
/// text, so that an error body that echoes the request's headers cannot carry them into
/// `model.log`, results, journals or reports.
///
/// ```swift
/// let redactor = SecretRedactor(["Bearer s3cret-token"])  // values under 8 characters are not secrets
/// redactor.apply("401: got Authorization: Bearer s3cret-token")  // "401: got Authorization: <redacted>"
/// ```
/// Complexity: O(n × secrets).
public struct SecretRedactor: Sendable, Equatable {
    public static let none = SecretRedactor([])
    public static let mark = "<redacted>"
    /// Longest first, so a value is replaced whole before any part of it.
    public let secrets: [String]

    /// Values too short to be secrets (`1`, `json`) would only garble messages (`HTTP 40<redacted>`).
    public static let minimumLength = 8

    /// Each value of at least ``minimumLength`` characters, and each such space-separated
    /// part of one (a server may echo just the token of `Bearer TOKEN`).
    public init(_ values: [String]) {
        var all = Set<String>()
        for value in values where value.count >= Self.minimumLength {
            all.insert(value)
            for part in value.split(separator: " ") where part.count >= Self.minimumLength {
                all.insert(String(part))
            }
        }
        secrets = all.sorted { ($0.count, $0) > ($1.count, $1) }
    }

    /// The bytes with every secret replaced; the same bytes when none occurs (checked
    /// without decoding, so a large reply costs one search per secret).
    public func apply(to data: Data) -> Data {
        guard secrets.contains(where: { data.range(of: Data($0.utf8)) != nil }) else { return data }
        return Data(apply(String(decoding: data, as: UTF8.self)).utf8)
    }

    public func apply(_ text: String) -> String {
        var out = text
        for secret in secrets where out.contains(secret) {
            out = out.replacingOccurrences(of: secret, with: Self.mark)
        }
        return out
    }
}
