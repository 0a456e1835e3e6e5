import AdvGlueAttacks
import AdvGlueResults
import AdvGlueSupport
import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Appends finished examples to a journal: one `write(2)` per line, so a run killed
/// with SIGKILL keeps every line it wrote (the kernel has it), and `fdatasync` so a
/// crash of the machine keeps them too.
///
/// Syncing every line inline costs about 0.3 ms on this project's machines, a third of
/// the time the built-in model spends on an example, so the default is a group commit:
/// a serial queue syncs whatever has been written since its last sync and then calls
/// each line's `whenDurable`, in append order. An example counts as done (progress,
/// results) only from that call. See "Journal and resume" in docs/benchmarks.md for the measurements.
///
/// ```swift
/// let writer = try JournalWriter.create(at: url, header: JournalHeader(tool: tool, run: info))
/// try writer.append(index: 3, result: result) { progress.done() }
/// try writer.close() // waits for the last sync
/// ```
public final class JournalWriter: Sendable {
    public enum Durability: String, Sendable, CaseIterable {
        /// `fdatasync` shared by the lines written while the previous one ran.
        case groupCommit = "group"
        /// `fdatasync` after every line, before `append` returns.
        case everyLine = "line"
        /// `write(2)` only: survives SIGKILL, not a machine crash. For measurements.
        case writeOnly = "none"
    }

    private struct State {
        var written = 0
        /// Bytes in the file: where the next line starts.
        var size = 0
        var failure: AdvGlueError?
        var closed = false
    }

    public let url: URL
    public let durability: Durability
    private let descriptor: Int32
    private let state = Mutex(State())
    private let synced = Mutex(0)
    private let queue = DispatchQueue(label: "advglue.journal-sync")

    private init(url: URL, descriptor: Int32, durability: Durability) {
        self.url = url
        self.descriptor = descriptor
        self.durability = durability
    }

    /// Creates (or truncates) a journal and writes its header.
    public static func create(at url: URL, header: JournalHeader, durability: Durability = .groupCommit)
        throws(AdvGlueError) -> JournalWriter
    {
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw AdvGlueError(
                .io, "cannot create the folder (\(error.localizedDescription))", hint: "check --out",
                at: .file(url.path))
        }
        let writer = try openFile(url, flags: O_CREAT | O_TRUNC, durability: durability, size: 0)
        let (sequence, _) = try writer.append(line: try header.line())
        if durability == .everyLine {
            try writer.syncNow()
        } else {
            // The first group commit covers the header, and every example's sync comes
            // after it: no example counts as done before the header is on disk, and the
            // run does not wait for a sync (~1-6 ms here) before it starts.
            writer.queue.async { writer.syncCovering(sequence) }
        }
        return writer
    }

    /// Continues a journal read by ``JournalReader``: cuts off a torn last line, then
    /// appends after the last complete one.
    public static func continuing(_ contents: JournalContents, durability: Durability = .groupCommit)
        throws(AdvGlueError) -> JournalWriter
    {
        try continuing(
            url: contents.url, validLength: contents.validLength, tornBytes: contents.tornBytes, durability: durability)
    }

    /// Continues a journal scanned by ``JournalReader/scan(_:)``.
    public static func continuing(_ scan: JournalScan, durability: Durability = .groupCommit) throws(AdvGlueError)
        -> JournalWriter
    {
        try continuing(url: scan.url, validLength: scan.validLength, tornBytes: scan.tornBytes, durability: durability)
    }

    private static func continuing(url: URL, validLength: Int, tornBytes: Int, durability: Durability)
        throws(AdvGlueError) -> JournalWriter
    {
        let writer = try openFile(url, flags: 0, durability: durability, size: validLength)
        if tornBytes > 0 {
            guard ftruncate(writer.descriptor, off_t(validLength)) == 0 else {
                let error = AdvGlueError(
                    .io, "cannot cut off the torn last line (\(String(cString: strerror(errno))))", at: .file(url.path))
                _ = systemClose(writer.descriptor)
                throw error
            }
            try writer.syncNow()
        }
        return writer
    }

    private static func openFile(_ url: URL, flags: Int32, durability: Durability, size: Int) throws(AdvGlueError)
        -> JournalWriter
    {
        let descriptor = systemOpen(url.path, O_WRONLY | O_APPEND | O_CLOEXEC | flags, 0o644)
        guard descriptor >= 0 else {
            throw AdvGlueError(
                .io, "cannot open the journal for writing (\(String(cString: strerror(errno))))",
                hint: "check --out and its permissions", at: .file(url.path))
        }
        let writer = JournalWriter(url: url, descriptor: descriptor, durability: durability)
        writer.state.withLock { $0.size = size }
        return writer
    }

    /// Appends one finished example and returns where its line is (without the newline),
    /// so that the run can read it back later instead of keeping it in memory.
    /// `whenDurable` runs once the line is on disk as `durability` promises (at once
    /// for `.writeOnly` and `.everyLine`).
    @discardableResult
    public func append(index: Int, result: AttackResult, whenDurable: @escaping @Sendable () -> Void = {})
        throws(AdvGlueError) -> JournalLine
    {
        let (sequence, line) = try append(line: Data(ResultCodec.journalLine(index: index, result: result)))
        switch durability {
        case .writeOnly:
            whenDurable()
        case .everyLine:
            try syncNow()
            whenDurable()
        case .groupCommit:
            queue.async { [self] in
                syncCovering(sequence)
                whenDurable()
            }
        }
        return line
    }

    /// Waits for the last sync and closes the file. Throws the first write or sync failure.
    public func close() throws(AdvGlueError) {
        // Every line is written: the last sync need not wait out the group interval.
        closing.store(true, ordering: .releasing)
        wake.signal()
        queue.sync {}
        let failure: AdvGlueError? = state.withLock { state in
            guard !state.closed else { return state.failure }
            state.closed = true
            if dataSync(descriptor) != 0, state.failure == nil {
                state.failure = AdvGlueError(
                    .io, "cannot sync the journal (\(String(cString: strerror(errno))))", at: .file(url.path))
            }
            _ = systemClose(descriptor)
            return state.failure
        }
        if let failure { throw failure }
    }

    deinit {
        let open = state.withLock { !$0.closed }
        if open { _ = systemClose(descriptor) }
    }

    /// Writes one newline-terminated line; returns its sequence number for group commit
    /// and where it is in the file.
    private func append(line data: Data) throws(AdvGlueError) -> (sequence: Int, line: JournalLine) {
        return try state.withLock { state throws(AdvGlueError) -> (sequence: Int, line: JournalLine) in
            if let failure = state.failure { throw failure }
            precondition(!state.closed, "append after close")
            // One write(2) per line: a reader never sees half of one unless the
            // process dies inside the call; `JournalReader` drops such a tail.
            let failed: Int32? = data.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let n = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                    if n < 0 {
                        if errno == EINTR { continue }
                        return errno
                    }
                    offset += n
                }
                return nil
            }
            if let failed {
                let error = AdvGlueError(
                    .io, "cannot append to the journal (\(String(cString: strerror(failed))))",
                    hint: "free disk space, then resume with --resume \(url.path)", at: .file(url.path))
                state.failure = error
                throw error
            }
            state.written += 1
            let line = JournalLine(offset: state.size, length: data.count - 1)
            state.size += data.count
            return (state.written, line)
        }
    }

    private func syncNow() throws(AdvGlueError) {
        let written = state.withLock { $0.written }
        guard dataSync(descriptor) == 0 else {
            let error = AdvGlueError(
                .io, "cannot sync the journal (\(String(cString: strerror(errno))))", at: .file(url.path))
            state.withLock { $0.failure = $0.failure ?? error }
            throw error
        }
        synced.withLock { $0 = max($0, written) }
    }

    /// On the sync queue: one `fdatasync` covers every line written before it started.
    /// Syncs are at least ``groupInterval`` apart, so a fast run shares each one among
    /// many lines instead of keeping the disk busy with one per line.
    private func syncCovering(_ sequence: Int) {
        guard synced.withLock({ $0 }) < sequence else { return }
        let wait = lastSync.withLock { Self.groupInterval - Date().timeIntervalSince($0) }
        if wait > 0, !closing.load(ordering: .acquiring) { _ = wake.wait(timeout: .now() + wait) }
        try? syncNow()
        lastSync.withLock { $0 = Date() }
    }

    /// The least time between two group-commit syncs: an example counts at most this
    /// much (plus one sync) after its line is written.
    public static let groupInterval: TimeInterval = 0.02
    private let lastSync = Mutex(Date.distantPast)
    /// Set by ``close()``: a pending sync goes ahead at once rather than after the interval.
    private let closing = Atomic(false)
    /// Cuts short the wait between syncs when ``close()`` is called.
    private let wake = DispatchSemaphore(value: 0)
}

// The type's own `close()` and `openFile` hide the C functions inside it.
private func systemOpen(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 { open(path, flags, mode) }
private func systemClose(_ descriptor: Int32) -> Int32 { close(descriptor) }
private func dataSync(_ descriptor: Int32) -> Int32 {
    #if os(Linux)
        fdatasync(descriptor)
    #else
        fsync(descriptor)
    #endif
}
