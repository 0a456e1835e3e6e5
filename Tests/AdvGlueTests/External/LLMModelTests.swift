import AdvGlueResults
import Foundation
import Synchronization
import Testing

/// `openai:` models against a real LLM: llama.cpp's OpenAI-compatible server serving
/// SmolLM2-135M-Instruct on 127.0.0.1, with faults injected by killing it or by
/// scripts/testing/fault_proxy.py in front. SmolLM2 is a weak classifier, which these
/// tests need: it gives real answers that name no label, real log-probabilities and
/// real latency (about half a second per answer), so runs are kept to a few examples
/// and a small query budget.
@Suite(
    "External models: an LLM behind an OpenAI-compatible API (llama.cpp)", .serialized, LLMFixtures.trait, .llmServer)
struct LLMModelTests {
    static func server() throws -> LLMServer {
        try LLMFixtures.require()
        return try #require(LLMServer.current, "the LLM server did not start")
    }

    static let examples = 6
    static let budget = 20

    static func arguments(
        _ spec: String, folder: URL, recipe: String = "typo", count: Int = examples, extra: [String] = []
    ) -> [String] {
        [
            "attack", "--task", "sst2", "--data", ExternalFixtures.glueData, "--num-examples", String(count),
            "--model", spec, "--llm-model", "smollm2", "--attack", recipe, "--query-budget", String(budget),
            "--out", folder.path, "--jobs", "2",
        ] + extra
    }

    static func attack(_ spec: String, recipe: String = "typo", extra: [String] = []) async throws -> (
        EndToEndTests.Run, URL
    ) {
        let folder = EndToEndTests.temporaryFolder()
        let run = try await ProcessWaiting.advglue(
            arguments(spec, folder: folder, recipe: recipe, extra: ["--quiet"] + extra))
        return (run, folder)
    }

    private static let baselineResults = Mutex<ResultsFile?>(nil)

    /// The typo attack with log-probability scores, uninterrupted and straight to the server.
    static func baseline() async throws -> ResultsFile {
        if let cached = baselineResults.withLock({ $0 }) { return cached }
        let (run, folder) = try await attack(try server().spec)
        try #require(run.status == 0, "\(run.stderr)")
        let results = try ExternalFixtures.results(in: folder)
        baselineResults.withLock { $0 = results }
        return results
    }

    static func proxySpec(_ proxy: FaultProxy) -> String { "openai:http://127.0.0.1:\(proxy.port)/v1" }

    static func text(_ folder: URL, _ name: String) -> String {
        (try? String(contentsOf: folder.appending(path: name), encoding: .utf8)) ?? ""
    }

    /// The confusion matrix `advglue predict` prints, read back: rows gold, columns the
    /// model's labels with "(no answer)" last.
    static func confusion(_ stdout: String) -> [[Int]] {
        let lines = stdout.split(separator: "\n")
        guard let start = lines.firstIndex(where: { $0.hasPrefix("confusion") }) else { return [] }
        return lines[(start + 2)...].prefix(2).map { line in
            line.split(separator: " ").compactMap { Int($0) }
        }
    }

    @Test func answersThatNameNoLabelCountAsWrongAndAreReported() async throws {
        let server = try Self.server()
        let predict = try await ProcessWaiting.advglue([
            "predict", "--task", "sst2", "--data", ExternalFixtures.glueData, "--num-examples", "16",
            "--model", server.spec, "--llm-model", "smollm2",
        ])
        #expect(predict.status == 0, "\(predict.stderr)")
        #expect(predict.stdout.contains("label-word log-probabilities"), "\(predict.stdout)")
        #expect(predict.stdout.contains("(no answer)"))
        let matrix = Self.confusion(predict.stdout)
        try #require(matrix.count == 2 && matrix.allSatisfy { $0.count == 3 }, "\(predict.stdout)")
        let correct = matrix[0][0] + matrix[1][1]
        let noAnswers = matrix[0][2] + matrix[1][2]
        #expect(matrix.joined().reduce(0, +) == 16)
        // Every example is in the denominator, the answers naming no label included.
        #expect(
            predict.stdout.contains(String(format: "accuracy: %.2f%% (%d of 16)", Double(correct) / 16 * 100, correct)))
        #expect(predict.stdout.contains("16 queries, 17 requests"), "\(predict.stdout)")
        #expect(predict.stdout.contains("; \(noAnswers) queries answered with no label"), "\(predict.stdout)")

        // Label words the model never says: every answer names no label, every example is
        // wrong, none robust, and the report says why.
        let prompts = try LLMUnitTests.write(
            """
            version: 1
            tasks:
              sst2:
                instruction: "Label the sentiment of the sentence as zebra or giraffe."
                input: "sentence: {sentence}"
                labels: {negative: zebra, positive: giraffe}
            """)
        let (run, folder) = try await Self.attack(server.spec, extra: ["--prompts", prompts])
        #expect(run.status == 0, "\(run.stderr)")
        let results = try ExternalFixtures.results(in: folder)
        #expect(results.summary.originalAccuracy == 0)
        #expect(results.summary.skipped == Self.examples)
        #expect(results.summary.noAnswerOriginal == Self.examples)
        #expect(results.run.labels == ["negative", "positive", "(no answer)"])
        #expect(results.run.model.description.contains("prompt \(prompts) (version 1) sha256:"))
        let report = Self.text(folder, "report.md")
        #expect(
            report.contains(
                "The model's answer named no label for \(Self.examples) of \(Self.examples) examples without attack"),
            "\(report)")
        #expect(report.contains("| Answers naming no label, without attack (counted wrong) | 6 of 6 (100.0%) |"))
    }

    /// Each prompt asked three times at temperature 0.8: the majority answer counts, and
    /// the agreement is reported.
    @Test func samplesAreAskedAndTheMajorityCounts() async throws {
        let server = try Self.server()
        let predict = try await ProcessWaiting.advglue([
            "predict", "--task", "sst2", "--data", ExternalFixtures.glueData, "--num-examples", "5",
            "--model", server.spec, "--llm-model", "smollm2", "--samples", "3", "--llm-temperature", "0.8",
        ])
        #expect(predict.status == 0, "\(predict.stderr)")
        #expect(predict.stdout.contains("majority of 3 samples, temperature 0.8"), "\(predict.stdout)")
        // One request per sample, plus the connection's question.
        #expect(predict.stdout.contains("5 queries, 16 requests"), "\(predict.stdout)")
        let agreement = try #require(
            predict.stdout.firstMatch(of: /samples agreed with the majority ([\d.]+)% of the time/)?.output.1)
        #expect(Double(agreement)! >= 100.0 / 3 && Double(agreement)! <= 100)
        #expect(Self.confusion(predict.stdout).joined().reduce(0, +) == 5)
    }

    /// typo and pwws, scored by the label words' log-probabilities and by hard labels.
    @Test(arguments: [("typo", "logprobs"), ("pwws", "logprobs"), ("typo", "labels"), ("pwws", "labels")])
    func attacksRunEndToEndWithLogprobsAndWithHardLabels(_ recipe: String, _ scoring: String) async throws {
        let server = try Self.server()
        let (run, folder) = try await Self.attack(
            server.spec, recipe: recipe, extra: ["--llm-scores", scoring, "--price", "0.15,0.60"])
        #expect(run.status == 0, "\(run.stderr)")
        let results = try ExternalFixtures.results(in: folder)
        #expect(results.summary.errors == 0)
        #expect(results.results.count == Self.examples)
        #expect(results.run.labels.last == "(no answer)")
        #expect(results.run.queryBudget == Self.budget)
        #expect(results.results.allSatisfy { $0.queries <= Self.budget })
        #expect(results.summary.noAnswerOriginal != nil && results.summary.noAnswerUnderAttack != nil)
        let description = results.run.model.description
        #expect(description.contains(scoring == "labels" ? "hard labels" : "label-word log-probabilities"))
        #expect(results.run.model.checksum?.count == 64)
        let deviations = results.run.recipe.deviations.joined(separator: "\n")
        #expect(deviations.contains("replaced by the hard-label search") == (scoring == "labels"), "\(deviations)")
        for result in results.results {
            for probabilities in [result.originalProbabilities, result.perturbedProbabilities].compactMap({ $0 }) {
                #expect(probabilities.count == 3)
                if scoring == "labels" { #expect(probabilities.max()! > 0.999) }
            }
        }
        let report = Self.text(folder, "report.md")
        #expect(report.contains("| LLM requests and tokens |"), "\(report)")
        #expect(report.contains("Answers naming no label, under attack"))
        let tokens = try #require(report.firstMatch(of: /(\d+) prompt \+ (\d+) completion tokens, \$/)?.output)
        #expect(Int(tokens.1)! > 0 && Int(tokens.2)! > 0)
    }

    /// The instruction and the label words go out unchanged in every request: attacks
    /// change only the example's fields.
    @Test func labelWordsAndInstructionsAreNeverPerturbed() async throws {
        let server = try Self.server()
        let log = EndToEndTests.temporaryFolder().appending(path: "requests.jsonl")
        let proxy = try await FaultProxy(upstream: server.port, ["--log-requests", log.path])
        defer { proxy.kill() }
        let (run, folder) = try await Self.attack(Self.proxySpec(proxy), recipe: "pwws")
        #expect(run.status == 0, "\(run.stderr)")
        let results = try ExternalFixtures.results(in: folder)
        let lines = try String(contentsOf: log, encoding: .utf8).split(separator: "\n")
        #expect(lines.count > Self.examples)
        let instruction =
            "For the given sentence, label the sentiment of the sentence as positive or negative. The answer should be exactly 'positive' or 'negative'."
        var users: Set<String> = []
        for line in lines {
            let request = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let messages = try #require(request["messages"] as? [[String: String]])
            #expect(messages.count == 2)
            #expect(messages[0] == ["role": "system", "content": instruction])
            #expect(messages[1]["role"] == "user")
            let user = try #require(messages[1]["content"])
            #expect(user.hasPrefix("sentence: "))
            users.insert(String(user.dropFirst("sentence: ".count)))
            #expect(request["model"] as? String == "smollm2")
        }
        // Every original and every adversarial example the run reports was asked as such.
        for result in results.results where result.outcome != .error {
            #expect(users.contains(result.original.texts[0]))
            if let perturbed = result.perturbed, result.outcome == .successful {
                #expect(users.contains(perturbed.texts[0]))
            }
        }
    }

    @Test func a429WithRetryAfterCostsTimeNotResults() async throws {
        let server = try Self.server()
        let expected = try await Self.baseline()
        let proxy = try await FaultProxy(
            upstream: server.port, ["--fail-every", "4", "--fail-status", "429", "--retry-after", "1"])
        defer { proxy.kill() }
        let (run, folder) = try await Self.attack(Self.proxySpec(proxy))
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try ExternalFixtures.results(in: folder).results == expected.results)
        #expect(try #require(try await proxy.stats()["failed"]) >= 3)
        #expect(
            Self.text(folder, "model.log").contains("(Retry-After 1 s) after attempt 1: HTTP 429"),
            "\(Self.text(folder, "model.log"))")
    }

    /// The server dies mid-run and comes back: the run waits, then finishes with the
    /// results of an uninterrupted run.
    @Test func aServerKilledMidRunAndRestartedCostsTimeNotResults() async throws {
        let server = try Self.server()
        let expected = try await Self.baseline()
        let folder = EndToEndTests.temporaryFolder()
        let run = try BackgroundAdvglue(Self.arguments(server.spec, folder: folder, extra: ["--quiet"]))
        let restarted = Mutex<Bool?>(nil)
        run.when(
            { ExternalFixtures.journalCount(in: folder) >= 2 },
            then: {
                server.kill()
                usleep(500_000)
                restarted.withLock { $0 = server.launchBlocking() }
            })
        #expect(try await run.triggered() != nil, "the run ended before the server was killed")
        #expect(restarted.withLock { $0 } == true, "the LLM server did not come back")
        #expect(try await run.status() == 0, "\(run.standardError)")
        let results = try ExternalFixtures.results(in: folder)
        #expect(results.results == expected.results)
        #expect(results.summary.errors == 0)
        #expect(Self.text(folder, "model.log").contains("connection failed"), "\(Self.text(folder, "model.log"))")
    }

    @Test func aRunKilledWithSIGKILLResumesToTheSameResults() async throws {
        let server = try Self.server()
        let expected = try await Self.baseline()
        let folder = EndToEndTests.temporaryFolder()
        let run = try BackgroundAdvglue(Self.arguments(server.spec, folder: folder, extra: ["--quiet"]))
        run.when({ ExternalFixtures.journalCount(in: folder) >= 2 }, then: { run.kill() })
        #expect(try await run.triggered() != nil, "the run ended before it was killed")
        #expect(try await run.status(within: 60) == SIGKILL)
        #expect(ExternalFixtures.journalCount(in: folder) < Self.examples)
        let resumed = try await ProcessWaiting.advglue(
            Self.arguments(
                server.spec, folder: folder,
                extra: ["--quiet", "--resume", folder.appending(path: "journal.jsonl").path]))
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let results = try ExternalFixtures.results(in: folder)
        #expect(results.complete)
        #expect(results.results == expected.results)
        #expect(results.summary == expected.summary)
    }

    @Test func secretHeadersAreSentAndNeverWritten() async throws {
        let server = try Self.server()
        let secret = "Bearer sk-llm-\(UUID().uuidString)"
        let proxy = try await FaultProxy(
            upstream: server.port,
            [
                "--require-header", "Authorization: \(secret)", "--fail-every", "5", "--fail-status", "503",
                "--echo-headers",
            ])
        defer { proxy.kill() }
        for header in ["Authorization: env:ADVGLUE_TEST_TOKEN", "Authorization: \(secret)"] {
            let folder = EndToEndTests.temporaryFolder()
            let run = try await ProcessWaiting.advglue(
                Self.arguments(Self.proxySpec(proxy), folder: folder, extra: ["--quiet", "--header", header]),
                environment: ["ADVGLUE_TEST_TOKEN": secret])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(try ExternalFixtures.results(in: folder).summary.errors == 0)
            // The injected 503s echoed the request's headers; the log holds them redacted.
            #expect(Self.text(folder, "model.log").contains("<redacted>"), "\(Self.text(folder, "model.log"))")
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
                #expect(!Self.text(folder, name).contains("sk-llm-"), "\(name) holds the secret (\(header))")
            }
            #expect(!run.stdout.contains("sk-llm-") && !run.stderr.contains("sk-llm-"))
        }
        let wrong = try await ProcessWaiting.advglue(
            Self.arguments(
                Self.proxySpec(proxy), folder: EndToEndTests.temporaryFolder(),
                extra: ["--quiet", "--header", "Authorization: env:ADVGLUE_TEST_TOKEN"]),
            environment: ["ADVGLUE_TEST_TOKEN": "Bearer wrong"])
        #expect(wrong.status == 65, "\(wrong.stderr)")
        #expect(wrong.stderr.contains("HTTP 401"), "\(wrong.stderr)")
        #expect(try #require(try await proxy.stats()["unauthorized"]) >= 1)
    }

    /// The calibration probe works on log-probability scores; it refuses hard labels.
    @Test func theProbeRunsOnLogprobs() async throws {
        let server = try Self.server()
        let folder = EndToEndTests.temporaryFolder()
        // Held-out examples for calibration: the next twelve of SST-2 dev, in a temporary
        // file (never in the repository).
        let dev = try String(contentsOf: try SharedCorpora.file("glue_data/SST-2/dev.tsv"), encoding: .utf8)
        let heldOut = folder.appending(path: "held-out.tsv")
        let lines = dev.split(separator: "\n", omittingEmptySubsequences: false)
        try ([lines[0]] + lines[(Self.examples + 1)...(Self.examples + 12)]).joined(separator: "\n").appending("\n")
            .write(to: heldOut, atomically: true, encoding: .utf8)
        let base = [
            "probe", "--task", "sst2", "--data", ExternalFixtures.glueData, "--num-examples", "4", "--model",
            server.spec, "--llm-model", "smollm2", "--calibration-data", heldOut.path, "--validation-examples", "3",
            "--no-opt", "--query-budget", "12", "--jobs", "2", "--quiet",
        ]
        let probe = try await ProcessWaiting.advglue(base + ["--out", folder.appending(path: "probe").path])
        #expect(probe.status == 0, "\(probe.stderr)")
        let file = Self.text(folder.appending(path: "probe"), "probe.json")
        #expect(
            file.contains("\"expected_calibration_error\"") || file.contains("expectedCalibrationError"),
            "\(file.prefix(400))")
        #expect(probe.stdout.contains("calibration: ECE"), "\(probe.stdout)")
        let refused = try await ProcessWaiting.advglue(
            base + ["--llm-scores", "labels", "--out", folder.appending(path: "labels").path])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("label"), "\(refused.stderr)")
    }
}
