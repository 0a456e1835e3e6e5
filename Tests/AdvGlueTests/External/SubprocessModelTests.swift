import AdvGlueAttacks
import AdvGlueReports
import AdvGlueResults
import Foundation
import Synchronization
import Testing

/// `cmd:` models: the scikit-learn adapter in scripts/models, with faults injected by
/// scripts/testing/faulty_model.py.
@Suite("External models: subprocess", ExternalFixtures.trait)
struct SubprocessModelTests {
    static let count = "40"

    /// Attacks the first 40 SST-2 dev examples with a `cmd:` model.
    static func attack(_ spec: String, extra: [String] = []) async throws -> (EndToEndTests.Run, URL) {
        let folder = EndToEndTests.temporaryFolder()
        let run = try await ProcessWaiting.advglue(
            [
                "attack", "--task", "sst2", "--data", ExternalFixtures.glueData, "--num-examples", count,
                "--model", spec, "--out", folder.path, "--quiet", "--jobs", "2",
            ] + extra)
        return (run, folder)
    }

    private static let cachedBaseline = Mutex<ResultsFile?>(nil)

    /// An uninterrupted run with the plain adapter, made once.
    static func baseline() async throws -> ResultsFile {
        if let cached = cachedBaseline.withLock({ $0 }) { return cached }
        try ExternalFixtures.require()
        let (run, folder) = try await attack(try ExternalFixtures.sklearnSpec())
        try #require(run.status == 0, "baseline run failed: \(run.stderr)")
        let results = try ExternalFixtures.results(in: folder)
        cachedBaseline.withLock { $0 = results }
        return results
    }

    @Test func theAdapterScoresLikeScikitLearn() async throws {
        try ExternalFixtures.require()
        let run = try await ProcessWaiting.advglue([
            "predict", "--task", "sst2", "--data", ExternalFixtures.glueData, "--model",
            try ExternalFixtures.sklearnSpec(),
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(
            run.stdout.contains(String(format: "accuracy: %.2f%%", try ExternalFixtures.trainedAccuracy() * 100)),
            "\(run.stdout)")
        #expect(run.stdout.contains("scikit-learn Pipeline(TfidfVectorizer, LogisticRegression)"))
        let baseline = try await Self.baseline()
        #expect(baseline.summary.errors == 0)
        #expect(baseline.summary.successful > 0)
        #expect(baseline.run.model.checksum?.count == 64)
    }

    @Test func aModelThatCrashesOnItsFiftiethRequestIsRestartedAndTheRunCompletes() async throws {
        try ExternalFixtures.require()
        let (run, folder) = try await Self.attack(
            try ExternalFixtures.sklearnSpec(script: "scripts/testing/faulty_model.py", extra: ["--crash-on", "50"]))
        #expect(run.status == 0, "\(run.stderr)")
        let results = try ExternalFixtures.results(in: folder)
        #expect(results.results == (try await Self.baseline()).results)
        let log = try String(contentsOf: folder.appending(path: "model.log"), encoding: .utf8)
        #expect(log.contains("faulty_model: crashing on request 50 as asked"))
        #expect(log.contains("exited with status 3"))
        #expect(log.contains("restarted the model process as pid"))
    }

    @Test func aModelThatStopsAnsweringIsKilledAfterTheTimeoutAndRestarted() async throws {
        try ExternalFixtures.require()
        let (run, folder) = try await Self.attack(
            try ExternalFixtures.sklearnSpec(script: "scripts/testing/faulty_model.py", extra: ["--hang-on", "20"]),
            extra: ["--timeout", "2"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try ExternalFixtures.results(in: folder).results == (try await Self.baseline()).results)
        let log = try String(contentsOf: folder.appending(path: "model.log"), encoding: .utf8)
        #expect(log.contains("did not answer request"))
        #expect(log.contains("restarted the model process"))
    }

    @Test(arguments: [
        ("--nan-marker", "NaN or infinite score"),
        ("--error-marker", "the model reported: ValueError: an input contains 'film'"),
    ])
    func badScoresAndModelErrorsMarkExamplesAsErrors(_ fault: String, _ reason: String) async throws {
        try ExternalFixtures.require()
        let (run, folder) = try await Self.attack(
            try ExternalFixtures.sklearnSpec(script: "scripts/testing/faulty_model.py", extra: [fault, "film"]))
        #expect(run.status == 0, "\(run.stderr)")
        let results = try ExternalFixtures.results(in: folder)
        let baseline = try await Self.baseline()
        let marked = results.results.filter { $0.original.texts.joined().contains("film") }
        #expect(!marked.isEmpty)
        for result in marked {
            #expect(result.outcome == .error)
            #expect(result.errorMessage?.contains(reason) == true, "\(result.errorMessage ?? "")")
        }
        #expect(results.summary.errors == results.results.filter { $0.outcome == .error }.count)
        for (result, expected) in zip(results.results, baseline.results) where result.outcome != .error {
            #expect(result == expected)
        }
        let report = try String(contentsOf: folder.appending(path: "report.md"), encoding: .utf8)
        #expect(report.contains(reason))
    }

    @Test func handshakesThatDoNotFitTheTaskAreRefused() async throws {
        try ExternalFixtures.require()
        let model = try ExternalFixtures.trainedModel().appending(path: "model.joblib").path
        let labels = try await ProcessWaiting.advglue([
            "predict", "--task", "sst2", "--num-examples", "3", "--model",
            "cmd:'\(ExternalFixtures.python.path)' scripts/models/sklearn_model.py --model '\(model)' --labels good,bad",
        ])
        #expect(labels.status == 65)
        #expect(labels.stderr.contains("do not include the task's 'negative'"), "\(labels.stderr)")
        let missing = try await ProcessWaiting.advglue([
            "predict", "--task", "sst2", "--model", "cmd:no-such-program-advglue --x",
        ])
        #expect(missing.status == 65)
        #expect(missing.stderr.contains("cannot find the program 'no-such-program-advglue' on PATH"))
        let silent = try await ProcessWaiting.advglue(["predict", "--task", "sst2", "--model", "cmd:/bin/true"])
        #expect(silent.status == 65)
        #expect(silent.stderr.contains("exited with status 0"), "\(silent.stderr)")
    }
}
