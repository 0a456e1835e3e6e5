import AdvGlueAttacks
import AdvGlueCorpora
import Foundation
import Testing
@testable import AdvGlueReports

/// Journal lines are decoded without `Codable` for speed; the result must be exactly what
/// `JSONDecoder` gives, and a line the fast reader does not take must still decode (or
/// fail) as `JSONDecoder` decides.
@Suite("Journal result decoder")
struct JournalResultDecoderTests {
    /// The result object of a journal line, as the writer writes it.
    static func object(_ result: AttackResult) -> ArraySlice<UInt8> {
        let line = [UInt8](ResultsJSON.journalLine(index: 7, result: result))
        return JournalFrame.result(line[..<(line.count - 1)])!
    }

    static func expectSameAsJSONDecoder(_ result: AttackResult, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let bytes = object(result)
        let reference = try JSONDecoder().decode(AttackResult.self, from: Data(bytes))
        let fast = JournalResultDecoder.fast(bytes)
        #expect(fast != nil, "the fast reader gave up on a line the writer wrote", sourceLocation: sourceLocation)
        #expect(fast == reference, sourceLocation: sourceLocation)
        #expect(fast == result, sourceLocation: sourceLocation)
    }

    @Test func hostileResults() throws {
        var results = try Hostile.results().results
        var extra = try #require(results.first)
        extra.errorMessage = "quote \" slash / tab \t \u{0} \u{1F} \u{7F} \u{2028} emoji 👩🏽‍💻 \u{10FFFF}"
        extra.validity = ValidityScores(similarity: 0.125, bertScoreF1: nil)
        extra.originalProbabilities = [0, 1, 1e-7, 3.4028235e38, 0.1, 123456792, -0.0, 1.1754944e-38, Float.leastNonzeroMagnitude]
        extra.perturbed = nil
        extra.perturbedPrediction = nil
        extra.perturbedProbabilities = nil
        extra.modifications = []
        var validity = extra
        validity.validity = ValidityScores(similarity: -0.5, bertScoreF1: 0.9999999999999999)
        var empty = extra
        empty.validity = ValidityScores()
        results += [extra, validity, empty]
        for result in results { try Self.expectSameAsJSONDecoder(result) }
    }

    /// Every shipped recipe on the demo corpora of a single-text and a pair task.
    @Test(arguments: ["typo", "pwws", "deepwordbug", "homoglyph", "invisible", "distraction", "paraphrase", "composite"])
    func realRuns(_ recipe: String) async throws {
        for task in [GlueTask.sst2, .mnli] {
            let attack = try Fixtures.recipe(recipe)
            let examples = Array(try Fixtures.demo(task).prefix(25))
            let results = await AttackRunner(attack: attack.attack, classifier: try Fixtures.model(task), seed: 11, jobs: 2).run(examples)
            for result in results { try Self.expectSameAsJSONDecoder(result) }
        }
    }

    /// Shapes the writer never produces: the fast reader steps aside and `JSONDecoder`
    /// decides, so the outcome is the same as before it existed.
    @Test(arguments: [
        // Spaces, other key order, an unknown key, explicit nulls: valid JSON the reader takes or leaves.
        #"{ "wordCount" : 2, "queries" : 1, "outcome" : "skipped", "original" : {"fields":[{"text":"a b","name":"sentence"}]}, "modifications" : [], "groundTruth" : 1, "exampleID" : "x", "budgetExhausted" : false, "future" : {"a":[1,2,null]}, "perturbed" : null }"#,
        // A number JSONDecoder accepts for an Int that the reader leaves to it.
        #"{"budgetExhausted":false,"exampleID":"x","groundTruth":1.0,"modifications":[],"original":{"fields":[]},"outcome":"failed","queries":1,"wordCount":0}"#,
        // Escapes the writer does not use.
        #"{"budgetExhausted":false,"exampleID":"\ud83d\ude00 \/ \u00e9","groundTruth":1,"modifications":[],"original":{"fields":[]},"outcome":"failed","queries":1,"wordCount":0}"#,
        // Broken: a lone surrogate, a missing key, a wrong type, a bad outcome, trailing bytes, a span of 0.
        #"{"budgetExhausted":false,"exampleID":"\ud83d","groundTruth":1,"modifications":[],"original":{"fields":[]},"outcome":"failed","queries":1,"wordCount":0}"#,
        #"{"budgetExhausted":false,"groundTruth":1,"modifications":[],"original":{"fields":[]},"outcome":"failed","queries":1,"wordCount":0}"#,
        #"{"budgetExhausted":"no","exampleID":"x","groundTruth":1,"modifications":[],"original":{"fields":[]},"outcome":"failed","queries":1,"wordCount":0}"#,
        #"{"budgetExhausted":false,"exampleID":"x","groundTruth":1,"modifications":[],"original":{"fields":[]},"outcome":"won","queries":1,"wordCount":0}"#,
        #"{"budgetExhausted":false,"exampleID":"x","groundTruth":1,"modifications":[],"original":{"fields":[]},"outcome":"failed","queries":1,"wordCount":0}}"#,
        #"{"budgetExhausted":false,"exampleID":"x","groundTruth":01,"modifications":[],"original":{"fields":[]},"outcome":"failed","queries":1,"wordCount":0}"#,
        #"{"budgetExhausted":false,"exampleID":"x","groundTruth":1,"modifications":[{"original":"a","position":{"field":0,"word":0},"replacement":"b","span":0,"transformation":"t"}],"original":{"fields":[]},"outcome":"failed","queries":1,"wordCount":0}"#,
        #"{"budgetExhausted":false,"exampleID":"x","exampleID":"y","groundTruth":1,"modifications":[],"original":{"fields":[]},"outcome":"failed","queries":1,"wordCount":0}"#,
        "{\"budgetExhausted\":false,\"exampleID\":\"tab\tinside\",\"groundTruth\":1,\"modifications\":[],\"original\":{\"fields\":[]},\"outcome\":\"failed\",\"queries\":1,\"wordCount\":0}",
    ])
    func otherShapesDecodeAsJSONDecoderDecodesThem(_ text: String) {
        let bytes = Array(text.utf8)[...]
        let reference = try? JSONDecoder().decode(AttackResult.self, from: Data(bytes))
        let decoded = try? JournalResultDecoder.decode(bytes)
        #expect(decoded == reference)
        if let fast = JournalResultDecoder.fast(bytes) { #expect(fast == reference) }
    }
}
