import AdvGlueModels
import AdvGlueSupport
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One running model program: its pipes, the requests waiting for an answer, and two
/// threads that read its standard output (protocol lines) and standard error (to the
/// model log). When it exits or is killed, every waiting request fails as
/// `.unavailable`, so the caller restarts it and retries.
// Unchecked: `process` is only asked whether it runs and how it ended, which
// Foundation answers from any thread; everything else is behind mutexes.
final class ChildProcess: @unchecked Sendable {
    enum Reply: Sendable {
        case ready(SubprocessMessages.Ready)
        case response(SubprocessMessages.Response)
        case failed(ModelCallFailure)
    }

    private struct State {
        var handshake: CheckedContinuation<Reply, Never>?
        var pending: [Int: CheckedContinuation<Reply, Never>] = [:]
        /// Why the process is gone; set once.
        var ended: String?
        /// Set by a timeout that killed the process, so waiting requests say so.
        var killReason: String?
    }

    let pid: Int32
    let generation: Int
    private let process: Process
    private let input: Mutex<FileHandle>
    private let state = Mutex(State())
    private let log: ModelLog
    /// The longest reply line read (`--max-reply-mb`); a longer one fails the requests in
    /// flight and is skipped to its end, never held whole.
    private let maxReplyBytes: Int

    private init(process: Process, input: FileHandle, generation: Int, log: ModelLog, maxReplyBytes: Int) {
        self.maxReplyBytes = maxReplyBytes
        self.process = process
        pid = process.processIdentifier
        self.input = Mutex(input)
        self.generation = generation
        self.log = log
    }

    /// Starts `command` (argument vector; the program is looked up on PATH unless it
    /// contains a slash) with pipes for all three standard streams.
    static func launch(_ command: [String], generation: Int, log: ModelLog, maxReplyBytes: Int = 64 << 20)
        throws(ModelCallFailure) -> ChildProcess
    {
        // A write to a child that has just died must fail with EPIPE, not kill advglue.
        signal(SIGPIPE, SIG_IGN)
        guard let executable = resolve(command[0]) else {
            throw ModelCallFailure(
                .permanent, "cannot find the program '\(command[0])'" + (command[0].contains("/") ? "" : " on PATH"))
        }
        let process = Process()
        ChildSpawner.guardAgainstOrphans(process, executable: executable, arguments: Array(command.dropFirst()))
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        do {
            try ChildSpawner.shared.run(process)
        } catch {
            throw ModelCallFailure(.permanent, "cannot start \(executable.path): \(error.localizedDescription)")
        }
        let child = ChildProcess(
            process: process, input: stdin.fileHandleForWriting, generation: generation, log: log,
            maxReplyBytes: maxReplyBytes)
        StopRequest.register(child: child.pid)
        let reader = Thread { child.readReplies(from: stdout.fileHandleForReading) }
        reader.name = "advglue-model-stdout"
        reader.start()
        let errors = Thread { child.copyStandardError(from: stderr.fileHandleForReading) }
        errors.name = "advglue-model-stderr"
        errors.start()
        return child
    }

    static func resolve(_ program: String) -> URL? {
        if program.contains("/") {
            return FileManager.default.isExecutableFile(atPath: program) ? URL(filePath: program) : nil
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") where !folder.isEmpty {
            let candidate = URL(filePath: String(folder)).appending(path: program)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    var isRunning: Bool { state.withLock { $0.ended == nil } }

    /// Sends the hello line and waits for the child's ready line.
    func handshake(_ hello: SubprocessMessages.Hello, timeout: Double) async throws(ModelCallFailure)
        -> SubprocessMessages.Ready
    {
        let reply = await exchange(line: try Self.encode(hello), timeout: timeout, what: "its handshake") {
            state, continuation in
            state.handshake = continuation
        }
        switch reply {
        case .ready(let ready): return ready
        case .failed(let failure): throw failure
        case .response: throw ModelCallFailure(.permanent, "the model process answered a request before its handshake")
        }
    }

    /// Sends one request and waits for its response.
    func request(_ request: SubprocessMessages.Request, timeout: Double) async throws(ModelCallFailure)
        -> SubprocessMessages.Response
    {
        let reply = await exchange(line: try Self.encode(request), timeout: timeout, what: "request \(request.id)") {
            state, continuation in
            state.pending[request.id] = continuation
        }
        switch reply {
        case .response(let response): return response
        case .failed(let failure): throw failure
        case .ready: throw ModelCallFailure(.permanent, "the model process sent a second handshake")
        }
    }

    private func exchange(
        line: Data, timeout: Double, what: String,
        register: @Sendable (inout State, CheckedContinuation<Reply, Never>) -> Void
    ) async -> Reply {
        let timer = Task { [self] in
            try await Task.sleep(for: .seconds(timeout))
            kill(
                reason:
                    "the model process did not answer \(what) within --timeout \(FaultTolerantCaller.seconds(timeout)) s; killed it"
            )
        }
        defer { timer.cancel() }
        return await withCheckedContinuation { continuation in
            let ended: String? = state.withLock { state in
                if let ended = state.ended { return ended }
                register(&state, continuation)
                return nil
            }
            if let ended {
                continuation.resume(returning: .failed(ModelCallFailure(.unavailable, ended)))
                return
            }
            do {
                // May block while the child's input pipe is full (it reads one request at a
                // time); the reader thread keeps draining its output meanwhile, so it cannot
                // deadlock, and --max-in-flight bounds how much waits here.
                try input.withLock { try $0.write(contentsOf: line) }
            } catch {
                // The reader sees the exit and fails the waiting continuation.
                log.write("[pid \(pid)] cannot write to the model process: \(error.localizedDescription)")
            }
        }
    }

    /// Kills the process (SIGKILL); waiting requests fail with `reason`.
    func kill(reason: String) {
        let alive = state.withLock { state in
            if state.ended == nil, state.killReason == nil { state.killReason = reason }
            return state.ended == nil
        }
        if alive { _ = sendSignal(pid, SIGKILL) }
    }

    /// Closes standard input, which a protocol-following child answers by exiting; kills
    /// it after `grace` seconds if it has not.
    func shutdown(grace: Double = 2) {
        try? input.withLock { try $0.close() }
        let deadline = Date().addingTimeInterval(grace)
        while process.isRunning, Date() < deadline { usleep(10_000) }
        if process.isRunning { kill(reason: "the model process did not exit when its input closed") }
    }

    private static func encode(_ value: some Encodable) throws(ModelCallFailure) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            var data = try encoder.encode(value)
            data.append(0x0A)
            return data
        } catch {
            throw ModelCallFailure(.permanent, "cannot encode a request: \(error)")
        }
    }

    // MARK: reader threads

    /// Splits standard output into lines in linear time: only the new chunk is searched
    /// for line ends, and the buffer is compacted once per chunk, not once per line.
    private func readReplies(from handle: FileHandle) {
        var buffer: [UInt8] = []
        var start = 0
        var skipping = false
        while true {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            var searchFrom = buffer.count
            buffer.append(contentsOf: chunk)
            while let newline = buffer[searchFrom...].firstIndex(of: 0x0A) {
                if !skipping { dispatch(line: Data(buffer[start..<newline])) }
                skipping = false
                start = newline + 1
                searchFrom = start
            }
            if start > 0 {
                buffer.removeFirst(start)
                start = 0
            }
            if !skipping, buffer.count > maxReplyBytes {
                failOversized()
                skipping = true
            }
            if skipping { buffer.removeAll(keepingCapacity: false) }
        }
        finish()
    }

    /// A reply line past the limit: its request cannot be told from the others in flight
    /// before the line ends, so all of them fail (their examples error).
    private func failOversized() {
        let waiting = state.withLock { s in
            defer {
                s.pending = [:]
                s.handshake = nil
            }
            return Array(s.pending.values) + (s.handshake.map { [$0] } ?? [])
        }
        let reason = "a reply is larger than \(maxReplyBytes >> 20) MiB (--max-reply-mb)"
        log.write("[pid \(pid)] \(reason); skipping it")
        for continuation in waiting { continuation.resume(returning: .failed(ModelCallFailure(.permanent, reason))) }
    }

    private func dispatch(line: Data) {
        let decoder = JSONDecoder()
        // The protocol lets non-finite scores travel as Python writes them with str();
        // ScoreRows then fails those examples with the reason.
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let text = String(decoding: line, as: UTF8.self)
        if text.trimmingCharacters(in: .whitespaces).isEmpty { return }
        let waitingForHandshake = state.withLock { $0.handshake != nil }
        if waitingForHandshake {
            let reply: Reply
            if let ready = try? decoder.decode(SubprocessMessages.Ready.self, from: line) {
                reply = .ready(ready)
            } else {
                reply = .failed(
                    ModelCallFailure(
                        .permanent, "the model process's first line is not a handshake: \(KServeMessages.snippet(line))"
                    ))
            }
            let continuation = state.withLock { s in
                defer { s.handshake = nil }
                return s.handshake
            }
            continuation?.resume(returning: reply)
            return
        }
        if let response = try? decoder.decode(SubprocessMessages.Response.self, from: line) {
            let continuation = state.withLock { $0.pending.removeValue(forKey: response.id) }
            guard let continuation else {
                log.write("[pid \(pid)] ignored a response to unknown request \(response.id)")
                return
            }
            continuation.resume(returning: .response(response))
            return
        }
        // Not a protocol line. If it names a request, that request fails with the reason;
        // otherwise it is stray output (a library printing to stdout) and is logged.
        if let id = SubprocessMessages.id(inBrokenLine: text),
            let continuation = state.withLock({ $0.pending.removeValue(forKey: id) })
        {
            let reason =
                text.contains("NaN") || text.contains("Infinity")
                ? "model returned NaN or infinite scores (as bare NaN/Infinity, which is not JSON)"
                : "malformed response line: \(KServeMessages.snippet(line))"
            continuation.resume(returning: .failed(ModelCallFailure(.permanent, reason)))
        } else {
            log.write("[pid \(pid)] stdout (not protocol): \(KServeMessages.snippet(line))")
        }
    }

    private func finish() {
        defer { StopRequest.unregister(child: pid) }
        // Standard output closed: the process has exited or is about to.
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning, Date() < deadline { usleep(5_000) }
        if process.isRunning {
            _ = sendSignal(pid, SIGKILL)
            process.waitUntilExit()
        }
        let status =
            process.terminationReason == .uncaughtSignal
            ? "was killed by signal \(process.terminationStatus)" : "exited with status \(process.terminationStatus)"
        let (waiting, reason): ([CheckedContinuation<Reply, Never>], String) = state.withLock { s in
            let reason = s.killReason ?? "the model process (pid \(pid)) \(status)"
            s.ended = reason
            var waiting = Array(s.pending.values)
            if let handshake = s.handshake { waiting.append(handshake) }
            s.pending = [:]
            s.handshake = nil
            return (waiting, reason)
        }
        log.write("[pid \(pid)] \(status)" + (waiting.isEmpty ? "" : " with \(waiting.count) request(s) in flight"))
        for continuation in waiting { continuation.resume(returning: .failed(ModelCallFailure(.unavailable, reason))) }
    }

    /// Copies the model's standard error into the log line by line, in linear time: each
    /// chunk is searched once for line ends, and a line that grows past
    /// ``ModelLog/maxLineBytes`` is written cut as soon as it does (not at its end, which
    /// may never come before the run ends) and the rest of it skipped and counted.
    private func copyStandardError(from handle: FileHandle) {
        var line: [UInt8] = []
        var skipped = 0
        func flush() {
            if skipped > 0 {
                log.write("[pid \(pid)] … [\(skipped) more bytes cut]")
            } else {
                log.write("[pid \(pid)] " + String(decoding: line, as: UTF8.self))
            }
            line.removeAll(keepingCapacity: true)
            skipped = 0
        }
        while true {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            for byte in chunk {
                if byte == 0x0A {
                    flush()
                } else if line.count < ModelLog.maxLineBytes {
                    line.append(byte)
                } else {
                    if skipped == 0 {
                        log.write("[pid \(pid)] " + String(decoding: line, as: UTF8.self) + " … [more bytes cut]")
                    }
                    skipped += 1
                }
            }
        }
        if !line.isEmpty || skipped > 0 { flush() }
    }
}

// `ChildProcess.kill(reason:)` hides the C function inside the type.
private func sendSignal(_ pid: Int32, _ signal: Int32) -> Int32 { kill(pid, signal) }
