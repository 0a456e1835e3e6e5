import AdvGlueResults
import AdvGlueText
import Foundation
import Testing

/// `docs/results-schema.md` is the contract of `results.json`: every key the codec
/// writes is documented there, with `?` on its type exactly when the key may be absent.
@Suite("results.json schema document")
struct ResultsSchemaDocTests {
    /// The keys of the table under `## heading` in the schema document: key → optional.
    static func documentedKeys(_ heading: String) throws -> [String: Bool] {
        let text = try String(
            contentsOf: Fixtures.packageRoot.appending(path: "docs/results-schema.md"), encoding: .utf8)
        let section = try #require(
            text.components(separatedBy: "\n## \(heading)\n").dropFirst().first, "no section \(heading)")
        var keys: [String: Bool] = [:]
        for line in section.split(separator: "\n").prefix(while: { !$0.hasPrefix("#") }) where line.hasPrefix("| `") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            let optional = cells[1].hasSuffix("?")
            for key in cells[0].split(separator: ",") {
                keys[key.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "`"))] =
                    optional
            }
        }
        return keys
    }

    /// The top-level keys of a JSON object.
    static func keys(_ bytes: [UInt8]) throws -> Set<String> {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        return Set(object.keys)
    }

    static func result(full: Bool) -> AttackResult {
        let input = TextInput([("sentence", "a fine film")])
        return AttackResult(
            exampleID: "x", groundTruth: 1, outcome: full ? .successful : .error, original: input,
            perturbed: full ? input : nil,
            originalPrediction: full ? 1 : nil, perturbedPrediction: full ? 0 : nil,
            originalProbabilities: full ? [0.1, 0.9] : nil,
            perturbedProbabilities: full ? [0.6, 0.4] : nil,
            modifications: full
                ? [
                    Modification(
                        position: WordPosition(field: 0, word: 1), original: "fine", replacement: "fne",
                        transformation: "t")
                ] : [],
            wordCount: 3, queries: 4, budgetExhausted: false, errorMessage: full ? "m" : nil,
            validity: full
                ? ValidityScores(
                    similarity: 0.9, bertScoreF1: 0.8, fieldSimilarity: 0.95, wordShare: 0.1, passed: ["same-case"])
                : nil,
            rejected: full ? FilterRejections(candidates: ["same-case": 1], flips: [:]) : nil)
    }

    @Test func everyResultKeyTheCodecWritesIsDocumented() throws {
        let documented = try Self.documentedKeys("`results[]`")
        var json = JSONWriter(style: .compact)
        ResultCodec.write(Self.result(full: true), to: &json)
        #expect(try Self.keys(json.bytes) == Set(documented.keys))
        var minimal = JSONWriter(style: .compact)
        ResultCodec.write(Self.result(full: false), to: &minimal)
        #expect(try Self.keys(minimal.bytes) == Set(documented.filter { !$0.value }.keys))
    }

    @Test func everySummaryAndRunKeyIsDocumented() throws {
        let file = try Hostile.results()
        let object = try #require(try JSONSerialization.jsonObject(with: try file.encoded()) as? [String: Any])
        let summary = try #require(object["summary"] as? [String: Any])
        let run = try #require(object["run"] as? [String: Any])
        #expect(Set(try Self.documentedKeys("`summary`").keys).isSuperset(of: summary.keys))
        #expect(
            Set(try Self.documentedKeys("`run`").keys)
                == Set(run.keys).union(["queryBudget", "numExamplesRequested", "filters"]))
    }
}
