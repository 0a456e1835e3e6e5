import AdvGlueBackends
import AdvGlueResults
import Foundation
import Testing

/// Release gates against a baseline, run as a release pipeline would: two models
/// attacked on the same real SST-2 examples, `advglue compare`, `advglue gate` with a
/// regression gate, and the JUnit files read by a real JUnit consumer (junitparser).
@Suite("Baselines, regressions and CI semantics end to end", .serialized)
struct RegressionEndToEndTests {
    static let examples = "872"

    /// The planted regression: the shipped SST-2 model with two features in three set to
    /// zero, as a checkpoint that lost most of its vocabulary would be. Each prediction
    /// then rests on fewer words, so it is wrong more often and a typo flips it more often.
    static func damagedModel(in folder: URL) throws -> URL {
        let model = try Fixtures.model(.sst2)
        let classes = model.labels.count
        var weights = model.weights
        for feature in 0..<model.featureCount where feature % 3 != 0 {
            for k in 0..<classes { weights[feature * classes + k] = 0 }
        }
        let damaged = LexicalModel(
            featurizer: model.featurizer, labels: model.labels, vocabulary: model.vocabulary, weights: weights,
            bias: model.bias, metadata: model.metadata)
        let url = folder.appending(path: "damaged.lexical.bin")
        try LexicalModelFile.write(damaged, to: url)
        return url
    }

    static func attack(model: String, seed: String = "1", out: URL, extra: [String] = []) throws
        -> EndToEndTests.Run
    {
        let data = try SharedCorpora.file("glue_data").path
        return try EndToEndTests.advglue(
            [
                "attack", "--task", "sst2", "--data", data, "--num-examples", examples, "--attack", "typo",
                "--model", model, "--seed", seed, "--out", out.path, "--quiet",
            ] + extra)
    }

    /// Counts of a JUnit file's test cases as junitparser reads them.
    struct JUnitCounts: Decodable, Equatable {
        var tests: Int
        var failures: Int
        var errors: Int
        var skipped: Int
    }

    static func junitparser(_ file: URL) throws -> JUnitCounts {
        let script = """
            import json, sys
            from junitparser import JUnitXml, Failure, Error, Skipped
            xml = JUnitXml.fromfile(sys.argv[1])
            counts = dict(tests=0, failures=0, errors=0, skipped=0)
            for suite in xml:
                for case in suite:
                    counts["tests"] += 1
                    for result in case.result:
                        if isinstance(result, Failure): counts["failures"] += 1
                        elif isinstance(result, Error): counts["errors"] += 1
                        elif isinstance(result, Skipped): counts["skipped"] += 1
            print(json.dumps(counts))
            """
        let process = Process()
        process.executableURL = ExternalFixtures.python
        process.arguments = ["-c", script, file.path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "junitparser could not read \(file.path)")
        return try JSONDecoder().decode(JUnitCounts.self, from: data)
    }

    static func gateConfig(baseline: URL, in folder: URL, extra: String = "") throws -> URL {
        let url = folder.appending(path: "robustness.yaml")
        try Data(
            """
            version: 1
            baseline: \(baseline.path)
            gates:
              - name: no regression against the release
                task: sst2
                recipe: typo
                max_regression: 2%
                no_significant_regression: true
            \(extra)
            """.utf8
        ).write(to: url)
        return url
    }

    @Test(ExternalFixtures.trait)
    func compareFindsThePlantedRegressionAndTheGateFailsOnIt() throws {
        try ExternalFixtures.require()
        let folder = EndToEndTests.temporaryFolder()
        let baseline = folder.appending(path: "baseline")
        let candidate = folder.appending(path: "candidate")
        let first = try Self.attack(model: "builtin:lexical", out: baseline)
        #expect(first.status == 0, "\(first.stderr)")
        let second = try Self.attack(model: "lexical:" + Self.damagedModel(in: folder).path, out: candidate)
        #expect(second.status == 0, "\(second.stderr)")

        // Without a gate, CI sees one passing case per run; the examples are elsewhere.
        let runJUnit = try Self.junitparser(candidate.appending(path: "junit.xml"))
        #expect(runJUnit == JUnitCounts(tests: 1, failures: 0, errors: 0, skipped: 0))
        let examplesJUnit = try Self.junitparser(candidate.appending(path: "junit-examples.xml"))
        #expect(examplesJUnit.tests == 872 && examplesJUnit.failures > 0)

        let compared = try EndToEndTests.advglue([
            "compare", baseline.path, candidate.path, "--out", folder.appending(path: "compare").path,
        ])
        #expect(compared.status == 0, "\(compared.stderr)")
        let comparison = try JSONDecoder().decode(
            [RunComparison].self, from: Data(contentsOf: folder.appending(path: "compare/compare.json")))
        let c = try #require(comparison.first)
        #expect(c.paired + c.excludedErrors.count == 872)
        #expect(c.count(.newlyBroken) > c.count(.newlyFixed) + 10, "\(c.counts)")
        #expect(c.pValue < 0.001)
        #expect((c.difference ?? 0) < -0.05)
        let interval = try #require(c.differenceInterval)
        #expect(interval.upper < 0 && interval.lower <= c.difference! && c.difference! <= interval.upper)
        let markdown = try String(
            contentsOf: folder.appending(path: "compare/compare.md"), encoding: .utf8)
        #expect(markdown.contains("significantly less robust"))
        #expect(markdown.contains("## Newly broken examples"))
        for id in c.newlyBroken.prefix(5) { #expect(markdown.contains("| \(id) |")) }

        // The regression gate fails the candidate and passes the baseline itself.
        let config = try Self.gateConfig(baseline: baseline, in: folder)
        let failed = try EndToEndTests.advglue([
            "gate", "--config", config.path, candidate.path, "--out", folder.appending(path: "gate-candidate").path,
        ])
        #expect(failed.status == 1, "\(failed.stdout)\(failed.stderr)")
        #expect(failed.stdout.contains("FAIL") && failed.stdout.contains("max_regression"))
        #expect(failed.stdout.contains("no_significant_regression"))
        let failedJUnit = try Self.junitparser(folder.appending(path: "gate-candidate/junit.xml"))
        #expect(failedJUnit == JUnitCounts(tests: 2, failures: 2, errors: 0, skipped: 0))

        let passed = try EndToEndTests.advglue([
            "gate", "--config", config.path, baseline.path, "--out", folder.appending(path: "gate-baseline").path,
        ])
        #expect(passed.status == 0, "\(passed.stdout)\(passed.stderr)")
        let passedJUnit = try Self.junitparser(folder.appending(path: "gate-baseline/junit.xml"))
        #expect(passedJUnit == JUnitCounts(tests: 2, failures: 0, errors: 0, skipped: 0))

        // attack --gate: the run's junit.xml becomes the gate's, red exactly when it failed.
        let gated = folder.appending(path: "gated")
        let attackGated = try Self.attack(
            model: "lexical:" + folder.appending(path: "damaged.lexical.bin").path, out: gated,
            extra: ["--gate", config.path])
        #expect(attackGated.status == 1, "\(attackGated.stderr)")
        #expect(try Self.junitparser(gated.appending(path: "junit.xml")).failures == 2)
    }

    @Test(ExternalFixtures.trait)
    func runsThatDifferAreRefusedNamingTheDifference() throws {
        try ExternalFixtures.require()
        let folder = EndToEndTests.temporaryFolder()
        let one = folder.appending(path: "seed-1")
        let two = folder.appending(path: "seed-2")
        #expect(try Self.attack(model: "builtin:lexical", seed: "1", out: one).status == 0)
        #expect(try Self.attack(model: "builtin:lexical", seed: "2", out: two).status == 0)
        let refused = try EndToEndTests.advglue(["compare", one.path, two.path])
        #expect(refused.status == 64, "\(refused.stderr)")
        #expect(refused.stderr.contains("seed: baseline 1, candidate 2"), "\(refused.stderr)")

        // A gate whose baseline was attacked with another seed is refused before any model call.
        let config = try Self.gateConfig(baseline: one, in: folder)
        let early = try Self.attack(
            model: "builtin:lexical", seed: "2", out: folder.appending(path: "never"), extra: ["--gate", config.path])
        #expect(early.status == 78, "\(early.stderr)")
        #expect(early.stderr.contains("seed 1"))
        #expect(!FileManager.default.fileExists(atPath: folder.appending(path: "never/journal.jsonl").path))
    }
}
