import AdvGlueAttacks
import AdvGlueCorpora
import AdvGlueGates
import AdvGlueReports
import AdvGlueResults
import Foundation
import Testing

@Suite("Release gates")
struct GateTests {
    static func parse(_ yaml: String) throws -> GateConfig {
        try GateConfig.parse(Data(yaml.utf8), file: "/tmp/robustness.yaml")
    }

    static func subject(
        task: GlueTask = .sst2, recipe: String = "typo", before: Double? = 0.8, after: Double? = 0.5,
        success: Double? = 0.375, similarity: Double? = nil, probe: ProbeVerdict? = nil
    ) -> GateSubject {
        GateSubject(
            task: task, recipe: recipe, model: "builtin:lexical", source: "Reports/x", complete: true,
            originalAccuracy: before,
            accuracyUnderAttack: after, attackSuccessRate: success, averageSimilarity: similarity,
            averageBERTScoreF1: nil, probe: probe)
    }

    @Test func thresholdsNameTheGateAndTheShortfall() throws {
        let config = try Self.parse(
            """
            version: 1
            gates:
              - name: floor
                task: sst2
                recipe: typo
                min_accuracy_under_attack: 60%
                max_drop: 25%
                max_success_rate: 40%
            """)
        let evaluation = GateEvaluation(config: config, subjects: [Self.subject()])
        #expect(!evaluation.passed)
        #expect(evaluation.checks.map(\.check) == ["min_accuracy_under_attack", "max_drop", "max_success_rate"])
        #expect(evaluation.checks.map(\.passed) == [false, false, true])
        #expect(evaluation.checks[0].message == "accuracy under attack 50.0% is 10.0 points below the minimum 60.0%")
        #expect(
            evaluation.checks[1].message
                == "accuracy drops 30.0 points (80.0% to 50.0%), 5.0 points more than the maximum 25.0 points")
        #expect(GateReport.verdict(evaluation) == "FAILED: 2 of 3 checks failed.")
    }

    @Test func wildcardsMatchEveryRunAndUnmatchedGatesAreListed() throws {
        let config = try Self.parse(
            """
            version: 1
            gates:
              - name: every recipe
                recipe: "*"
                max_success_rate: 50%
              - name: rte only
                task: rte
                max_success_rate: 10%
              - name: qnli required
                task: qnli
                max_success_rate: 10%
                required: true
            """)
        let evaluation = GateEvaluation(
            config: config, subjects: [Self.subject(), Self.subject(recipe: "pwws", success: 0.9)])
        #expect(evaluation.checks.filter { $0.gate == "every recipe" }.map(\.passed) == [true, false])
        #expect(evaluation.notApplicable == ["rte only: no matching results"])
        let required = try #require(evaluation.checks.first { $0.gate == "qnli required" })
        #expect(!required.passed && required.check == "results")
    }

    @Test func validityAndIllusionNeedTheirMeasures() throws {
        let config = try Self.parse(
            """
            version: 1
            gates:
              - min_similarity: 0.8
                fail_on_calibration_illusion: true
            """)
        let unmeasured = GateEvaluation(config: config, subjects: [Self.subject()])
        #expect(unmeasured.checks.map(\.passed) == [false, false])
        #expect(unmeasured.checks[1].message.contains("--probe"))
        let measured = GateEvaluation(
            config: config,
            subjects: [
                Self.subject(
                    similarity: 0.85,
                    probe: ProbeVerdict(suspected: true, gapPoints: 46, thresholdPoints: 5))
            ])
        #expect(measured.checks.map(\.passed) == [true, false])
        #expect(measured.checks[1].message.contains("46.0 points above"))
        #expect(measured.checks[0].gate == "gate 1")
    }

    @Test func incompleteResultsFail() throws {
        var subject = Self.subject()
        subject.complete = false
        let evaluation = GateEvaluation(
            config: try Self.parse("version: 1\ngates:\n  - max_success_rate: 90%\n"), subjects: [subject])
        #expect(evaluation.checks.first?.check == "complete" && evaluation.checks.first?.passed == false)
    }

    @Test(arguments: [
        (
            "version: 1\ngates:\n  - min_accuracy_under_attack: 0.4\n",
            "robustness.yaml:3: 'gates[0].min_accuracy_under_attack': expected a percentage"
        ),
        ("version: 1\ngates:\n  - max_drop: 140%\n", "'gates[0].max_drop': expected a percentage from 0% to 100%"),
        ("version: 1\ngates:\n  - min_similarity: 80%\n", "'gates[0].min_similarity': expected a number"),
        ("version: 1\ngates:\n  - max_sucess_rate: 40%\n", "'gates[0].max_sucess_rate': unknown key"),
        ("version: 1\ngates:\n  - task: cola\n    max_drop: 4%\n", "unknown task 'cola'"),
        ("version: 1\ngates:\n  - name: nothing\n", "the gate checks nothing"),
        ("version: 2\ngates: []\n", "unsupported gate config version"),
    ])
    func badConfigsNameFileLineAndKey(_ yaml: String, _ expected: String) {
        #expect {
            try Self.parse(yaml)
        } throws: { error in
            "\(error)".contains(expected)
        }
    }

    @Test func theExampleConfigParses() throws {
        let config = try GateConfig.load(Fixtures.packageRoot.appending(path: "robustness.example.yaml"))
        #expect(config.gates.count == 5 && config.gates[0].confidence == 0.95)
        #expect(config.results == [Fixtures.packageRoot.appending(path: "Reports/sst2").standardizedFileURL.path])
    }

    /// An AdvGLUE task is the recipe `advglue`; its drop compares like with like.
    @Test func evalTasksAreSubjects() throws {
        let subjects = FormatGoldenTests.eval().gateSubjects(source: "e")
        #expect(subjects.map(\.recipe) == ["advglue", "advglue", "advglue", "advglue"])
        let config = try Self.parse(
            "version: 1\ngates:\n  - task: sst2\n    recipe: advglue\n    max_drop: 1%\n    max_success_rate: 50%\n")
        let evaluation = GateEvaluation(config: config, subjects: subjects)
        // SST-2: benign 66.7% on the 3 items with an original, adversarial 66.7% on those: no drop.
        #expect(evaluation.checks[0].passed)
        #expect(!evaluation.checks[1].passed && evaluation.checks[1].message.contains("no attack success rate"))
    }
}
