import AdvGlueAttacks
import AdvGlueCorpora
import AdvGlueModels
import AdvGlueText
import Foundation
import Testing

@testable import AdvGlueReports
@testable import AdvGlueResults

@Suite("Attack report")
struct AttackReportTests {
    /// A fixed results file with hostile text, so the golden report covers escaping.
    static func results(complete: Bool = true) throws -> ResultsFile {
        func result(
            _ id: String, _ text: String, outcome: AttackOutcome, changes: [(Int, String)] = [], prediction: Int? = nil,
            queries: Int = 10, error: String? = nil
        ) throws -> AttackResult {
            let input = TextInput([("sentence", text)])
            let segmented = try SegmentedInput(input)
            let modifications = changes.map {
                Modification(
                    position: WordPosition(field: 0, word: $0.0),
                    original: String(segmented.fields[0].words[$0.0].text),
                    replacement: $0.1, transformation: "character-typo.swap")
            }
            let perturbed =
                outcome == .successful || outcome == .failed
                ? segmented.replacing(
                    Dictionary(uniqueKeysWithValues: modifications.map { ($0.position, $0.replacement) })) : nil
            return AttackResult(
                exampleID: id, groundTruth: 1, outcome: outcome, original: input, perturbed: perturbed,
                originalPrediction: outcome == .skipped ? 0 : (outcome == .error ? nil : 1),
                perturbedPrediction: perturbed == nil ? nil : (outcome == .successful ? 0 : 1),
                originalProbabilities: outcome == .error ? nil : [0.1, 0.9],
                perturbedProbabilities: perturbed == nil ? nil : [0.7, 0.3],
                modifications: modifications, wordCount: segmented.wordCount, queries: queries, budgetExhausted: false,
                errorMessage: error)
        }
        let results = [
            try result(
                "1", "a truly <script>alert(1)</script> wonderful | film", outcome: .successful,
                changes: [(6, "wodnerful")], queries: 12),
            try result(
                "2", "`backticks` and **stars** in a charming story", outcome: .successful, changes: [(5, "chraming")],
                queries: 30),
            try result(
                "3", "a dull\nfilm with \u{202E}reversed\u{202C} text", outcome: .failed, changes: [(1, "dlul")],
                queries: 40),
            try result("4", "misclassified before the attack", outcome: .skipped, queries: 1),
            try result(
                "5", "the model failed here", outcome: .error, queries: 0, error: "model returned a NaN | score"),
        ]
        let recipe = RecipeInfo(try Fixtures.recipe())
        var info = RunInfo(
            task: .sst2, labels: GlueTask.sst2.labelNames, recipe: recipe,
            model: ModelIdentity(
                spec: "builtin:lexical", description: "lexical logistic regression (sst2, 3 features)",
                checksum: "abc123"),
            data: DataInfo(
                file: "data/dev.tsv", sha256: "def456", format: .glueTSV, demo: false, examplesInFile: 7,
                skippedRows: [SkippedRow(file: "data/dev.tsv", line: 3, problem: "unknown label 'x'")]),
            fields: ["sentence"], seed: 42, queryBudget: 2000, numExamplesRequested: 5,
            examplesSelected: complete ? 5 : 9)
        info.recipe.file = "Attacks/typo.yaml"
        info.recipe.sha256 = "0123"
        info.recipe.dataFiles = [DataFileInfo(file: "Corpora/lexicons/stopwords-en.txt", sha256: "4567")]
        return ResultsFile(tool: ToolInfo(version: "0.1.0"), complete: complete, run: info, results: results)
    }

    static let context = ReportContext(
        commandLine: ["advglue", "attack", "--task", "sst2", "--data", "it's `here`"],
        commit: "deadbeef", icuVersion: "72.1", date: "2026-11-22T00:00:00Z", elapsedSeconds: 2)

    @Test func summaryFollowsTextAttackDefinitions() throws {
        let s = try Self.results().summary
        #expect(s.successful == 2 && s.failed == 1 && s.skipped == 1 && s.errors == 1)
        #expect(s.originalAccuracy == 3.0 / 4.0)
        #expect(s.accuracyUnderAttack == 1.0 / 4.0)
        #expect(s.attackSuccessRate == 2.0 / 3.0)
        let meanQueries: Double = (12 + 30 + 40) / 3
        #expect(s.averageQueries == meanQueries)
        #expect(s.p95Queries == 40)
        #expect(
            AttackSummary.percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20], 0.95)
                == 19)
    }

    @Test func reportMatchesGolden() throws {
        let report = AttackReport.render(try Self.results(), context: Self.context)
        #expect(try Fixtures.matchesGolden(report, "report-sst2.md"))
    }

    /// A filtered run says its figures count valid examples only, and what each filter
    /// rejected, summed over the examples; an unfiltered one says it validated nothing.
    @Test func reportsSayWhatTheValidityFiltersRejected() throws {
        var file = try Self.results()
        file.run.filters = FilterInfo(
            set: "advglue", filters: ["same-case", "typos-stay-typos", "field-similarity"], similarityThreshold: 0.8,
            dataFiles: [DataFileInfo(file: "/usr/share/dict/american-english", sha256: "99")])
        file.results[0].rejected = FilterRejections(candidates: ["typos-stay-typos": 3], flips: ["field-similarity": 1])
        file.results[1].rejected = FilterRejections(candidates: ["typos-stay-typos": 4, "same-case": 2], flips: [:])
        file.results[0].validity = ValidityScores(fieldSimilarity: 0.5, wordShare: 0.1, passed: ["same-case"])
        file.summary = AttackSummary(file.results)
        let report = AttackReport.render(file, context: Self.context)
        #expect(report.contains("Only valid adversarial examples count"))
        #expect(report.contains("which rejected 9 candidate changes and 1 flips"))
        #expect(report.contains("| `typos-stay-typos` | a character edit that makes a real word | 7 | 0 |"))
        #expect(report.contains("| `same-case` | a change of letter case | 2 | 0 |"))
        #expect(report.contains("(threshold 0.80) | 0 | 1 |"))
        #expect(report.contains("| Validity filters | `advglue`; /usr/share/dict/american-english (sha256 99) |"))
        #expect(report.contains("Field similarity |") && report.contains("| 0.500 |"))
        #expect(!report.contains("no one validated"))
        let unfiltered = AttackReport.render(try Self.results(), context: Self.context)
        #expect(unfiltered.contains("**These figures count adversarial examples no one validated (`--filters none`)"))
        #expect(unfiltered.contains("| Validity filters | none |"))
    }

    /// Where reading the recipe's successes found fewer than 90% valid, the verdict says so
    /// beside the figures; a reading at or above it, or a run without filters, does not.
    @Test func reportsQuoteTheRecipesReading() throws {
        var file = try Self.results()
        file.run.filters = FilterInfo(set: "advglue", filters: ["same-case"], similarityThreshold: 0.8)
        file.run.recipe.readings = [
            RecipeInfo.Reading(task: file.run.task.rawValue, valid: 40, read: 50, date: "2026-12-03"),
            RecipeInfo.Reading(task: "mnli", valid: 18, read: 30, date: "2026-12-03"),
        ]
        let low = AttackReport.render(file, context: Self.context)
        #expect(
            low.contains(
                "**but when the team read 50 of this recipe's successes on this task (2026-12-03, built-in lexical model), only 40 were valid (80%)"
            ))
        #expect(!low.contains("Only valid adversarial examples count"))
        #expect(low.contains("SST-2 40 of 50 valid (80%, 2026-12-03); MNLI 18 of 30 valid (60%, 2026-12-03)."))
        file.run.recipe.readings![0].valid = 49
        let high = AttackReport.render(file, context: Self.context)
        #expect(high.contains("Only valid adversarial examples count") && !high.contains("only 49 were valid"))
        // A high reading of the successes the filters were written on says so.
        file.run.recipe.readings![0].inSample = true
        let inSample = AttackReport.render(file, context: Self.context)
        #expect(!inSample.contains("Only valid adversarial examples count"))
        #expect(inSample.contains("found 49 valid (98%), but the filters were written on those very successes"))
        #expect(inSample.contains("SST-2 49 of 50 valid (98%, 2026-12-03, in-sample)"))
        file.run.recipe.readings![0].inSample = false
        #expect(AttackReport.render(file, context: Self.context).contains("(98%, 2026-12-03, held out)"))
        file.run.filters = nil
        #expect(!AttackReport.render(file, context: Self.context).contains("were valid"))
    }

    @Test func interruptedReportsSayIncomplete() throws {
        let report = AttackReport.render(try Self.results(complete: false), context: Self.context)
        #expect(report.contains("**Incomplete:** the run was interrupted after 5 of 9 examples"))
    }

    @Test func reportHasNoRawHostileText() throws {
        let report = AttackReport.render(try Self.results(), context: Self.context)
        #expect(!report.contains("<script>"))
        #expect(!report.contains("\u{202E}"))
        #expect(report.contains("~~wonderful~~") && report.contains("**wodnerful**"))
        // Every table row has the header's number of unescaped cell separators.
        for line in report.split(separator: "\n") where line.hasPrefix("| 1 |") || line.hasPrefix("| 2 |") {
            let separators = line.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count
            #expect(separators == 6, "\(line)")
        }
    }

    @Test func resultsRoundTripAndEncodeDeterministically() throws {
        let file = try Self.results()
        let data = try file.encoded()
        #expect(try ResultsFile.decode(data) == file)
        #expect(try file.encoded() == data)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"schema\" : \"advglue.attack-results\""))
        #expect(!text.contains("2026-11-22"))  // no dates in the results file
    }
}
