import AdvGlueAttacks
import AdvGlueReports
import AdvGlueResults
import Foundation
import Synchronization
import Testing

/// `http://` models against a real Seldon MLServer (scikit-learn runtime) on 127.0.0.1,
/// with faults injected by killing it or by scripts/testing/fault_proxy.py in front.
@Suite("External models: KServe v2 (MLServer)", .serialized, ExternalFixtures.trait, .mlserver)
struct KServeModelTests {
    static func server() throws -> MLServer {
        try ExternalFixtures.require()
        return try #require(MLServer.current, "MLServer did not start")
    }

    static func arguments(_ url: String, folder: URL, count: Int, extra: [String] = []) -> [String] {
        [
            "attack", "--task", "sst2", "--data", ExternalFixtures.glueData, "--num-examples", String(count), "--model",
            url,
            "--out", folder.path, "--jobs", "2",
        ] + extra
    }

    static func attack(_ url: String, count: Int = 60, extra: [String] = []) async throws -> (EndToEndTests.Run, URL) {
        let folder = EndToEndTests.temporaryFolder()
        return (
            try await ProcessWaiting.advglue(arguments(url, folder: folder, count: count, extra: ["--quiet"] + extra)),
            folder
        )
    }

    private static let baselines = Mutex<[Int: ResultsFile]>([:])

    /// An uninterrupted run straight against MLServer.
    static func baseline(_ count: Int = 60) async throws -> ResultsFile {
        if let cached = baselines.withLock({ $0[count] }) { return cached }
        let (run, folder) = try await attack(try server().modelURL, count: count)
        try #require(run.status == 0, "\(run.stderr)")
        let results = try ExternalFixtures.results(in: folder)
        baselines.withLock { $0[count] = results }
        return results
    }

    static func log(_ folder: URL) -> String {
        (try? String(contentsOf: folder.appending(path: "model.log"), encoding: .utf8)) ?? ""
    }

    @Test func theServedModelMatchesScikitLearnAndTheSubprocessAdapter() async throws {
        let server = try Self.server()
        let predict = try await ProcessWaiting.advglue([
            "predict", "--task", "sst2", "--data", ExternalFixtures.glueData, "--model", server.modelURL,
        ])
        #expect(predict.status == 0, "\(predict.stderr)")
        #expect(
            predict.stdout.contains(String(format: "accuracy: %.2f%%", try ExternalFixtures.trainedAccuracy() * 100)),
            "\(predict.stdout)")
        #expect(
            predict.stdout.contains("KServe v2 model sst2, versions v1, output predict_proba, probabilities")
                || predict.stdout.contains("KServe v2 model sst2, output predict_proba, probabilities"),
            "\(predict.stdout)")
        // The metadata names the input "text": the task's one field goes there by position.
        #expect(predict.stderr.contains("as the model's inputs text by position"))
        let baseline = try await Self.baseline()
        #expect(baseline.summary.errors == 0 && baseline.summary.successful > 0)
        let (run, folder) = try await SubprocessModelTests.attack(
            try ExternalFixtures.sklearnSpec(), extra: ["--num-examples", "60"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try ExternalFixtures.results(in: folder).results == baseline.results)
    }

    @Test func connectionsAreReusedAndInFlightRequestsCapped() async throws {
        let server = try Self.server()
        let proxy = try await FaultProxy(upstream: server.port)
        defer { proxy.kill() }
        let (run, folder) = try await Self.attack(proxy.url(), extra: ["--max-in-flight", "2"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try ExternalFixtures.results(in: folder).results == (try await Self.baseline()).results)
        let stats = try await proxy.stats()
        let infer = try #require(stats["infer"])
        #expect(infer > 100)
        // One connection per request in flight (plus the stats query), not one per request.
        #expect(try #require(stats["connections"]) <= 4, "\(stats)")
    }

    @Test func aServerAnswering503WithRetryAfterIsWaitedFor() async throws {
        let server = try Self.server()
        let proxy = try await FaultProxy(
            upstream: server.port, ["--fail-every", "25", "--fail-status", "503", "--retry-after", "1"])
        defer { proxy.kill() }
        let started = Date()
        let (run, folder) = try await Self.attack(proxy.url())
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try ExternalFixtures.results(in: folder).results == (try await Self.baseline()).results)
        let failed = try #require(try await proxy.stats()["failed"])
        #expect(failed >= 3)
        #expect(Self.log(folder).contains("(Retry-After 1 s) after attempt 1: HTTP 503"), "\(Self.log(folder))")
        // Two requests in flight: the 503s cost at least half a second each of wall time.
        #expect(Date().timeIntervalSince(started) >= Double(failed) / 2)
    }

    @Test func requestsDelayedPastTheTimeoutAreRetried() async throws {
        let server = try Self.server()
        let proxy = try await FaultProxy(upstream: server.port, ["--delay-every", "30", "--delay", "4"])
        defer { proxy.kill() }
        let (run, folder) = try await Self.attack(proxy.url(), extra: ["--timeout", "1"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try ExternalFixtures.results(in: folder).results == (try await Self.baseline()).results)
        #expect(try #require(try await proxy.stats()["delayed"]) >= 2)
        #expect(Self.log(folder).contains("no answer within --timeout 1 s"))
    }

    @Test(arguments: [
        ("bare", "NaN or infinite scores (as bare NaN"), ("null", "null score"), ("string", "NaN or infinite score"),
    ])
    func nanScoresMarkExamplesAsErrors(_ format: String, _ reason: String) async throws {
        let server = try Self.server()
        let proxy = try await FaultProxy(upstream: server.port, ["--nan-marker", "film", "--nan-format", format])
        defer { proxy.kill() }
        let (run, folder) = try await Self.attack(proxy.url())
        #expect(run.status == 0, "\(run.stderr)")
        let results = try ExternalFixtures.results(in: folder)
        let marked = results.results.filter { $0.original.texts.joined().contains("film") }
        #expect(!marked.isEmpty)
        for result in marked {
            #expect(result.outcome == .error)
            #expect(result.errorMessage?.contains(reason) == true, "\(result.errorMessage ?? "")")
        }
        for (result, expected) in zip(results.results, try await Self.baseline().results) where result.outcome != .error
        {
            #expect(result == expected)
        }
        // Errors are counted apart and never as robust.
        #expect(results.summary.errors == marked.count)
        let judged = results.summary.successful + results.summary.failed + results.summary.skipped
        #expect(results.summary.accuracyUnderAttack == Double(results.summary.failed) / Double(judged))
    }

    @Test func aWrongOutputMarksExamplesAsErrors() async throws {
        let server = try Self.server()
        let (run, folder) = try await Self.attack(server.modelURL, count: 5, extra: ["--output-name", "predict"])
        // Every example errored: the report is written, and the run fails (65), as it measured nothing.
        #expect(run.status == 65, "\(run.stderr)")
        #expect(run.stderr.contains("all 5 examples of typo ended in an error"))
        let results = try ExternalFixtures.results(in: folder)
        #expect(results.summary.errors == 5)
        #expect(
            results.results.allSatisfy {
                $0.errorMessage?.contains("output 'predict' is INT64, not FP32 or FP64 scores") == true
            })
    }

    /// The server dies mid-run and comes back: the run waits, then finishes with the
    /// results of an uninterrupted run.
    @Test func aServerKilledMidRunAndRestartedCostsTimeNotResults() async throws {
        let server = try Self.server()
        let expected = try await Self.baseline(150)
        let folder = EndToEndTests.temporaryFolder()
        let run = try BackgroundAdvglue(Self.arguments(server.modelURL, folder: folder, count: 150, extra: ["--quiet"]))
        let restarted = Mutex<Bool?>(nil)
        // Kill and restart from the polling thread: the test's own task may wait long
        // for a pool thread, and the run must not outlast --max-outage meanwhile.
        run.when(
            { ExternalFixtures.journalCount(in: folder) >= 20 },
            then: {
                server.kill()
                usleep(1_000_000)
                restarted.withLock { $0 = server.launchBlocking() }
            })
        #expect(try await run.triggered() != nil, "the run ended before the server was killed")
        #expect(restarted.withLock { $0 } == true, "MLServer did not come back")
        #expect(try await run.status() == 0, "\(run.standardError)")
        let results = try ExternalFixtures.results(in: folder)
        #expect(results.results == expected.results)
        #expect(results.summary.errors == 0)
        #expect(Self.log(folder).contains("connection failed"), "\(Self.log(folder))")
    }

    /// A server that stays down stops the run (exit 69) instead of being hammered; once
    /// it is back, --resume finishes the run with the results of an uninterrupted one.
    @Test func aServerThatStaysDownStopsTheRunAndResumeFinishesIt() async throws {
        let server = try Self.server()
        let expected = try await Self.baseline(150)
        var proxy = try await FaultProxy(upstream: server.port)
        let port = proxy.port
        let folder = EndToEndTests.temporaryFolder()
        let run = try BackgroundAdvglue(
            Self.arguments(proxy.url(), folder: folder, count: 150, extra: ["--quiet", "--max-outage", "3"]))
        let dying = proxy
        run.when({ ExternalFixtures.journalCount(in: folder) >= 15 }, then: { dying.kill() })
        #expect(try await run.triggered() != nil, "the run ended before the proxy was killed")
        #expect(try await run.status(within: 120) == 69, "\(run.standardError)")
        // It gave up soon after the limit, e.g. "failed every request for 4 s (--max-outage 3)".
        let waited = try #require(
            run.standardError.firstMatch(of: /failed every request for (\d+) s \(--max-outage 3\)/)?.output.1)
        #expect(Int(waited)! <= 10)
        #expect(
            run.standardError.contains("continue with --resume \(folder.appending(path: "journal.jsonl").path)"),
            "\(run.standardError)")
        let journaled = ExternalFixtures.journalCount(in: folder)
        #expect(journaled < 150)
        let incomplete = try ExternalFixtures.results(in: folder)
        #expect(!incomplete.complete)
        // Attempts were spaced out, not hammered: a few per second at most.
        let retries = Self.log(folder).components(separatedBy: "retrying").count - 1
        #expect(retries < 60, "\(retries) retries in about 3 s")

        proxy = try await FaultProxy(upstream: server.port, port: port)
        defer { proxy.kill() }
        let resumed = try await ProcessWaiting.advglue([
            "attack", "--task", "sst2", "--data", ExternalFixtures.glueData, "--num-examples", "150",
            "--model", proxy.url(), "--jobs", "2", "--quiet", "--max-outage", "3",
            "--resume", folder.appending(path: "journal.jsonl").path,
        ])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let results = try ExternalFixtures.results(in: folder)
        #expect(results.complete)
        #expect(results.results == expected.results)
        #expect(results.summary == expected.summary)
    }

    @Test func certificatesAreVerified() async throws {
        let server = try Self.server()
        let folder = EndToEndTests.temporaryFolder()
        let key = folder.appending(path: "tls.key").path
        let certificate = folder.appending(path: "tls.pem").path
        let openssl = Process()
        openssl.executableURL = URL(filePath: "/usr/bin/openssl")
        openssl.arguments = [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate, "-days", "2",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
        ]
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        try #require(openssl.terminationStatus == 0)
        let proxy = try await FaultProxy(upstream: server.port, ["--tls-cert", certificate, "--tls-key", key])
        defer { proxy.kill() }
        let started = Date()
        let run = try await ProcessWaiting.advglue([
            "predict", "--task", "sst2", "--num-examples", "3", "--model", proxy.url(scheme: "https"),
        ])
        #expect(run.status == 65, "\(run.stderr)")
        #expect(run.stderr.contains("TLS failed (SSL certificate problem: self-signed certificate)"), "\(run.stderr)")
        #expect(!run.stderr.contains("retrying"))
        #expect(Date().timeIntervalSince(started) < 10)
    }

    @Test func secretHeadersComeFromTheEnvironmentAndStayOutOfEveryFile() async throws {
        let server = try Self.server()
        let secret = "Bearer s3cret-\(UUID().uuidString)"
        let proxy = try await FaultProxy(upstream: server.port, ["--require-header", "Authorization: \(secret)"])
        defer { proxy.kill() }
        let folder = EndToEndTests.temporaryFolder()
        let arguments = Self.arguments(
            proxy.url(), folder: folder, count: 10,
            extra: ["--quiet", "--header", "Authorization: env:ADVGLUE_TEST_TOKEN"])
        let run = try await ProcessWaiting.advglue(arguments, environment: ["ADVGLUE_TEST_TOKEN": secret])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try ExternalFixtures.results(in: folder).summary.errors == 0)
        let unset = try await ProcessWaiting.advglue(arguments)
        #expect(unset.status == 64)
        #expect(unset.stderr.contains("the environment variable ADVGLUE_TEST_TOKEN is not set"))
        let wrong = try await ProcessWaiting.advglue(arguments, environment: ["ADVGLUE_TEST_TOKEN": "Bearer wrong"])
        #expect(wrong.status == 65)
        #expect(wrong.stderr.contains("HTTP 401"))
        // A literal value works too, and is redacted from the report's command line.
        let literal = EndToEndTests.temporaryFolder()
        let typed = try await ProcessWaiting.advglue(
            Self.arguments(
                proxy.url(), folder: literal, count: 10, extra: ["--quiet", "--header", "Authorization: \(secret)"]))
        #expect(typed.status == 0, "\(typed.stderr)")
        #expect(
            try String(contentsOf: literal.appending(path: "report.md"), encoding: .utf8).contains(
                "Authorization: <redacted>"))
        for output in [folder, literal] {
            for name in try FileManager.default.contentsOfDirectory(atPath: output.path) {
                let text = try String(contentsOf: output.appending(path: name), encoding: .utf8)
                #expect(!text.contains("s3cret"), "\(name) holds the secret")
            }
        }
        #expect(!run.stdout.contains("s3cret") && !run.stderr.contains("s3cret") && !typed.stdout.contains("s3cret"))
    }

    /// A proxy whose error pages echo the request's headers (many do) must not carry the
    /// token into any file: every secret header value is redacted where it appears. Nor
    /// may a refused URL print its credentials.
    @Test func secretsEchoedInErrorBodiesAreRedactedEverywhere() async throws {
        let server = try Self.server()
        let secret = "Bearer echo-\(UUID().uuidString)"
        let proxy = try await FaultProxy(
            upstream: server.port, ["--fail-every", "3", "--fail-status", "400", "--echo-headers"])
        defer { proxy.kill() }
        for header in ["Authorization: env:ADVGLUE_TEST_TOKEN", "Authorization: \(secret)"] {
            let folder = EndToEndTests.temporaryFolder()
            let run = try await ProcessWaiting.advglue(
                Self.arguments(proxy.url(), folder: folder, count: 12, extra: ["--quiet", "--header", header]),
                environment: ["ADVGLUE_TEST_TOKEN": secret])
            // Every third request fails with 400: those examples are errors, named in every output.
            let results = try String(contentsOf: folder.appending(path: "results.json"), encoding: .utf8)
            #expect(results.contains("request_headers") && results.contains("<redacted>"), "\(run.stderr)")
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
                let text = try String(contentsOf: folder.appending(path: name), encoding: .utf8)
                #expect(!text.contains("echo-"), "\(name) holds the secret (\(header))")
            }
            #expect(!run.stdout.contains("echo-") && !run.stderr.contains("echo-"))
        }
        for url in [
            "http://alice:pa55word@127.0.0.1:\(proxy.port)/v2/models/sst2",
            "http://127.0.0.1:1/v2/models/sst2?api_key=k3y-value",
        ] {
            let refused = try await ProcessWaiting.advglue(["predict", "--task", "sst2", "--model", url])
            #expect(refused.status == 64, "\(refused.stderr)")
            #expect(!refused.stderr.contains("pa55word") && !refused.stderr.contains("k3y-value"), "\(refused.stderr)")
            #expect(refused.stderr.contains("REDACTED"))
        }
    }

    /// A gateway that answers one request in nine with an HTML page and status 200 costs
    /// retries, not examples: the results equal a fault-free run's.
    @Test func htmlAnswersBetweenGoodOnesAreRetried() async throws {
        let server = try Self.server()
        let proxy = try await FaultProxy(upstream: server.port, ["--html-every", "9"])
        defer { proxy.kill() }
        let (run, folder) = try await Self.attack(proxy.url())
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try ExternalFixtures.results(in: folder).results == (try await Self.baseline()).results)
        #expect((try await proxy.stats()["html"] ?? 0) >= 3)
        #expect(Self.log(folder).contains("malformed response: not JSON"), "\(Self.log(folder))")
    }

    /// A reply larger than --max-reply-mb is an error for its examples, read no further:
    /// the process never holds it.
    @Test func oversizedRepliesAreErrorsNotMemory() async throws {
        let server = try Self.server()
        let proxy = try await FaultProxy(upstream: server.port, ["--pad-kb", "3072"])
        defer { proxy.kill() }
        let (run, folder) = try await Self.attack(proxy.url(), count: 4, extra: ["--max-reply-mb", "1"])
        #expect(run.status == 65, "\(run.stderr)")
        #expect(run.stderr.contains("all 4 examples of typo ended in an error"))
        let results = try ExternalFixtures.results(in: folder)
        #expect(results.results.allSatisfy { $0.errorMessage?.contains("the reply is larger than 1 MiB") == true })
    }
}
