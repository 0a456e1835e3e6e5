import AdvGlueResults
import Foundation
import Testing

/// The release-report commands run as a user would: eval, gates, report regeneration,
/// perturb, export, the step summary.
@Suite("Reports, gates and exports end to end", .serialized)
struct ReportsEndToEndTests {
    typealias E2E = EndToEndTests

    static func files(in folder: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            guard (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true else { continue }
            out[String(url.path.dropFirst(folder.path.count))] = try Data(contentsOf: url)
        }
        return out
    }

    /// Every file but the journal comes back byte for byte from the saved results, a
    /// gate's files (and its junit.xml) included.
    static func expectRegenerates(_ folder: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let again = E2E.temporaryFolder()
        let run = try E2E.advglue(["report", folder.path, "--out", again.path])
        #expect(run.status == 0, "\(run.stderr)", sourceLocation: sourceLocation)
        var original = try files(in: folder)
        original = original.filter { !$0.key.hasSuffix("journal.jsonl") }
        let regenerated = try files(in: again)
        #expect(Set(regenerated.keys) == Set(original.keys), sourceLocation: sourceLocation)
        for (name, data) in original {
            #expect(regenerated[name] == data, "\(name) differs after `advglue report`", sourceLocation: sourceLocation)
        }
    }

    @Test(SharedCorpora.trait) func evalPrintsTheLeaderboardAndRegenerates() throws {
        let data = try SharedCorpora.file("advglue/dev.json")
        let folder = E2E.temporaryFolder()
        let run = try E2E.advglue([
            "eval", "--benchmark", "advglue", "--model", "builtin:lexical", "--data", data.path, "--out", folder.path,
            "--quiet",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Avg  SST-2  MNLI-m  MNLI-mm    RTE   QNLI    QQP"))
        #expect(run.stdout.contains("benign (originals)") && run.stdout.contains("adversarial"))
        #expect(run.stdout.contains("by level: word"))
        let report = try String(contentsOf: folder.appending(path: "report.md"), encoding: .utf8)
        #expect(report.hasPrefix("# advglue AdvGLUE evaluation: builtin:lexical\n\n**Verdict:** adversarial score "))
        for section in [
            "## Leaderboard", "## Per task", "## By perturbation level", "## By attack method",
            "## Reference: AdvGLUE's published figures",
        ] {
            #expect(report.contains(section))
        }
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appending(path: "eval.json")))
                as? [String: Any])
        #expect(object["schema"] as? String == "advglue.eval-results" && object["complete"] as? Bool == true)
        let tasks = try #require(object["tasks"] as? [[String: Any]])
        #expect(tasks.map { $0["task"] as? String } == ["sst2", "qqp", "qnli", "rte", "mnli", "mnli-mm"])
        #expect(tasks.map { ($0["items"] as? [Any])?.count } == [148, 78, 148, 81, 121, 162])
        let csv = try String(contentsOf: folder.appending(path: "eval.csv"), encoding: .utf8)
        #expect(ReferenceCSV.rows(csv).count == 739)
        try Self.expectRegenerates(folder)
    }

    @Test func evalWithoutDataIsAClearError() throws {
        let run = try E2E.advglue(["eval", "--benchmark", "advglue"])
        #expect(run.status == 66)
        #expect(run.stderr.contains("--data"))
    }

    @Test func gatesPassAndFailThroughTheCLI() throws {
        let pass = Fixtures.packageRoot.appending(path: "Tests/Configs/gate-pass.yaml").path
        let fail = Fixtures.packageRoot.appending(path: "Tests/Configs/gate-fail.yaml").path
        let folder = E2E.temporaryFolder()
        let passed = try E2E.advglue(["attack", "--task", "sst2", "--out", folder.path, "--quiet", "--gate", pass])
        #expect(passed.status == 0, "\(passed.stderr)")
        #expect(passed.stdout.contains("gate: PASSED: all 3 checks passed."))
        let failed = try E2E.advglue(["attack", "--task", "sst2", "--out", folder.path, "--quiet", "--gate", fail])
        #expect(failed.status == 1)
        #expect(
            failed.stdout.contains(
                "FAIL demo typo floor [sst2/typo] min_accuracy_under_attack: accuracy under attack 89.6% is 5.4 points below the minimum 95.0%"
            ))
        #expect(failed.stderr.contains("gate failed: 1 gate check failed; first: demo typo floor"))
        let gateReport = try String(contentsOf: folder.appending(path: "gate.md"), encoding: .utf8)
        #expect(gateReport.contains("**Verdict:** FAILED: 1 of 2 checks failed."))
        // The report was written before the gate judged it.
        #expect(FileManager.default.fileExists(atPath: folder.appending(path: "report.md").path))

        // `advglue gate` on the saved results: 0, 1, and 2 for its own errors.
        #expect(try E2E.advglue(["gate", "--config", pass, folder.path]).status == 0)
        let gateFailed = try E2E.advglue(["gate", "--config", fail, folder.path, "--out", E2E.temporaryFolder().path])
        #expect(gateFailed.status == 1)
        #expect(gateFailed.stdout.contains("5.4 points below the minimum 95.0%"))
        for arguments in [
            ["gate", "--config", "/nonexistent.yaml", folder.path], ["gate", folder.path],
            ["gate", "--config", pass, "/nonexistent"],
            ["gate", "--config", pass, "--bogus"], ["gate", "--config", pass, E2E.temporaryFolder().path],
        ] {
            let run = try E2E.advglue(arguments)
            #expect(run.status == 2, "\(arguments): \(run.status) \(run.stderr)")
        }
        #expect(try E2E.advglue(["gate", "--help"]).status == 0)
        // `attack --gate` keeps sysexits for its errors: a bad config is 78, before any attack runs.
        let badConfig = try E2E.advglue([
            "attack", "--task", "sst2", "--out", E2E.temporaryFolder().path, "--gate", "/nonexistent.yaml",
        ])
        #expect(badConfig.status == 78)
        // A config none of whose gates matches the planned runs: 78 before the model is asked anything.
        let elsewhere = E2E.temporaryFolder()
        let mnliOnly = elsewhere.appending(path: "mnli.yaml").path
        try Data(
            "version: 1\ngates:\n  - name: mnli\n    task: mnli\n    min_accuracy_under_attack: 10%\n".utf8
        ).write(to: URL(filePath: mnliOnly))
        let unmatched = try E2E.advglue([
            "attack", "--task", "sst2", "--out", elsewhere.appending(path: "out").path, "--gate", mnliOnly,
        ])
        #expect(unmatched.status == 78, "\(unmatched.stderr)")
        #expect(unmatched.stderr.contains("no gate matches the planned runs (sst2/typo)"))
        #expect(!FileManager.default.fileExists(atPath: elsewhere.appending(path: "out/journal.jsonl").path))
    }

    @Test func calibrationIllusionFailsAGate() throws {
        let folder = E2E.temporaryFolder()
        let config = folder.appending(path: "illusion.yaml")
        try Data("version: 1\ngates:\n  - name: no illusion\n    fail_on_calibration_illusion: true\n".utf8).write(
            to: config)
        let run = try E2E.advglue([
            // The probe, not validity, is under test: unfiltered pwws flips enough examples.
            "attack", "--task", "sst2", "--attack", "pwws", "--num-examples", "24", "--probe", "--model-temperature",
            "0.001", "--filters", "none",
            "--out", folder.appending(path: "out").path, "--quiet", "--gate", config.path,
        ])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stdout.contains("calibration probe: illusion suspected"))
        #expect(run.stderr.contains("calibration probe suspects an illusion of robustness"))
        let report = try String(contentsOf: folder.appending(path: "out/report.md"), encoding: .utf8)
        #expect(report.contains("Calibration probe: illusion of robustness suspected"))
        #expect(report.contains("## Calibration probe") && report.contains("![Reliability diagram](reliability.svg)"))
        try Self.expectRegenerates(folder.appending(path: "out"))
        // Without held-out examples the probe cannot run: a usage error before attacking.
        let noHeldOut = try E2E.advglue(["attack", "--task", "sst2", "--probe", "--out", folder.path])
        #expect(noHeldOut.status == 64)
        #expect(noHeldOut.stderr.contains("--probe needs held-out examples"))
    }

    @Test func severalRecipesWriteACombinedSummaryThatRegenerates() throws {
        let folder = E2E.temporaryFolder()
        let run = try E2E.advglue([
            "attack", "--task", "sst2", "--attack", "typo,distraction", "--out", folder.path, "--quiet",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let summary = try String(contentsOf: folder.appending(path: "summary.md"), encoding: .utf8)
        #expect(summary.contains("| SST-2 | [typo](typo/report.md) | 48 |"))
        #expect(summary.contains("| SST-2 | [distraction](distraction/report.md) | 48 |"))
        // junit.xml: one passing case per recipe; the examples in junit-examples.xml.
        let junit = try String(contentsOf: folder.appending(path: "junit.xml"), encoding: .utf8)
        #expect(
            junit.contains("name=\"attack sst2/typo\"/>") && junit.contains("name=\"attack sst2/distraction\"/>")
                && junit.contains("tests=\"2\" failures=\"0\" errors=\"0\""), "\(junit)")
        let examples = try String(contentsOf: folder.appending(path: "junit-examples.xml"), encoding: .utf8)
        #expect(
            examples.contains("<testsuite name=\"advglue.sst2.typo\"")
                && examples.contains("<testsuite name=\"advglue.sst2.distraction\""))
        #expect(!FileManager.default.fileExists(atPath: folder.appending(path: "typo/junit.xml").path))
        #expect(!FileManager.default.fileExists(atPath: folder.appending(path: "typo/junit-examples.xml").path))
        try Self.expectRegenerates(folder)
        // One format only.
        let csvOnly = E2E.temporaryFolder()
        #expect(
            try E2E.advglue(["report", folder.appending(path: "typo").path, "--format", "csv", "--out", csvOnly.path])
                .status == 0)
        #expect(try Self.files(in: csvOnly).keys.sorted() == ["/results.csv"])
        #expect(try E2E.advglue(["report", folder.path, "--format", "pdf"]).status == 64)
    }

    @Test func probeRunsRegenerate() throws {
        let folder = E2E.temporaryFolder()
        let run = try E2E.advglue([
            "probe", "--task", "sst2", "--attack", "typo", "--num-examples", "24", "--no-opt", "--out", folder.path,
            "--quiet",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try String(contentsOf: folder.appending(path: "probe.md"), encoding: .utf8)
        #expect(report.hasPrefix("# advglue calibration probe: SST-2 · typo · builtin:lexical\n\n**Verdict:** "))
        #expect(
            report.contains("## Reproducibility")
                && report.contains("| Attacked examples | 24 (the first of the data file) |"))
        try Self.expectRegenerates(folder)
    }

    @Test func resultsWithoutRunJSONStillRender() throws {
        let folder = E2E.temporaryFolder()
        #expect(
            try E2E.advglue(["attack", "--task", "sst2", "--num-examples", "5", "--out", folder.path, "--quiet"]).status
                == 0)
        try FileManager.default.removeItem(at: folder.appending(path: "run.json"))
        let run = try E2E.advglue(["report", folder.path, "--format", "md"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("has no run.json"))
    }

    @Test func stepSummaryIsAppended() throws {
        let summary = E2E.temporaryFolder().appending(path: "summary.md")
        try Data("earlier step\n".utf8).write(to: summary)
        let run = try E2E.advglue(
            ["attack", "--task", "sst2", "--out", E2E.temporaryFolder().path, "--quiet"],
            environment: ["GITHUB_STEP_SUMMARY": summary.path])
        #expect(run.status == 0)
        let text = try String(contentsOf: summary, encoding: .utf8)
        #expect(
            text.hasPrefix(
                "earlier step\n### advglue attack: SST-2 · typo · builtin:lexical\n\n**Verdict:** accuracy falls"))
        #expect(!text.contains("!["))
    }

    @Test func perturbAndExportForAnnotation() throws {
        let folder = E2E.temporaryFolder()
        let demo = Fixtures.packageRoot.appending(path: "Corpora/demo/SST-2/dev.tsv")
        let out = folder.appending(path: "typo.tsv")
        let run = try E2E.advglue([
            "perturb", "--task", "sst2", "--attack", "typo", "--data", demo.path, "--out", out.path, "--seed", "3",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("of 48 sst2 examples with typo (seed 3)"))
        let original = try String(contentsOf: demo, encoding: .utf8).split(separator: "\n")
        let copy = try String(contentsOf: out, encoding: .utf8).split(separator: "\n")
        #expect(copy.count == original.count && copy[0] == original[0])
        #expect(zip(copy, original).dropFirst().allSatisfy { $0.suffix(2) == $1.suffix(2) })  // labels kept
        #expect(zip(copy, original).filter { $0 != $1 }.count > 20)
        let again = folder.appending(path: "again.tsv")
        _ = try E2E.advglue([
            "perturb", "--task", "sst2", "--attack", "typo", "--data", demo.path, "--out", again.path, "--seed", "3",
        ])
        #expect(try Data(contentsOf: again) == Data(contentsOf: out))

        let results = folder.appending(path: "attack")
        #expect(try E2E.advglue(["attack", "--task", "sst2", "--out", results.path, "--quiet"]).status == 0)
        let csv = folder.appending(path: "annotate.csv")
        let export = try E2E.advglue(["export", "--annotation", results.path, "--out", csv.path])
        #expect(export.status == 0, "\(export.stderr)")
        let rows = ReferenceCSV.rows(try String(contentsOf: csv, encoding: .utf8))
        #expect(
            rows.first == [
                "example_id", "task", "recipe", "gold_label", "original", "perturbed", "changes", "model_prediction",
                "filters_verdict", "filters_reasons", "verdict", "human_label", "comment",
            ])
        let successes = try ResultsFile.decode(Data(contentsOf: results.appending(path: "results.json"))).results
            .filter { $0.outcome == .successful }
        #expect(rows.count == successes.count + 1 && successes.count >= 3)
        // The run was filtered, so the filters judge its successes valid; people's columns are blank.
        #expect(rows.dropFirst().allSatisfy { $0[2] == "typo" && $0[8] == "valid" && $0[10].isEmpty })
        #expect(try E2E.advglue(["export", results.path, "--out", csv.path]).status == 64)
    }
}
