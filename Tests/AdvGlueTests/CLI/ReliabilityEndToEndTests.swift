import Foundation
import Testing

/// The defects of the hostile-input and fault audit (issue 18), each reproduced with
/// real processes: a second advglue on the same folder, real signals, hostile files, a
/// model that fails on most inputs. Waits are bounded in count and time.
@Suite("Reliability end to end", .serialized)
struct ReliabilityEndToEndTests {
    typealias E2E = EndToEndTests

    /// Starts `advglue attack` on the big dataset and returns once its journal has lines.
    static func startLongRun(data: URL, out: URL) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = E2E.executable
        process.arguments = E2E.pinningModel([
            "attack", "--task", "sst2", "--data", data.path, "--out", out.path, "--jobs", "1", "--quiet",
        ])
        process.currentDirectoryURL = Fixtures.packageRoot
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let journal = out.appending(path: "journal.jsonl")
        for _ in 0..<1500 {
            if let text = try? String(contentsOf: journal, encoding: .utf8), text.split(separator: "\n").count > 3 {
                break
            }
            usleep(20_000)
        }
        return (process, err)
    }

    /// Deep nesting is refused before the parser can exhaust its stack (it crashed with
    /// SIGSEGV from 5,000 levels).
    @Test func deeplyNestedYAMLIsRefusedNotACrash() throws {
        let folder = E2E.temporaryFolder()
        let flow = folder.appending(path: "flow.yaml")
        try Data(("version: 1\nname: deep\nx: " + String(repeating: "[", count: 20_000)).utf8).write(to: flow)
        let dashes = folder.appending(path: "dashes.yaml")
        try Data(("version: 1\ngates:\n" + String(repeating: "- ", count: 20_000) + "x\n").utf8).write(to: dashes)
        let attack = try E2E.advglue(["attack", "--task", "sst2", "--attack", flow.path, "--out", folder.path])
        #expect(attack.status == 78, "\(attack.stderr)")
        #expect(attack.stderr.contains("nested about") && attack.stderr.contains("flow.yaml"))
        let gate = try E2E.advglue(["gate", "--config", dashes.path, folder.path])
        #expect(gate.status == 2, "\(gate.stderr)")
        #expect(gate.stderr.contains("nested about") && gate.stderr.contains("dashes.yaml"))
    }

    /// A second run on a folder in use is refused with the first run's pid; SIGTERM stops
    /// a run as Ctrl-C does (report marked incomplete, 130); re-running the stopped
    /// command is refused rather than wiping its journal; --overwrite starts again.
    @Test func foldersAreLockedSigtermStopsCleanlyAndUnfinishedJournalsSurvive() throws {
        let folder = E2E.temporaryFolder()
        let data = try E2E.bigDataset(in: folder)
        let out = folder.appending(path: "run")
        let (first, err) = try Self.startLongRun(data: data, out: out)
        let second = try E2E.advglue(["attack", "--task", "sst2", "--data", data.path, "--out", out.path, "--quiet"])
        #expect(second.status == 75, "\(second.stderr)")
        #expect(second.stderr.contains("is in use by another advglue run (pid \(first.processIdentifier))"))

        kill(first.processIdentifier, SIGTERM)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        first.waitUntilExit()
        #expect(first.terminationStatus == 130, "\(stderr)")
        #expect(stderr.contains("SIGTERM received"))
        let report = try String(contentsOf: out.appending(path: "report.md"), encoding: .utf8)
        #expect(report.contains("**Incomplete:** the run was interrupted after"))
        #expect(!FileManager.default.fileExists(atPath: out.appending(path: ".advglue.lock").path))
        let journal = try Data(contentsOf: out.appending(path: "journal.jsonl"))

        let again = try E2E.advglue(["attack", "--task", "sst2", "--data", data.path, "--out", out.path, "--quiet"])
        #expect(again.status == 64, "\(again.stderr)")
        #expect(again.stderr.contains("holds an unfinished run") && again.stderr.contains("--resume"))
        #expect(try Data(contentsOf: out.appending(path: "journal.jsonl")) == journal)

        let fresh = try E2E.advglue([
            "attack", "--task", "sst2", "--data", data.path, "--num-examples", "4", "--out", out.path, "--overwrite",
            "--quiet",
        ])
        #expect(fresh.status == 0, "\(fresh.stderr)")
    }

    /// A recipe's name becomes a folder: a path in it is refused, and nothing is written
    /// outside --out.
    @Test func recipeNamesCannotLeaveTheOutputFolder() throws {
        let folder = E2E.temporaryFolder()
        let typo = try String(contentsOf: Fixtures.packageRoot.appending(path: "Attacks/typo.yaml"), encoding: .utf8)
        for (index, name) in ["../escaped", "a/b", "..", ".hidden"].enumerated() {
            let recipe = folder.appending(path: "evil\(index).yaml")
            try Data(typo.replacingOccurrences(of: "name: typo", with: "name: \"\(name)\"").utf8).write(to: recipe)
            let run = try E2E.advglue([
                "attack", "--task", "sst2", "--attack", "typo,\(recipe.path)", "--out",
                folder.appending(path: "out").path,
            ])
            #expect(run.status == 78, "\(name): \(run.stderr)")
            #expect(run.stderr.contains("recipe name"), "\(run.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appending(path: "escaped").path))
        #expect(!FileManager.default.fileExists(atPath: folder.appending(path: "out").path))
    }

    /// A very long input is predicted in O(n log n) time (37f66f3 insertion-sorted its
    /// 300,000 feature hits: past 300 s) and attacked not at all: an error result naming
    /// its length, the other examples attacked as usual.
    @Test func longInputsAreLinearAndOversizedExamplesAreErrors() async throws {
        let folder = E2E.temporaryFolder()
        let words = """
            the film is a good bad movie story with great acting but plot and it was funny boring dull charming \
            performance director characters not very one of best worst
            """.split(separator: " ")
        let long = (0..<150_000).map { words[($0 * 7 + $0 / words.count) % words.count] }.joined(separator: " ")
        let file = folder.appending(path: "long.tsv")
        try Data("sentence\tlabel\n\(long)\t1\na charming and moving film\t1\n".utf8).write(to: file)
        let predict = Process()
        predict.executableURL = E2E.executable
        predict.arguments = E2E.pinningModel(["predict", "--task", "sst2", "--data", file.path])
        predict.standardOutput = FileHandle.nullDevice
        predict.standardError = FileHandle.nullDevice
        try predict.run()
        let finished = await ProcessWaiting.poll(seconds: 120) { !predict.isRunning }
        if !finished { predict.terminate() }
        predict.waitUntilExit()
        #expect(finished && predict.terminationStatus == 0, "predict on 150,000 words did not finish in 120 s")
        let attack = try E2E.advglue([
            "attack", "--task", "sst2", "--data", file.path, "--out", folder.appending(path: "out").path, "--quiet",
        ])
        #expect(attack.status == 0, "\(attack.stderr)")
        let results = try String(contentsOf: folder.appending(path: "out/report.md"), encoding: .utf8)
        #expect(results.contains("too long to attack: 150000 words, more than the limit of 1000 per example"))
        // And a time limit per example: past it, the example is an error, not a stall.
        let slow = try E2E.advglue([
            "attack", "--task", "sst2", "--num-examples", "3", "--max-seconds-per-example", "0.000001", "--out",
            folder.appending(path: "slow").path, "--quiet",
        ])
        #expect(slow.status == 65, "\(slow.stderr)")
        #expect(slow.stderr.contains("took longer than 1e-06 s, the limit per example"), "\(slow.stderr)")
    }

    /// Small ones: an empty --out, and terminal escapes in an error message.
    @Test func emptyOutIsRefusedAndTerminalEscapesAreShown() throws {
        let empty = try E2E.advglue(["attack", "--task", "sst2", "--out", ""])
        #expect(empty.status == 64, "\(empty.stderr)")
        #expect(empty.stderr.contains("--out '' is empty"))
        let escape = try E2E.advglue([
            "attack", "--task", "sst2", "--data", "/nonexistent/\u{1B}]52;c;cHduZWQ=\u{07}x.tsv",
        ])
        #expect(escape.status == 66, "\(escape.stderr)")
        #expect(!escape.stderr.contains("\u{1B}") && !escape.stderr.contains("\u{07}"))
        #expect(escape.stderr.contains("⟨U+001B⟩]52;c;cHduZWQ=⟨U+0007⟩x.tsv"), "\(escape.stderr)")
    }

    /// A model that fails on most inputs cannot pass a gate on the few it answered, and a
    /// run where every example failed exits non-zero.
    @Test(ExternalFixtures.trait)
    func errorsCannotPassAGateAndAllErrorsFail() async throws {
        try ExternalFixtures.require()
        let folder = E2E.temporaryFolder()
        let config = folder.appending(path: "floor.yaml")
        try Data("version: 1\ngates:\n  - name: floor\n    min_accuracy_under_attack: 5%\n".utf8).write(to: config)
        let data = ExternalFixtures.glueData
        let most = try await ProcessWaiting.advglue([
            "attack", "--task", "sst2", "--data", data, "--num-examples", "40", "--out",
            folder.appending(path: "most").path, "--quiet", "--gate", config.path, "--model",
            try ExternalFixtures.sklearnSpec(script: "scripts/testing/faulty_model.py", extra: ["--nan-marker", "e"]),
        ])
        #expect(most.status == 1, "\(most.stdout)\(most.stderr)")
        #expect(most.stdout.contains("FAIL floor [sst2/typo] max_error_rate"), "\(most.stdout)")
        let all = try await ProcessWaiting.advglue([
            "attack", "--task", "sst2", "--data", data, "--num-examples", "10", "--out",
            folder.appending(path: "all").path, "--quiet", "--model",
            try ExternalFixtures.sklearnSpec(script: "scripts/testing/faulty_model.py", extra: ["--nan-marker", " "]),
        ])
        #expect(all.status == 65, "\(all.stderr)")
        #expect(all.stderr.contains("all 10 examples of typo ended in an error"))
        #expect(FileManager.default.fileExists(atPath: folder.appending(path: "all/report.md").path))
    }

    /// A model that hangs: one Ctrl-C stops the retries (130, not 69 after --max-outage),
    /// two SIGTERMs exit at once, SIGKILL ends advglue outright; in every case no model
    /// process is left running.
    @Test(ExternalFixtures.trait)
    func stoppingReachesAHungModelAndLeavesNoProcessBehind() async throws {
        try ExternalFixtures.require()
        for signals in [[SIGINT], [SIGTERM, SIGTERM], [SIGKILL]] {
            let folder = E2E.temporaryFolder()
            let process = Process()
            process.executableURL = E2E.executable
            process.arguments = [
                "attack", "--task", "sst2", "--data", ExternalFixtures.glueData, "--num-examples", "40", "--timeout",
                "2", "--max-outage", "600", "--jobs", "1", "--out", folder.path, "--quiet", "--model",
                try ExternalFixtures.sklearnSpec(script: "scripts/testing/faulty_model.py", extra: ["--hang-on", "4"]),
            ]
            process.currentDirectoryURL = Fixtures.packageRoot
            process.standardError = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            let log = folder.appending(path: "model.log")
            let retrying = await ProcessWaiting.poll(seconds: 90) {
                ((try? String(contentsOf: log, encoding: .utf8)) ?? "").contains("retrying")
            }
            #expect(retrying, "the model never hung")
            let pids = Set(
                ((try? String(contentsOf: log, encoding: .utf8)) ?? "").matches(of: #/\[pid (\d+)\]/#).compactMap {
                    Int32($0.1)
                })
            #expect(!pids.isEmpty)
            for signal in signals {
                kill(process.processIdentifier, signal)
                usleep(200_000)
            }
            let exited = await ProcessWaiting.poll(seconds: 30) { !process.isRunning }
            #expect(exited, "advglue still runs after \(signals)")
            if !exited { process.terminate() }
            process.waitUntilExit()
            if signals == [SIGKILL] {
                // Nothing runs in a SIGKILLed advglue: the parent-death signal ends the model.
                #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL)
            } else {
                #expect(process.terminationStatus == 130, "\(signals): \(process.terminationStatus)")
            }
            let gone = await ProcessWaiting.poll(seconds: 10) { pids.allSatisfy { kill($0, 0) != 0 } }
            #expect(gone, "a model process outlived advglue after \(signals)")
        }
    }

    /// Data files: a JSON syntax error names its line and column; JSON Lines ids must be
    /// unique strings or integers.
    @Test func jsonErrorsArePlacedAndIdsMustBeUniqueScalars() throws {
        let folder = E2E.temporaryFolder()
        let broken = folder.appending(path: "dev.json")
        try Data("{\n  \"sst2\": [\n    {\"idx\": 0, \"sentence\": \"fine\" \"label\": 1}\n  ]\n}\n".utf8).write(
            to: broken)
        let syntax = try E2E.advglue(["attack", "--task", "sst2", "--data", broken.path, "--out", folder.path])
        #expect(syntax.status == 65, "\(syntax.stderr)")
        #expect(syntax.stderr.contains("at line 3, column"), "\(syntax.stderr)")
        let cases: [(String, String)] = [
            ("null", "the id (idx) is null"), ("{\"a\": 1}", "the id (idx) is an object"),
            ("[1]", "the id (idx) is an array"), ("true", "the id (idx) is"),
            ("7", "the example id '7' appears more than once"),
        ]
        for (id, message) in cases {
            let file = folder.appending(path: "ids.jsonl")
            let rows = (0..<3).map { "{\"idx\": \(id), \"sentence\": \"a fine film \($0)\", \"label\": 1}" }
            try Data((rows.joined(separator: "\n") + "\n").utf8).write(to: file)
            let run = try E2E.advglue(["attack", "--task", "sst2", "--data", file.path, "--out", folder.path])
            #expect(run.status == 65, "\(id): \(run.stderr)")
            #expect(run.stderr.contains(message), "\(id): \(run.stderr)")
        }
    }

    /// A model that writes megabytes to standard error without a line break: drained in
    /// linear time, lines cut at 16 KiB, model.log bounded.
    @Test(ExternalFixtures.trait)
    func aChattyModelCannotFillTheLog() async throws {
        try ExternalFixtures.require()
        let folder = E2E.temporaryFolder()
        let run = try await ProcessWaiting.advglue([
            "attack", "--task", "sst2", "--data", ExternalFixtures.glueData, "--num-examples", "3", "--out",
            folder.path, "--quiet", "--model",
            try ExternalFixtures.sklearnSpec(script: "scripts/testing/faulty_model.py", extra: ["--stderr-mib", "4"]),
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let log = try Data(contentsOf: folder.appending(path: "model.log"))
        #expect(log.count < 2 << 20, "model.log holds \(log.count) bytes")
        #expect(String(decoding: log, as: UTF8.self).contains("more bytes cut]"))
        // A reply line over --max-reply-mb fails its requests and is skipped, never held.
        let huge = try await ProcessWaiting.advglue([
            "attack", "--task", "sst2", "--data", ExternalFixtures.glueData, "--num-examples", "3", "--out",
            folder.appending(path: "huge").path, "--quiet", "--max-reply-mb", "1", "--model",
            try ExternalFixtures.sklearnSpec(script: "scripts/testing/faulty_model.py", extra: ["--stdout-mib", "3"]),
        ])
        #expect(huge.status == 65, "\(huge.stderr)")
        #expect(huge.stderr.contains("a reply is larger than 1 MiB"), "\(huge.stderr)")
    }

    /// What a killed run leaves (half-written files, a scratch folder) the next run removes.
    @Test func leftoversOfKilledRunsAreRemoved() throws {
        let folder = E2E.temporaryFolder()
        let out = folder.appending(path: "out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let partial = out.appending(path: ".results.json.partial-999999")
        try Data("{half".utf8).write(to: partial)
        // A live process's partial file (this test's own pid) is not a leftover.
        let live = out.appending(path: ".other.json.partial-\(getpid())")
        try Data("{writing".utf8).write(to: live)
        let scratch = FileManager.default.temporaryDirectory.appending(path: "advglue-999999-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let run = try E2E.advglue(["attack", "--task", "sst2", "--num-examples", "4", "--out", out.path, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: partial.path))
        #expect(FileManager.default.fileExists(atPath: live.path))
        #expect(!FileManager.default.fileExists(atPath: scratch.path))
        #expect(!FileManager.default.fileExists(atPath: out.appending(path: ".advglue.lock").path))
    }

    /// SIGHUP after the terminal is gone (its writes fail): the run still stops cleanly
    /// and writes its report, rather than crashing on the message it cannot print.
    @Test func sighupWithTheTerminalGoneStillWritesTheReport() async throws {
        let folder = E2E.temporaryFolder()
        let out = folder.appending(path: "hup")
        let (process, err) = try Self.startLongRun(data: try E2E.bigDataset(in: folder), out: out)
        try err.fileHandleForReading.close()
        kill(process.processIdentifier, SIGHUP)
        let exited = await ProcessWaiting.poll(seconds: 60) { !process.isRunning }
        if !exited { process.terminate() }
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 130, "\(process.terminationStatus)")
        let report = try String(contentsOf: out.appending(path: "report.md"), encoding: .utf8)
        #expect(report.contains("**Incomplete:** the run was interrupted after"))
    }

    /// A gate's verdict belongs to the results it judged: a later run into the folder
    /// without a gate removes it, so junit.xml is the new run's.
    @Test func anEarlierGateDoesNotOutliveItsResults() throws {
        let out = E2E.temporaryFolder().appending(path: "gated")
        let pass = Fixtures.packageRoot.appending(path: "Tests/Configs/gate-pass.yaml").path
        let gated = try E2E.advglue(["attack", "--task", "sst2", "--out", out.path, "--quiet", "--gate", pass])
        #expect(gated.status == 0, "\(gated.stderr)")
        #expect(FileManager.default.fileExists(atPath: out.appending(path: "gate.json").path))
        let again = try E2E.advglue(["attack", "--task", "sst2", "--num-examples", "6", "--out", out.path, "--quiet"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.appending(path: "gate.json").path))
        let junit = try String(contentsOf: out.appending(path: "junit.xml"), encoding: .utf8)
        #expect(junit.contains("name=\"attack sst2/typo\"") && !junit.contains("advglue.gate"))
    }
}
