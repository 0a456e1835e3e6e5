import AdvGlueReports
import AdvGlueResults
import Foundation
import Synchronization
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The real components of the external-model tests: the Python virtual environment
/// that scripts/setup.sh creates (mlserver, mlserver-sklearn, scikit-learn), the
/// scikit-learn SST-2 model trained from ../shared/corpora, Seldon MLServer serving it,
/// and the fault-injecting proxy. Tests skip when the environment or the corpora are
/// missing, and fail instead with ADVGLUE_REQUIRE_CORPORA=1.
enum ExternalFixtures {
    /// `$ADVGLUE_VENV`, else `.venv` in the package (what scripts/setup.sh creates).
    static var venv: URL {
        if let path = ProcessInfo.processInfo.environment["ADVGLUE_VENV"], !path.isEmpty { return URL(filePath: path) }
        return Fixtures.packageRoot.appending(path: ".venv")
    }

    static var python: URL { venv.appending(path: "bin/python") }
    static var mlserver: URL { venv.appending(path: "bin/mlserver") }
    static var environmentReady: Bool {
        FileManager.default.isExecutableFile(atPath: python.path)
            && FileManager.default.isExecutableFile(atPath: mlserver.path)
    }

    static var trait: ConditionTrait {
        .enabled(
            if: (environmentReady && SharedCorpora.available) || SharedCorpora.required,
            "the Python environment (\(venv.path); run scripts/setup.sh) or ../shared/corpora is missing; set ADVGLUE_REQUIRE_CORPORA=1 to fail instead of skipping"
        )
    }

    /// Fails the test unless the environment and the corpora are there.
    static func require(sourceLocation: SourceLocation = #_sourceLocation) throws {
        try #require(
            environmentReady, "no Python environment with mlserver at \(venv.path); run scripts/setup.sh",
            sourceLocation: sourceLocation)
        _ = try SharedCorpora.file("glue_data/SST-2/train.tsv", sourceLocation: sourceLocation)
    }

    static var glueData: String { SharedCorpora.url.appending(path: "glue_data").path }

    /// The trained model's folder (model.joblib, model-settings.json, TRAINED), trained
    /// once per checkout by scripts/testing/train_sst2_sklearn.py.
    static func trainedModel() throws -> URL {
        try training.get()
    }

    private static let training: Result<URL, TrainingError> = {
        let folder = Fixtures.packageRoot.appending(path: ".build/advglue-fixtures/sst2-sklearn")
        let run = runPython([
            "scripts/testing/train_sst2_sklearn.py", "--corpora", SharedCorpora.url.path, "--out", folder.path,
        ])
        guard run.status == 0 else {
            return .failure(TrainingError(message: "training failed (\(run.status)): \(run.output)"))
        }
        return .success(folder)
    }()

    struct TrainingError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// The dev accuracy the training script measured with scikit-learn itself.
    static func trainedAccuracy() throws -> Double {
        let data = try Data(contentsOf: try trainedModel().appending(path: "TRAINED"))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(object["dev_accuracy"] as? Double)
    }

    /// `cmd:` for the scikit-learn adapter (or a script beside it taking its arguments).
    static func sklearnSpec(script: String = "scripts/models/sklearn_model.py", extra: [String] = []) throws -> String {
        let model = try trainedModel().appending(path: "model.joblib").path
        return "cmd:"
            + ([python.path, script] + extra + ["--model", model, "--labels", "negative,positive"]).map { "'\($0)'" }
            .joined(separator: " ")
    }

    static func runPython(_ arguments: [String]) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = python
        process.arguments = arguments
        process.currentDirectoryURL = Fixtures.packageRoot
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch { return (-1, "\(error)") }
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    /// A TCP port nothing listens on right now.
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// GET a URL; nil when nothing answers.
    static func get(_ url: URL, timeout: Double = 2) async -> (status: Int, body: Data)? {
        var request = URLRequest(url: url)
        request.timeoutInterval = timeout
        guard let (data, response) = try? await URLSession.shared.data(for: request),
            let http = response as? HTTPURLResponse
        else { return nil }
        return (http.statusCode, data)
    }

    /// The results of a finished run.
    static func results(in folder: URL) throws -> ResultsFile {
        try ResultsFile.decode(Data(contentsOf: folder.appending(path: "results.json")))
    }

    /// Lines in a journal after its header.
    static func journalCount(in folder: URL) -> Int {
        guard let data = FileManager.default.contents(atPath: folder.appending(path: "journal.jsonl").path) else {
            return 0
        }
        return max(0, data.filter { $0 == 0x0A }.count - 1)
    }
}

/// A background process the tests start and stop (MLServer, the proxy). Foundation
/// starts children as process-group leaders, so a kill of the group takes their own
/// children too.
final class BackgroundProcess: @unchecked Sendable {
    // Unchecked: set up once in init; `process` is only asked whether it runs.
    let process: Process
    let log: URL

    init(_ executable: URL, _ arguments: [String], in folder: URL? = nil, log: URL) throws {
        process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = folder ?? Fixtures.packageRoot
        self.log = log
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
    }

    var isRunning: Bool { process.isRunning }

    /// SIGKILL to the process group; waits until it is gone.
    func kill() {
        guard process.isRunning else { return }
        _ = Glibc.kill(-process.processIdentifier, SIGKILL)
        _ = Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    deinit { kill() }
}

/// Seldon MLServer serving the trained SST-2 model on 127.0.0.1.
final class MLServer: Sendable {
    @TaskLocal static var current: MLServer?

    let port: Int
    let folder: URL
    private let process: Mutex<BackgroundProcess?>

    var modelURL: String { "http://127.0.0.1:\(port)/v2/models/sst2" }

    private init(port: Int, folder: URL) {
        self.port = port
        self.folder = folder
        process = Mutex(nil)
    }

    static func start() async throws -> MLServer {
        let model = try ExternalFixtures.trainedModel()
        let folder = FileManager.default.temporaryDirectory.appending(path: "advglue-mlserver-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appending(path: "sst2"), withIntermediateDirectories: true)
        for name in ["model.joblib", "model-settings.json"] {
            try FileManager.default.copyItem(
                at: model.appending(path: name), to: folder.appending(path: "sst2/\(name)"))
        }
        let port = ExternalFixtures.freePort()
        let settings: [String: Any] = [
            "debug": false, "host": "127.0.0.1", "http_port": port, "grpc_port": ExternalFixtures.freePort(),
            "metrics_port": ExternalFixtures.freePort(), "parallel_workers": 0,
        ]
        try JSONSerialization.data(withJSONObject: settings).write(to: folder.appending(path: "settings.json"))
        let server = MLServer(port: port, folder: folder)
        try await server.launch()
        return server
    }

    /// Starts `mlserver start` and waits until the model is ready (up to 120 s).
    func launch() async throws {
        let started = try start()
        let port = self.port
        let ready = await ProcessWaiting.poll(seconds: 120) {
            ProcessWaiting.httpStatus(port: port, path: "/v2/models/sst2/ready") == 200 || !started.isRunning
        }
        guard ready, started.isRunning else {
            started.kill()
            Issue.record("MLServer did not become ready: \(started.output.suffix(2000))")
            throw CancellationError()
        }
    }

    /// Starts `mlserver start` and blocks until the model is ready (for poll threads);
    /// false when it did not become ready within 120 s.
    func launchBlocking() -> Bool {
        guard let started = try? start() else { return false }
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline, started.isRunning {
            if ProcessWaiting.httpStatus(port: port, path: "/v2/models/sst2/ready") == 200 { return true }
            usleep(100_000)
        }
        return false
    }

    private func start() throws -> BackgroundProcess {
        let log = folder.appending(path: "mlserver-\(UUID().uuidString.prefix(8)).log")
        let started = try BackgroundProcess(ExternalFixtures.mlserver, ["start", folder.path], in: folder, log: log)
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

/// Starts MLServer once around a suite and stops it afterwards.
struct MLServerScope: SuiteTrait, TestScoping {
    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void)
        async throws
    {
        guard ExternalFixtures.environmentReady, SharedCorpora.available else {
            try await function()
            return
        }
        let server = try await MLServer.start()
        defer { server.stop() }
        try await MLServer.$current.withValue(server) { try await function() }
    }
}

extension Trait where Self == MLServerScope {
    static var mlserver: Self { MLServerScope() }
}

/// scripts/testing/fault_proxy.py in front of a server.
final class FaultProxy: Sendable {
    let port: Int
    private let process: BackgroundProcess

    init(upstream: Int, port: Int? = nil, _ faults: [String] = []) async throws {
        let chosen = port ?? ExternalFixtures.freePort()
        let log = FileManager.default.temporaryDirectory.appending(path: "advglue-proxy-\(UUID().uuidString).log")
        process = try BackgroundProcess(
            ExternalFixtures.python,
            [
                Fixtures.packageRoot.appending(path: "scripts/testing/fault_proxy.py").path,
                "--upstream", "127.0.0.1:\(upstream)", "--port", String(chosen),
            ] + faults, log: log)
        self.port = chosen
        let started = process
        let listening = await ProcessWaiting.poll(seconds: 30) {
            started.output.contains("PORT \(chosen)") || !started.isRunning
        }
        guard listening, process.isRunning else {
            Issue.record("the proxy did not start: \(process.output)")
            throw CancellationError()
        }
    }

    func url(scheme: String = "http") -> String { "\(scheme)://127.0.0.1:\(port)/v2/models/sst2" }

    func stats() async throws -> [String: Int] {
        let answer = try #require(await ExternalFixtures.get(URL(string: "http://127.0.0.1:\(port)/__proxy/stats")!))
        return try #require(try JSONSerialization.jsonObject(with: answer.body) as? [String: Int])
    }

    func kill() { process.kill() }
}
