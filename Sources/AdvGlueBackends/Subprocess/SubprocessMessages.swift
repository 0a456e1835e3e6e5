import AdvGlueModels
import Foundation

/// The JSON Lines messages of the subprocess model protocol, version 1
/// (docs/subprocess-protocol.md). One JSON object per line each way; the child's
/// standard output carries nothing else.
enum SubprocessMessages {
    static let protocolName = "advglue-model"
    static let versions = [1]

    /// advglue's first line: what it can speak and what the task looks like.
    struct Hello: Encodable, Sendable {
        var `protocol` = protocolName
        var versions = SubprocessMessages.versions
        var task: String
        var fields: [String]
        var labels: [String]
    }

    /// The child's first line: the version it chose and what its scores are.
    struct Ready: Decodable, Sendable, Equatable {
        var `protocol`: String
        var version: Int
        var labels: [String]
        /// `logits` or `probabilities`.
        var scores: String
        /// A description for reports, e.g. the model's name and file.
        var model: String?
        /// A checksum of the weights, recorded in reports and journals.
        var checksum: String?
        /// The most inputs the child takes per request; advglue splits larger batches.
        var maxBatchSize: Int?

        enum CodingKeys: String, CodingKey {
            case `protocol`, version, labels, scores, model, checksum
            case maxBatchSize = "max_batch_size"
        }
    }

    /// A batch: one object per input, mapping field names to text.
    struct Request: Encodable, Sendable {
        var id: Int
        var inputs: [[String: String]]
    }

    /// The answer to one request: `scores` (one row per input, columns in the order of
    /// the handshake's labels) or `error`.
    struct Response: Decodable, Sendable {
        var id: Int
        var scores: [[Double]]?
        var error: String?
    }

    /// The request id in a line that does not decode (for example because it holds a
    /// bare NaN, which JSON does not allow), so that request can fail with the reason.
    static func id(inBrokenLine line: String) -> Int? {
        guard let range = line.range(of: #""id"\s*:\s*(\d+)"#, options: .regularExpression) else { return nil }
        return Int(line[range].drop { !$0.isNumber })
    }
}
