import AdvGlueModels
import AdvGlueSupport
import Foundation
import Synchronization
import Testing

@testable import AdvGlueBackends

@Suite("External models: command lines, specs, headers")
struct ExternalSpecTests {
    @Test(arguments: [
        ("python3 serve.py --flag", ["python3", "serve.py", "--flag"]),
        (#"python3 "my serve.py" --name='a b' x\ y"#, ["python3", "my serve.py", "--name=a b", "x y"]),
        (#"  a   ''  "\"q\" \\ \$HOME" 'it''s' "#, ["a", "", #""q" \ \$HOME"#, "its"]),
        (
            "prog $HOME *.py ; rm -rf / | cat > out",
            ["prog", "$HOME", "*.py", ";", "rm", "-rf", "/", "|", "cat", ">", "out"]
        ),
    ])
    func commandLinesSplitLikeAShellWithoutRunningOne(_ text: String, _ words: [String]) throws {
        #expect(try CommandLineWords.split(text) == words)
        #expect(try CommandLineWords.split(CommandLineWords.join(words)) == words)
    }

    @Test func unterminatedQuotesAreErrors() {
        #expect(throws: AdvGlueError.self) { try CommandLineWords.split("python3 'serve.py") }
        #expect(throws: AdvGlueError.self) { try CommandLineWords.split(#"python3 "serve.py"#) }
        #expect(throws: AdvGlueError.self) { try CommandLineWords.split(#"python3 serve.py\"#) }
    }

    @Test func modelSpecsParse() throws {
        #expect(
            (try ModelBackends.parse("cmd:python3 serve.py --flag") as? SubprocessBackend)?.command == [
                "python3", "serve.py", "--flag",
            ])
        #expect(
            (try ModelBackends.parse("http://127.0.0.1:8080/v2/models/sst2") as? KServeBackend)?.endpoint == URL(
                string: "http://127.0.0.1:8080/v2/models/sst2")!)
        #expect(try ModelBackends.parse("https://models.example/v2/models/sst2/versions/3").isExternal)
        #expect(try ModelBackends.parse("builtin:lexical").isExternal == false)
        #expect((try ModelBackends.parse("lexical:m.bin") as? LexicalBackend)?.source == .file("m.bin"))
        #expect((try ModelBackends.parse("builtin:minilm") as? MiniLMBackend)?.source == .builtin)
        for bad in [
            "cmd:", "cmd:  ", "http://127.0.0.1:8080/predict", "http://user:secret@host/v2/models/x",
            "http://h/v2/models/x?k=1", "nonsense",
        ] {
            #expect(throws: AdvGlueError.self, "\(bad)") { try ModelBackends.parse(bad) }
        }
        do {
            _ = try ModelBackends.parse("http://user:secret@host/v2/models/x")
        } catch {
            #expect(error.code == .usage)
            #expect(error.description.hasPrefix("--model: "))
            #expect(error.description.contains("--header"))
        }
        // Every form a backend declares is listed in the unknown-model error and in --help.
        do {
            _ = try ModelBackends.parse("nonsense")
        } catch {
            for form in ModelBackends.all.flatMap({ $0.forms }) {
                #expect(error.message.contains(form.syntax))
                #expect(ModelBackends.help.contains(form.help))
            }
        }
    }

    @Test func headersReadSecretsFromTheEnvironment() throws {
        let header = try HeaderOption(parsing: "Authorization: env:ADVGLUE_TOKEN")
        #expect(header.name == "Authorization")
        #expect(try header.value(in: ["ADVGLUE_TOKEN": "Bearer s3cret"]) == "Bearer s3cret")
        #expect(throws: AdvGlueError.self) { try header.value(in: [:]) }
        #expect(try HeaderOption(parsing: "X-Api-Key:abc").value(in: [:]) == "abc")
        #expect(throws: AdvGlueError.self) { try HeaderOption(parsing: "no colon") }
        #expect(throws: AdvGlueError.self) { try HeaderOption(parsing: "Bad Name: x") }
    }

    @Test func literalHeaderValuesAreRedactedFromCommandLines() {
        let arguments = [
            "attack", "--header", "Authorization: Bearer s3cret", "--header=X-Key: k3y", "--header",
            "X-Token: env:TOKEN", "--seed", "1",
        ]
        let redacted = HeaderOption.redacted(arguments)
        #expect(
            redacted == [
                "attack", "--header", "Authorization: <redacted>", "--header=X-Key: <redacted>", "--header",
                "X-Token: env:TOKEN", "--seed", "1",
            ])
        #expect(!redacted.joined().contains("s3cret") && !redacted.joined().contains("k3y"))
    }

    @Test func labelsAlignByNameOrGenericPosition() throws {
        #expect(
            try LabelAlignment.columns(model: ["POSITIVE", "NEGATIVE"], task: ["negative", "positive"]) == [1, 0])
        #expect(try LabelAlignment.columns(model: ["LABEL_0", "LABEL_1"], task: ["negative", "positive"]) == [0, 1])
        #expect(throws: AdvGlueError.self) {
            try LabelAlignment.columns(model: ["good", "bad"], task: ["negative", "positive"])
        }
        #expect(throws: AdvGlueError.self) {
            try LabelAlignment.columns(model: ["a", "b", "c"], task: ["negative", "positive"])
        }
    }
}

@Suite("External models: score checks and retry policy")
struct ExternalFaultPolicyTests {
    @Test func scoreRowsRejectWhatAModelCanGetWrong() throws {
        let ok = try ScoreRows.logits([[0.25, 0.75]], count: 1, classes: 2, kind: .probabilities)
        #expect(abs(ok[0][0] - Float(log(0.25))) < 1e-6)
        #expect(try ScoreRows.logits([[1, 0]], count: 1, classes: 2, kind: .probabilities)[0][1].isFinite)
        #expect(try ScoreRows.logits([[1, 2]], count: 1, classes: 2, columns: [1, 0], kind: .logits) == [[2, 1]])
        let cases: [([[Double]], ScoreKind, String)] = [
            ([[0.5, 0.5]], .logits, "2 inputs"),
            ([[0.5, 0.5], [1]], .logits, "1 scores in row 2"),
            ([[0.5, .nan], [0.5, 0.5]], .logits, "NaN"),
            ([[0.5, .infinity], [0.5, 0.5]], .logits, "NaN or infinite"),
            ([[0.2, 0.2], [0.5, 0.5]], .probabilities, "sums to"),
            ([[1.5, -0.5], [0.5, 0.5]], .probabilities, "outside 0...1"),
        ]
        for (rows, kind, message) in cases {
            do {
                _ = try ScoreRows.logits(rows, count: 2, classes: 2, kind: kind)
                Issue.record("accepted \(rows)")
            } catch {
                #expect(error.kind == .permanent)
                #expect(error.message.contains(message), "\(error.message)")
            }
        }
    }

    @Test func backoffIsBoundedJitteredAndSeeded() {
        var policy = RetryPolicy()
        policy.baseDelay = 0.1
        policy.maxDelay = 2
        var a = SplitMix64(seed: 7)
        var b = SplitMix64(seed: 7)
        let first = (1...12).map { policy.backoff(afterFailures: $0, using: &a) }
        let second = (1...12).map { policy.backoff(afterFailures: $0, using: &b) }
        #expect(first == second)
        for (failures, delay) in zip(1..., first) {
            #expect(delay >= 0 && delay <= min(2, 0.1 * pow(2, Double(failures - 1))))
        }
        #expect(Set(first).count > 6)
        var rng = SplitMix64(seed: 1)
        #expect(policy.delay(afterFailures: 1, retryAfter: 3, using: &rng) == 3)
        policy.maxOutage = 10
        #expect(policy.delay(afterFailures: 1, retryAfter: 3600, using: &rng) == 10)
    }

    @Test func retryAfterReadsSecondsAndDates() {
        #expect(HTTPTransport.retryAfter("2") == 2)
        #expect(HTTPTransport.retryAfter(" 0.5 ") == 0.5)
        #expect(HTTPTransport.retryAfter(nil) == nil)
        #expect(HTTPTransport.retryAfter("soon") == nil)
        let now = Date(timeIntervalSince1970: 1_445_412_480)  // Wed, 21 Oct 2015 07:28:00 GMT
        #expect(HTTPTransport.retryAfter("Wed, 21 Oct 2015 07:28:30 GMT", now: now) == 30)
    }

    @Test(arguments: [
        (28, ModelCallFailure.Kind.unavailable, "no answer within --timeout 2 s"),
        (
            60, .permanent,
            "TLS failed (SSL certificate problem: self-signed certificate); the server's certificate must verify"
        ),
        (35, .permanent, "TLS failed ("),
        (3, .permanent, "bad URL ("),
        (7, .unavailable, "connection failed: SSL certificate problem: self-signed certificate (curl error 7)"),
    ])
    func curlFailuresAreClassifiedForRetrying(code: Int, kind: ModelCallFailure.Kind, message: String) {
        let failure = HTTPTransport.classify(
            curlCode: code, message: "SSL certificate problem: self-signed certificate", timeout: 2)
        #expect(failure.kind == kind)
        #expect(failure.message.hasPrefix(message), "\(failure.message)")
    }

    /// A real exchange through the dlopened libcurl: nothing listens on the port.
    @Test func aRefusedConnectionIsUnavailableNotFatal() async throws {
        let transport = HTTPTransport(headers: [], maxInFlight: 2, timeout: 5)
        await #expect(throws: ModelCallFailure.self) {
            _ = try await transport.get(URL(string: "http://127.0.0.1:1/v2/models/m")!)
        }
        do {
            _ = try await transport.post(URL(string: "http://127.0.0.1:1/v2/models/m/infer")!, json: Data("{}".utf8))
            Issue.record("a POST to a closed port succeeded")
        } catch {
            #expect(error.kind == .unavailable)
            #expect(error.message.contains("(curl error 7)"), "\(error.message)")
        }
    }

    private func caller(retries: Int = 2, maxOutage: Double = 60) throws -> FaultTolerantCaller {
        var policy = RetryPolicy()
        policy.retries = retries
        policy.baseDelay = 0.001
        policy.maxDelay = 0.002
        policy.maxOutage = maxOutage
        return FaultTolerantCaller(policy: policy, modelName: "test model", log: try ModelLog(.discard), seed: 1)
    }

    /// Fails with each listed failure in turn, then answers `value`.
    private final class Script: Sendable {
        let failures: Mutex<[ModelCallFailure]>
        let calls = Atomic<Int>(0)
        init(_ failures: [ModelCallFailure]) { self.failures = Mutex(failures) }
        func attempt() throws(ModelCallFailure) -> Int {
            calls.add(1, ordering: .relaxed)
            if let next = failures.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) { throw next }
            return 42
        }
    }

    @Test func transientFailuresAreRetriedUntilAnAnswer() async throws {
        let script = Script([
            .init(.unavailable, "refused"), .init(.unavailable, "503", retryAfter: 0.01), .init(.requestFailed, "500"),
            .init(.requestFailed, "500"),
        ])
        // No outage limit to speak of: a starved test task must not turn the retries' sleeps into one.
        let value = try await caller(maxOutage: 1e6).perform("test") { () throws(ModelCallFailure) -> Int in
            try script.attempt()
        }
        #expect(value == 42)
        #expect(script.calls.load(ordering: .relaxed) == 5)
    }

    @Test func aBatchTheServerKeepsFailingErrorsAfterItsRetries() async throws {
        let script = Script(Array(repeating: .init(.requestFailed, "HTTP 500"), count: 10))
        await #expect(throws: AdvGlueError.self) {
            _ = try await self.caller(retries: 2).perform("test") { () throws(ModelCallFailure) -> Int in
                try script.attempt()
            }
        }
        #expect(script.calls.load(ordering: .relaxed) == 3)
    }

    @Test func permanentFailuresAreNotRetried() async throws {
        let script = Script([.init(.permanent, "malformed response")])
        do {
            _ = try await caller().perform("test") { () throws(ModelCallFailure) -> Int in try script.attempt() }
            Issue.record("no error")
        } catch let error as AdvGlueError {
            #expect(error.code == .modelFailed)
            #expect(error.message == "malformed response")
        }
        #expect(script.calls.load(ordering: .relaxed) == 1)
    }

    @Test func anOutageLongerThanTheLimitStopsTheRun() async throws {
        let script = Script(Array(repeating: .init(.unavailable, "connection refused"), count: 10_000))
        let started = Date()
        do {
            _ = try await caller(retries: 0, maxOutage: 0.2).perform("test") { () throws(ModelCallFailure) -> Int in
                try script.attempt()
            }
            Issue.record("no error")
        } catch let error as AdvGlueError {
            #expect(error.code == .unavailable)
            #expect(error.message.contains("--max-outage"))
            #expect(error.message.contains("connection refused"))
        }
        // Retries while the outage lasts are not the batch's own: retries 0 did not stop it.
        #expect(script.calls.load(ordering: .relaxed) >= 2)
        #expect(Date().timeIntervalSince(started) >= 0.2)
    }
}
