import AdvGlueAttacks
import AdvGlueCorpora
import AdvGlueResults
import AdvGlueSupport
import AdvGlueText
import Foundation
import Testing

/// ``ResultCodec`` is the one author of a result's JSON. Its bytes must be exactly what
/// `JSONEncoder` writes for the documented schema (``ReferenceResult``), for hostile text
/// and real runs, and it must read back what it writes and what any JSON writer could
/// write for the same values.
@Suite("Result codec")
struct ResultCodecTests {
    /// Results with every kind of value: each optional present and absent, hostile text.
    static func variedResults() throws -> [AttackResult] {
        var results = try Hostile.results().results
        var extra = try #require(results.first)
        extra.errorMessage = "quote \" slash / tab \t \u{0} \u{1F} \u{7F} \u{2028} emoji 👩🏽‍💻 \u{10FFFF}"
        extra.validity = ValidityScores(similarity: 0.125, bertScoreF1: nil)
        extra.originalProbabilities = [
            0, 1, 1e-7, 3.4028235e38, 0.1, 123_456_792, -0.0, 1.1754944e-38, Float.leastNonzeroMagnitude,
        ]
        extra.perturbed = nil
        extra.perturbedPrediction = nil
        extra.perturbedProbabilities = nil
        extra.modifications = []
        var validity = extra
        validity.validity = ValidityScores(similarity: -0.5, bertScoreF1: 0.9999999999999999)
        validity.outcome = .error
        var empty = extra
        empty.validity = ValidityScores()
        var filtered = extra
        filtered.validity = ValidityScores(
            similarity: 0.5, bertScoreF1: nil, fieldSimilarity: 0.875, wordShare: 0.1, passed: ["same-case", "b\"q"])
        filtered.rejected = FilterRejections(
            candidates: ["typos-stay-typos": 3, "polarity-kept": 12, "Ω": 1], flips: ["field-similarity": 2])
        var noneRejected = extra
        noneRejected.rejected = FilterRejections()
        return results + [extra, validity, empty, filtered, noneRejected]
    }

    static func realResults(_ recipe: String, task: GlueTask) async throws -> [AttackResult] {
        let attack = try Fixtures.recipe(recipe)
        let examples = Array(try Fixtures.demo(task).prefix(25))
        return await AttackRunner(attack: attack.attack, classifier: try Fixtures.model(task), seed: 11, jobs: 2).run(
            examples)
    }

    static func expectCodecMatchesReference(
        _ results: [AttackResult], sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        for (index, result) in results.enumerated() {
            let line = ResultCodec.journalLine(index: index, result: result)
            #expect(
                line == (try ReferenceResult.journalLine(index: index, result: result)), sourceLocation: sourceLocation)
            let entry = try ResultCodec.journalEntry(line.dropLast())
            #expect(entry.index == index && entry.result == result, sourceLocation: sourceLocation)
        }
    }

    @Test func hostileResultsMatchJSONEncoderAndRoundTrip() throws {
        try Self.expectCodecMatchesReference(try Self.variedResults())
    }

    @Test(arguments: [
        "typo", "pwws", "deepwordbug", "homoglyph", "invisible", "distraction", "paraphrase", "composite",
    ])
    func realRunsMatchJSONEncoderAndRoundTrip(_ recipe: String) async throws {
        for task in [GlueTask.sst2, .mnli] {
            try Self.expectCodecMatchesReference(try await Self.realResults(recipe, task: task))
        }
    }

    /// The whole file: the results spliced into what `Codable` writes of the rest.
    @Test func resultsFilesMatchJSONEncoderAndRoundTrip() throws {
        var file = try Hostile.results()
        file.results = try Self.variedResults()
        for results in [file.results, []] {
            let one = ResultsFile(tool: file.tool, complete: file.complete, run: file.run, results: results)
            let bytes = try one.encoded()
            #expect(bytes == (try ReferenceResult.resultsFile(one)))
            #expect(try ResultsFile.decode(bytes) == one)
        }
    }

    /// What another JSON writer may produce for the same values reads the same.
    @Test(arguments: [
        // Spaces, another key order, an unknown key, explicit nulls.
        #"{ "wordCount" : 2, "queries" : 1, "outcome" : "skipped", "original" : {"fields":[{"text":"a b","name":"sentence"}]}, "modifications" : [], "groundTruth" : 1, "exampleID" : "x", "budgetExhausted" : false, "future" : {"a":[1,2,null]}, "perturbed" : null }"#,
        // A whole number written with a fraction or an exponent.
        #"{"budgetExhausted":false,"exampleID":"x","groundTruth":1.0,"modifications":[],"original":{"fields":[]},"outcome":"failed","queries":1e0,"wordCount":0}"#,
        // Escapes the writer does not use.
        #"{"budgetExhausted":false,"exampleID":"\ud83d\ude00 \/ \u00e9","groundTruth":1,"modifications":[],"original":{"fields":[]},"outcome":"failed","queries":1,"wordCount":0}"#,
    ])
    func otherWritersShapesRead(_ text: String) throws {
        let result = try ResultCodec.decode(Array(text.utf8)[...])
        #expect(result.exampleID == "x" || result.exampleID == "😀 / é")
        #expect(result.groundTruth == 1)
        #expect(result.perturbed == nil)
    }

    /// Malformed results are errors that say what was expected where, never a crash.
    @Test(arguments: [
        (
            #"{"budgetExhausted":false,"exampleID":"\ud83d","groundTruth":1,"modifications":[],"original":{"fields":[]},"outcome":"failed","queries":1,"wordCount":0}"#,
            "surrogate"
        ),
        (
            #"{"budgetExhausted":false,"groundTruth":1,"modifications":[],"original":{"fields":[]},"outcome":"failed","queries":1,"wordCount":0}"#,
            "no 'exampleID'"
        ),
        (
            #"{"budgetExhausted":"no","exampleID":"x","groundTruth":1,"modifications":[],"original":{"fields":[]},"outcome":"failed","queries":1,"wordCount":0}"#,
            "true or false"
        ),
        (
            #"{"budgetExhausted":false,"exampleID":"x","groundTruth":1,"modifications":[],"original":{"fields":[]},"outcome":"won","queries":1,"wordCount":0}"#,
            "unknown outcome 'won'"
        ),
        (
            #"{"budgetExhausted":false,"exampleID":"x","groundTruth":1,"modifications":[],"original":{"fields":[]},"outcome":"failed","queries":1,"wordCount":0}}"#,
            "the end of the JSON value"
        ),
        (
            #"{"budgetExhausted":false,"exampleID":"x","groundTruth":01,"modifications":[],"original":{"fields":[]},"outcome":"failed","queries":1,"wordCount":0}"#,
            "the end of the number"
        ),
        (
            #"{"budgetExhausted":false,"exampleID":"x","groundTruth":1.5,"modifications":[],"original":{"fields":[]},"outcome":"failed","queries":1,"wordCount":0}"#,
            "whole number"
        ),
        (
            #"{"budgetExhausted":false,"exampleID":"x","groundTruth":1,"modifications":[{"original":"a","position":{"field":0,"word":0},"replacement":"b","span":0,"transformation":"t"}],"original":{"fields":[]},"outcome":"failed","queries":1,"wordCount":0}"#,
            "span 0"
        ),
        (
            #"{"budgetExhausted":false,"exampleID":"x","exampleID":"y","groundTruth":1,"modifications":[],"original":{"fields":[]},"outcome":"failed","queries":1,"wordCount":0}"#,
            "appears twice"
        ),
        (
            "{\"budgetExhausted\":false,\"exampleID\":\"tab\tinside\",\"groundTruth\":1,\"modifications\":[],\"original\":{\"fields\":[]},\"outcome\":\"failed\",\"queries\":1,\"wordCount\":0}",
            "control characters"
        ),
        (
            #"{"budgetExhausted":false,"exampleID":"x","groundTruth":1,"modifications":[],"original":{"fields":[]},"outcome":"failed","queries":1,"wordCount":0"#,
            "',' or '}'"
        ),
    ])
    func malformedResultsAreErrors(_ text: String, _ expected: String) {
        do {
            let result = try ResultCodec.decode(Array(text.utf8)[...])
            Issue.record("read \(result.exampleID) from malformed JSON")
        } catch {
            #expect(error.code == .badData)
            #expect(error.message.contains(expected), "\(error.message)")
        }
    }

    /// Scanning a journal reads an example line's index and id without its result.
    @Test func journalHeadsReadIndexAndIDOnly() throws {
        for (index, result) in try Self.variedResults().enumerated() {
            let line = ResultCodec.journalLine(index: index, result: result).dropLast()
            let head = try #require(ResultCodec.journalHead(line))
            #expect(head.index == index && head.exampleID == result.exampleID)
            #expect(ResultCodec.journalHead(line.dropLast()) == nil, "a torn line has no head")
        }
    }

    /// A line whose keys another tool reordered still places its example.
    @Test func journalHeadsReadLinesWithTheResultFirst() throws {
        for (index, result) in try Self.variedResults().enumerated() {
            var json = JSONWriter(style: .compact)
            ResultCodec.write(result, to: &json)
            let line = Array("{\"result\":".utf8) + json.bytes + Array(",\"index\":\(index)}".utf8)
            let head = try #require(ResultCodec.journalHead(line[...]), "\(String(decoding: line, as: UTF8.self))")
            #expect(head.index == index && head.exampleID == result.exampleID)
        }
    }

    /// A results file without its `results` array is not an empty run.
    @Test func aResultsFileWithoutResultsIsRefused() throws {
        let file = try Hostile.results()
        var object = try #require(try JSONSerialization.jsonObject(with: file.encoded()) as? [String: Any])
        object.removeValue(forKey: "results")
        let data = try JSONSerialization.data(withJSONObject: object)
        #expect(throws: AdvGlueError.self) { _ = try ResultsFile.decode(data) }
    }
}
