import AdvGlueAttacks
import AdvGlueCorpora
import Foundation
import Testing
@testable import AdvGlueReports

/// `results.json` is written without `Codable` for speed; its bytes must be exactly
/// what `JSONEncoder` writes, for hostile text and for real attack runs.
@Suite("results.json writer")
struct ResultsJSONTests {
    static func expectSameBytes(_ file: ResultsFile, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let fast = try file.encoded(), reference = try JSONFiles.encode(file)
        #expect(fast == reference, sourceLocation: sourceLocation)
        if fast != reference {
            let a = String(decoding: fast, as: UTF8.self), b = String(decoding: reference, as: UTF8.self)
            let common = zip(a, b).prefix { $0 == $1 }.count
            print("first difference at character \(common): …\(b.dropFirst(max(0, common - 80)).prefix(160))")
            let folder = FileManager.default.temporaryDirectory
            try? fast.write(to: folder.appending(path: "advglue-results-fast.json"))
            try? reference.write(to: folder.appending(path: "advglue-results-reference.json"))
        }
        #expect(try ResultsFile.decode(fast) == file, sourceLocation: sourceLocation)
    }

    @Test func hostileResults() throws {
        try Self.expectSameBytes(try Hostile.results())
    }

    @Test func everyKindOfValue() throws {
        var file = try Hostile.results()
        var result = try #require(file.results.first)
        result.errorMessage = "model returned a NaN\n\t\"quoted\" \\ back/slash \u{1}\u{1F}\u{7F}\u{2028}"
        result.validity = ValidityScores(similarity: 0.5, bertScoreF1: 1)
        result.originalProbabilities = [0, 1, 1e-7, 3.4028235e38, 0.1, 123456792, -0.0]
        result.perturbedProbabilities = nil
        result.perturbedPrediction = nil
        result.modifications = []
        var other = result
        other.validity = ValidityScores(similarity: nil, bertScoreF1: 0.25)
        other.outcome = .error
        var empty = result
        empty.validity = ValidityScores()
        file.results = [result, other, empty]
        try Self.expectSameBytes(file)
        file.results = []
        try Self.expectSameBytes(file)
    }

    /// Every shipped recipe on the demo corpus, single-text and pair tasks.
    @Test(arguments: ["typo", "pwws", "deepwordbug", "paraphrase", "composite"])
    func realRuns(_ recipe: String) async throws {
        for task in [GlueTask.sst2, .rte] {
            let attack = try Fixtures.recipe(recipe)
            let examples = Array(try Fixtures.demo(task).prefix(30))
            let results = await AttackRunner(attack: attack.attack, classifier: try Fixtures.model(task), seed: 3, jobs: 2).run(examples)
            let run = RunInfo(task: task, labels: task.labelNames, recipe: RecipeInfo(attack), model: try Fixtures.model(task).identity,
                              data: DataInfo(file: "demo", sha256: "0", format: .glueTSV, demo: true, examplesInFile: examples.count, skippedRows: []),
                              fields: attack.attack.fields.names(for: task.fieldNames), seed: 3, queryBudget: attack.attack.queryBudget,
                              numExamplesRequested: nil, examplesSelected: examples.count)
            try Self.expectSameBytes(ResultsFile(tool: ToolInfo(version: "test"), complete: true, run: run, results: results))
        }
    }
}

extension ResultsJSONTests {
    struct Line: Encodable {
        var index: Int
        var result: AttackResult
    }

    /// Journal lines: the compact form, as `JSONEncoder` without pretty printing.
    @Test func journalLinesMatchJSONEncoder() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var results = try Hostile.results().results
        var extra = try #require(results.first)
        extra.errorMessage = "quote \" slash / tab \t \u{0}"
        extra.validity = ValidityScores(similarity: 0.125, bertScoreF1: nil)
        extra.modifications = []
        results.append(extra)
        for (index, result) in results.enumerated() {
            var expected = try encoder.encode(Line(index: index, result: result))
            expected.append(0x0A)
            #expect(ResultsJSON.journalLine(index: index, result: result) == expected)
        }
    }
}
