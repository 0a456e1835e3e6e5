import AdvGlueAttacks
import AdvGlueCorpora
import AdvGlueGates
import AdvGlueModels
import AdvGlueReports
import AdvGlueResults
import AdvGlueText
import Foundation
import Testing

/// Golden files for every format drawn from the fixed attack results of
/// ``AttackReportTests`` and a small AdvGLUE evaluation; regenerate with
/// scripts/regenerate-goldens.sh and review the diff.
@Suite("Output format goldens")
struct FormatGoldenTests {
    static func eval() -> EvalFile {
        func item(
            _ id: String, _ label: Int, _ prediction: Int?, original: Int?? = nil, level: String = "word",
            method: String = "TextBugger",
            text: String = "a fine film", perturbed: String = "a fien film"
        ) -> EvalItem {
            var item = EvalItem(
                id: id, label: label, input: TextInput([("sentence", perturbed)]),
                original: original == nil ? nil : TextInput([("sentence", text)]), level: level, method: method)
            item.prediction = prediction
            item.probabilities = prediction.map { $0 == 1 ? [0.2, 0.8] : [0.8, 0.2] }
            if let original, let value = original {
                item.originalPrediction = value
                item.originalProbabilities = value == 1 ? [0.1, 0.9] : [0.9, 0.1]
            }
            if prediction == nil { item.error = "model timed out" }
            return item
        }
        let sst2 = [
            item("0", 1, 0, original: 1), item("1", 1, 1, original: 1),
            item("2", 0, 0, original: 1, level: "sentence", method: "StressTest"),
            item("3", 0, 1, level: "human", method: "CheckList"),
        ]
        func pair(_ id: String, _ label: Int, _ prediction: Int?, original: Int) -> EvalItem {
            var item = EvalItem(
                id: id, label: label,
                input: TextInput([("question1", "how do i learn swift"), ("question2", "how to lern swift")]),
                original: TextInput([("question1", "how do i learn swift"), ("question2", "how to learn swift")]),
                level: "word", method: "SememePSO")
            item.prediction = prediction
            item.originalPrediction = original
            if prediction == nil { item.error = "model returned NaN" }
            return item
        }
        let qqp = [
            pair("0", 1, 1, original: 1), pair("1", 1, 0, original: 1), pair("2", 0, 1, original: 0),
            pair("3", 0, nil, original: 0),
        ]
        let model = ModelIdentity(spec: "builtin:lexical", description: "lexical logistic regression", checksum: "ab")
        let mnli = [item("0", 2, 2, original: 2), item("1", 0, 1, original: 0)].map {
            var i = $0
            i.input = TextInput([("premise", "p"), ("hypothesis", i.input.texts[0])])
            i.original = i.original.map { TextInput([("premise", "p"), ("hypothesis", $0.texts[0])]) }
            return i
        }
        return EvalFile(
            tool: ToolInfo(version: "0.1.0"), benchmark: "advglue", complete: true,
            data: DataInfo(
                file: "advglue/dev.json", sha256: "d0", format: .advglueJSON, demo: false, examplesInFile: 14,
                skippedRows: []),
            annotations: DataInfo(
                file: "advglue/dev_ann.json", sha256: "d1", format: .advglueJSON, demo: false, examplesInFile: 14,
                skippedRows: []),
            tasks: [
                EvalTask(task: .sst2, model: model, items: sst2), EvalTask(task: .qqp, model: model, items: qqp),
                EvalTask(task: .mnli, model: model, items: mnli),
                EvalTask(task: .mnliMismatched, model: model, items: mnli),
            ])
    }

    static let context = ReportContext(
        commandLine: ["advglue", "eval", "--benchmark", "advglue"], commit: "deadbeef",
        icuVersion: "72.1", date: "2026-11-22T00:00:00Z", elapsedSeconds: 2, resultsFileName: "eval.json")

    @Test func attackCSV() throws {
        #expect(try Fixtures.matchesGolden(AttackCSV.render(AttackReportTests.results()), "results-sst2.csv"))
    }

    @Test func attackJUnit() throws {
        #expect(
            try Fixtures.matchesGolden(
                JUnitXML(suites: [AttackJUnit.suite(AttackReportTests.results())]).render(), "junit-sst2.xml"))
    }

    @Test func accuracyChart() throws {
        let part = SuiteReport.Part(folder: "typo", results: try AttackReportTests.results(), probe: nil)
        #expect(try Fixtures.matchesGolden(SuiteReport.chart([part]).svg(), "accuracy-sst2.svg"))
    }

    @Test func suiteSummary() throws {
        var second = try AttackReportTests.results()
        second.run.recipe.name = "homoglyph"
        second.complete = false
        let parts = [
            SuiteReport.Part(folder: "typo", results: try AttackReportTests.results(), probe: "no illusion (gap 0.0)"),
            SuiteReport.Part(folder: "homoglyph", results: second, probe: "illusion suspected (gap 12.0)"),
        ]
        #expect(
            try Fixtures.matchesGolden(SuiteReport.render(parts, context: AttackReportTests.context), "summary-sst2.md")
        )
    }

    @Test func evalReport() throws {
        #expect(try Fixtures.matchesGolden(EvalReport.render(Self.eval(), context: Self.context), "eval-report.md"))
        #expect(try Fixtures.matchesGolden(Self.eval().csv(), "eval.csv"))
    }

    @Test func gateReport() throws {
        let config = try GateConfig.load(Fixtures.packageRoot.appending(path: "Tests/Configs/gate-fail.yaml"))
        var evaluation = GateEvaluation(
            config: config,
            subjects: [GateSubject(attack: try AttackReportTests.results(), probe: nil, source: "Reports/x")])
        evaluation.config = "gate-fail.yaml"
        #expect(try Fixtures.matchesGolden(GateReport.markdown(evaluation), "gate.md"))
        #expect(try Fixtures.matchesGolden(GateReport.junit(evaluation).render(), "gate-junit.xml"))
    }
}
