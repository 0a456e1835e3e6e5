import AdvGlueSupport
import Foundation

/// The one JSON style of every file advglue writes: sorted keys, pretty-printed, no
/// escaped slashes, a final newline; so equal values give equal bytes.
public enum JSONFiles {
    public static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var data = try encoder.encode(value)
        data.append(0x0A)
        return data
    }

    static let decoder = JSONDecoder()

    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try decoder.decode(type, from: data)
    }

    /// Rejects a file of another schema, or of a newer version than this advglue reads.
    public static func check(schema: String, version: Int, expected: String, supported: Int) throws(AdvGlueError) {
        guard schema == expected else { throw AdvGlueError(.badData, "schema '\(schema)', expected '\(expected)'") }
        guard version <= supported else {
            throw AdvGlueError(
                .badData, "\(schema) version \(version) is newer than this advglue reads (\(supported))",
                hint: "update advglue")
        }
    }
}
