import AdvGlueReports
import Foundation
import Synchronization
import Testing

/// `advglue` running in the background, for tests that kill it.
final class BackgroundAdvglue: Sendable {
    private let process: Process
    private let stderr = Mutex(Data())
    private let finished = Mutex<Int32?>(nil)

    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        let process = Process()
        process.executableURL = EndToEndTests.executable
        process.arguments = EndToEndTests.pinningModel(arguments)
        process.currentDirectoryURL = Fixtures.packageRoot
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "ADVGLUE_DATA")
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        self.process = process
        let thread = Thread { [self] in
            while true {
                let chunk = err.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                stderr.withLock { $0.append(chunk) }
            }
            process.waitUntilExit()
            finished.withLock { $0 = process.terminationStatus }
        }
        thread.start()
    }

    /// Runs `action` once `condition` holds, polling from a thread of its own: the
    /// test's own tasks may wait behind other suites' blocking process waits, and a
    /// fast run would finish before they looked. Returns at once; see ``triggered``.
    func when(_ condition: @escaping @Sendable () -> Bool, then action: @escaping @Sendable () -> Void) {
        let thread = Thread { [self] in
            while finished.withLock({ $0 }) == nil {
                if condition() {
                    action()
                    fired.withLock { $0 = Date() }
                    return
                }
                usleep(2_000)
            }
        }
        thread.start()
    }

    private let fired = Mutex<Date?>(nil)

    /// When the `when` action ran; nil if the run ended first.
    func triggered() async throws -> Date? {
        _ = try await wait { [self] in fired.withLock { $0 } != nil }
        return fired.withLock { $0 }
    }

    var standardError: String { String(decoding: stderr.withLock { $0 }, as: UTF8.self) }

    /// Waits until `condition` holds or the process ends; false on timeout or exit.
    func wait(seconds: Double = 120, until condition: @escaping @Sendable () -> Bool) async throws -> Bool {
        _ = await ProcessWaiting.poll(seconds: seconds) { [self] in condition() || finished.withLock { $0 } != nil }
        return condition()
    }

    /// Waits for the exit status (nil after `seconds`).
    func status(within seconds: Double = 300) async throws -> Int32? {
        _ = try await wait(seconds: seconds) { [self] in finished.withLock { $0 } != nil }
        return finished.withLock { $0 }
    }

    func kill(_ signal: Int32 = SIGKILL) {
        _ = Glibc.kill(process.processIdentifier, signal)
    }

    /// The largest "done" count the progress lines reported so far.
    var reportedDone: Int {
        let pattern = /attack \S+ (\d+)\/\d+/
        return standardError.matches(of: pattern).compactMap { Int($0.output.1) }.max() ?? 0
    }
}

@Suite("Journal: kill and resume", .serialized)
struct ResumeTests {
    static func arguments(_ folder: URL, data: String, extra: [String] = []) -> [String] {
        ["attack", "--task", "sst2", "--data", data, "--num-examples", "300", "--attack", "pwws", "--out", folder.path]
            + extra
    }

    /// SIGKILL mid-run loses nothing reported done, and a resumed run writes the same
    /// bytes as an uninterrupted one, even after a torn last line.
    @Test(SharedCorpora.trait) func killedAndResumedRunsMatchUninterruptedOnes() async throws {
        let data = try SharedCorpora.file("glue_data/SST-2/dev.tsv").path
        let whole = EndToEndTests.temporaryFolder()
        let resumed = EndToEndTests.temporaryFolder()
        let uninterrupted = try await ProcessWaiting.advglue(
            Self.arguments(whole, data: data, extra: ["--quiet", "--jobs", "1"]))
        #expect(uninterrupted.status == 0, "\(uninterrupted.stderr)")

        let run = try BackgroundAdvglue(Self.arguments(resumed, data: data, extra: ["--jobs", "2"]))
        let reported = Mutex(0)
        run.when(
            { ExternalFixtures.journalCount(in: resumed) >= 40 },
            then: {
                reported.withLock { $0 = run.reportedDone }
                run.kill()
            })
        #expect(try await run.triggered() != nil, "the run ended before it was killed")
        #expect(try await run.status(within: 30) == SIGKILL)
        let journaled = ExternalFixtures.journalCount(in: resumed)
        let done = reported.withLock { $0 }
        #expect(done <= journaled, "progress said \(done) done, the journal holds \(journaled)")
        #expect(journaled < 300, "the run finished before it was killed")
        // As if it had died inside write(2).
        let journal = resumed.appending(path: "journal.jsonl")
        let handle = try FileHandle(forWritingTo: journal)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"index":299,"result":{"exampleID":"li"#.utf8))
        try handle.close()

        let again = try await ProcessWaiting.advglue([
            "attack", "--task", "sst2", "--data", data, "--num-examples", "300", "--attack", "pwws",
            "--resume", journal.path,
        ])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("resuming: \(journaled) of 300 examples already in"))
        #expect(again.stderr.contains("torn last line"))
        let expected = try Data(contentsOf: whole.appending(path: "results.json"))
        #expect(try Data(contentsOf: resumed.appending(path: "results.json")) == expected)
        #expect(ExternalFixtures.journalCount(in: resumed) == 300)
        // The speed figures count this process's work only; the report says how much was resumed.
        let report = try String(contentsOf: resumed.appending(path: "report.md"), encoding: .utf8)
        #expect(
            report.contains(
                "| Resumed | \(journaled) examples came from the journal, \(300 - journaled) were attacked now |"),
            "\(report)")
    }

    @Test func resumingWithADifferentConfigurationIsRefusedNamingTheDifference() async throws {
        let folder = EndToEndTests.temporaryFolder()
        let first = try await ProcessWaiting.advglue([
            "attack", "--task", "sst2", "--out", folder.path, "--quiet", "--num-examples", "10",
        ])
        #expect(first.status == 0, "\(first.stderr)")
        let journal = folder.appending(path: "journal.jsonl").path
        let seed = try await ProcessWaiting.advglue([
            "attack", "--task", "sst2", "--resume", journal, "--num-examples", "10", "--seed", "7",
        ])
        #expect(seed.status == 64)
        #expect(seed.stderr.contains("run.seed: 42 in the journal, 7 now"), "\(seed.stderr)")
        let recipe = try await ProcessWaiting.advglue([
            "attack", "--task", "sst2", "--resume", journal, "--attack", "homoglyph",
        ])
        #expect(recipe.status == 64)
        #expect(recipe.stderr.contains("run.recipe.name: 'typo' in the journal, 'homoglyph' now"))
        #expect(recipe.stderr.contains("run.examplesSelected: 10 in the journal, 48 now"))
        let task = try await ProcessWaiting.advglue(["attack", "--task", "rte", "--resume", journal])
        #expect(task.status == 64)
        #expect(task.stderr.contains("run.task: 'sst2' in the journal, 'rte' now"))
        let several = try await ProcessWaiting.advglue([
            "attack", "--task", "sst2", "--resume", journal, "--attack", "typo,pwws",
        ])
        #expect(several.status == 64)
        let missing = try await ProcessWaiting.advglue([
            "attack", "--task", "sst2", "--resume", folder.appending(path: "nope.jsonl").path,
        ])
        #expect(missing.status == 66)
        // The same configuration resumes a complete journal without attacking anything.
        let same = try await ProcessWaiting.advglue([
            "attack", "--task", "sst2", "--resume", journal, "--num-examples", "10",
        ])
        #expect(same.status == 0, "\(same.stderr)")
        #expect(same.stderr.contains("resuming: 10 of 10 examples already in"))
    }
}
