import AdvGlueCorpora
import AdvGlueModels
import AdvGlueSupport
import AdvGlueText
import Foundation
import Synchronization

/// A model run as a child process that speaks the subprocess protocol
/// (docs/subprocess-protocol.md) over its standard input and output; its standard
/// error goes to the model log. advglue starts it from an argument vector (never a
/// shell), and restarts it when it crashes or stops answering, retrying the batches
/// it had in flight.
///
/// ```swift
/// let model = try await SubprocessClassifier.connect(
///     command: ["python3", "scripts/models/sklearn_model.py", "--model", "sst2.joblib"],
///     task: .sst2, settings: ConnectionSettings(), log: ModelLog(.standardError(prefix: "model: ")))
/// let logits = try await model.logits(for: [TextInput([("sentence", "a fine film")])])
/// await model.shutdown()
/// ```
public final class SubprocessClassifier: Classifier {
    private struct State {
        var child: ChildProcess?
        var starting: (generation: Int, task: Task<Result<ChildProcess, ModelCallFailure>, Never>)?
        var generation = 0
        var nextID = 0
    }

    public let labels: [String]
    public let outputs: ScoreKind
    public let identity: ModelIdentity
    public let command: [String]
    let caller: FaultTolerantCaller
    private let hello: SubprocessMessages.Hello
    private let ready: SubprocessMessages.Ready
    private let columns: [Int]
    private let fieldNames: [String]
    private let timeout: Double
    private let startupTimeout: Double
    private let limit: AsyncSemaphore
    private let maxReplyBytes: Int
    private let log: ModelLog
    private let state: Mutex<State>

    private init(
        identity: ModelIdentity, command: [String], caller: FaultTolerantCaller, hello: SubprocessMessages.Hello,
        ready: SubprocessMessages.Ready, columns: [Int], kind: ScoreKind, settings: ConnectionSettings,
        log: ModelLog, child: ChildProcess
    ) {
        labels = hello.labels
        outputs = kind
        self.identity = identity
        self.command = command
        self.caller = caller
        self.hello = hello
        self.ready = ready
        self.columns = columns
        fieldNames = hello.fields
        timeout = settings.retry.timeout
        startupTimeout = max(settings.retry.timeout, settings.retry.maxOutage)
        limit = AsyncSemaphore(settings.maxInFlight)
        maxReplyBytes = settings.maxReplyBytes
        self.log = log
        state = Mutex(State(child: child, generation: child.generation))
    }

    /// Starts the program and completes the handshake; the model's labels must match
    /// the task's (in any order; `LABEL_0`... by position).
    public static func connect(command: [String], task: GlueTask, settings: ConnectionSettings, log: ModelLog)
        async throws -> SubprocessClassifier
    {
        let spec = SubprocessBackend(command: command).description
        let hello = SubprocessMessages.Hello(task: task.rawValue, fields: task.fieldNames, labels: task.labelNames)
        let startupTimeout = max(settings.retry.timeout, settings.retry.maxOutage)
        let child: ChildProcess
        let ready: SubprocessMessages.Ready
        do {
            child = try ChildProcess.launch(
                command, generation: 1, log: log, maxReplyBytes: settings.maxReplyBytes)
            log.write("started \(spec) as pid \(child.pid)")
            ready = try await child.handshake(hello, timeout: startupTimeout)
        } catch {
            throw AdvGlueError(
                .badData, "\(error.message); its standard error is in the model log\(Self.where(log))",
                at: .flag("--model \(spec)"))
        }
        let kind: ScoreKind
        let columns: [Int]
        do {
            (kind, columns) = try validate(ready, task: task)
        } catch {
            child.shutdown()
            throw AdvGlueError(.badData, error.message, at: .flag("--model \(spec)"))
        }
        let description = (ready.model ?? "subprocess model") + " (protocol \(ready.version), \(kind.rawValue))"
        let caller = FaultTolerantCaller(policy: settings.retry, modelName: spec, log: log, seed: settings.seed)
        return SubprocessClassifier(
            identity: ModelIdentity(spec: spec, description: description, checksum: ready.checksum),
            command: command, caller: caller, hello: hello, ready: ready, columns: columns, kind: kind,
            settings: settings, log: log, child: child)
    }

    private static func validate(_ ready: SubprocessMessages.Ready, task: GlueTask) throws(ModelCallFailure) -> (
        ScoreKind, [Int]
    ) {
        guard ready.protocol == SubprocessMessages.protocolName, SubprocessMessages.versions.contains(ready.version)
        else {
            throw ModelCallFailure(
                .permanent,
                "the handshake names protocol '\(ready.protocol)' version \(ready.version); advglue speaks '\(SubprocessMessages.protocolName)' versions \(SubprocessMessages.versions.map(String.init).joined(separator: ", "))"
            )
        }
        guard let kind = ScoreKind(rawValue: ready.scores), kind != .labels else {
            throw ModelCallFailure(
                .permanent, "the handshake says scores are '\(ready.scores)'; expected logits or probabilities")
        }
        if let size = ready.maxBatchSize, size < 1 {
            throw ModelCallFailure(.permanent, "the handshake's max_batch_size is \(size); it must be at least 1")
        }
        do {
            return (kind, try LabelAlignment.columns(model: ready.labels, task: task.labelNames))
        } catch {
            throw ModelCallFailure(.permanent, error.description)
        }
    }

    private static func `where`(_ log: ModelLog) -> String {
        if case .file(let url) = log.destination { return " (\(url.path))" }
        return ""
    }

    public func logits(for inputs: [TextInput]) async throws -> [[Float]] {
        let size = ready.maxBatchSize ?? max(1, inputs.count)
        var rows: [[Float]] = []
        rows.reserveCapacity(inputs.count)
        for start in stride(from: 0, to: inputs.count, by: size) {
            let chunk = Array(inputs[start..<min(start + size, inputs.count)])
            rows += try await caller.perform("a batch of \(chunk.count)") {
                () async throws(ModelCallFailure) -> [[Float]] in
                try await limit.withPermit { () async throws(ModelCallFailure) -> [[Float]] in try await score(chunk) }
            }
        }
        return rows
    }

    private func score(_ inputs: [TextInput]) async throws(ModelCallFailure) -> [[Float]] {
        let child = try await currentChild()
        let id = state.withLock {
            $0.nextID += 1
            return $0.nextID
        }
        let request = SubprocessMessages.Request(
            id: id,
            inputs: inputs.map { input in
                Dictionary(uniqueKeysWithValues: fieldNames.map { ($0, input[$0] ?? "") })
            })
        let response: SubprocessMessages.Response
        do {
            response = try await child.request(request, timeout: timeout)
        } catch {
            if error.kind == .unavailable { retire(child) }
            throw error
        }
        if let message = response.error {
            throw ModelCallFailure(.permanent, "the model reported: \(message)")
        }
        guard let scores = response.scores else {
            throw ModelCallFailure(.permanent, "response \(id) has neither scores nor error")
        }
        return try ScoreRows.logits(scores, count: inputs.count, classes: labels.count, columns: columns, kind: outputs)
    }

    /// The running child, starting one (once, however many requests ask) when the last
    /// has ended.
    private func currentChild() async throws(ModelCallFailure) -> ChildProcess {
        let (generation, task): (Int, Task<Result<ChildProcess, ModelCallFailure>, Never>)
        let running: ChildProcess? = state.withLock { s in
            if let child = s.child, child.isRunning { return child }
            s.child = nil
            return nil
        }
        if let running { return running }
        (generation, task) = state.withLock { s in
            if let starting = s.starting { return starting }
            s.generation += 1
            let generation = s.generation
            let task = Task { [self] in await restart(generation: generation) }
            s.starting = (generation, task)
            return (generation, task)
        }
        let result = await task.value
        state.withLock { s in
            guard s.starting?.generation == generation else { return }
            s.starting = nil
            if case .success(let child) = result { s.child = child }
        }
        return try result.get()
    }

    private func restart(generation: Int) async -> Result<ChildProcess, ModelCallFailure> {
        do throws(ModelCallFailure) {
            let child = try ChildProcess.launch(
                command, generation: generation, log: log, maxReplyBytes: maxReplyBytes)
            log.write("restarted the model process as pid \(child.pid) (restart \(generation - 1))")
            let again = try await child.handshake(hello, timeout: startupTimeout)
            guard again.labels == ready.labels, again.scores == ready.scores, again.version == ready.version else {
                child.shutdown()
                return .failure(
                    ModelCallFailure(
                        .permanent,
                        "the restarted model process answered a different handshake (labels \(again.labels), scores \(again.scores))"
                    ))
            }
            return .success(child)
        } catch {
            // A program that cannot start now may start later (a busy GPU, a file being
            // replaced): count it as unavailability, bounded by --max-outage.
            return .failure(ModelCallFailure(.unavailable, "cannot restart the model process: \(error.message)"))
        }
    }

    private func retire(_ child: ChildProcess) {
        state.withLock { s in
            if s.child === child { s.child = nil }
        }
        child.kill(reason: "retired")
    }

    /// Closes the child's input and waits (briefly) for it to exit.
    public func shutdown() async {
        let child = state.withLock { s in
            defer { s.child = nil }
            return s.child
        }
        child?.shutdown()
        log.close()
    }
}
