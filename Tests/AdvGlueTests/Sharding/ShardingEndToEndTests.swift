import Foundation
import Testing

/// Sharded attacks run as separate processes, as a batch scheduler runs them, then
/// `advglue merge`: the merged outputs are the unsharded run's.
@Suite("Sharding end to end", .serialized)
struct ShardingEndToEndTests {
    typealias E2E = EndToEndTests

    /// Every output of `merged` equals `whole`'s byte for byte, but for run.json and the
    /// reports' Run block (command line, date, timing), which must differ only there. The
    /// journals hold the same lines; in the same order when `whole` ran with `--jobs 1`
    /// (lines are written as examples finish, the merged journal's in data order).
    static func expectSameOutputs(
        _ whole: URL, _ merged: URL, inOrder: Bool = true, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let a = try ReportsEndToEndTests.files(in: whole)
        let b = try ReportsEndToEndTests.files(in: merged).filter { !$0.key.contains("/shard-") }
        #expect(
            Set(a.keys) == Set(b.keys), "\(a.keys.sorted()) against \(b.keys.sorted())", sourceLocation: sourceLocation)
        #expect(
            a.keys.contains { $0.hasSuffix("results.json") } && a.keys.contains { $0.hasSuffix("junit.xml") },
            sourceLocation: sourceLocation)
        for (name, data) in a where !name.hasSuffix("run.json") {
            if name.hasSuffix(".md") {
                let before = { (data: Data) in
                    String(decoding: data, as: UTF8.self).components(separatedBy: "\n## Run\n")[0]
                }
                #expect(
                    before(data) == before(b[name] ?? Data()), "\(name) differs before its Run block",
                    sourceLocation: sourceLocation)
                #expect(
                    String(decoding: b[name] ?? Data(), as: UTF8.self).contains("\n## Run\n"),
                    sourceLocation: sourceLocation)
            } else if name.hasSuffix("journal.jsonl") {
                let lines = { (data: Data?) in
                    String(decoding: data ?? Data(), as: UTF8.self).split(separator: "\n").sorted()
                }
                #expect(lines(b[name]) == lines(data), "\(name) holds other lines", sourceLocation: sourceLocation)
                if inOrder { #expect(b[name] == data, "\(name) differs", sourceLocation: sourceLocation) }
            } else {
                #expect(b[name] == data, "\(name) differs", sourceLocation: sourceLocation)
            }
        }
    }

    /// Starts the shards as concurrent processes and waits for all.
    static func shards(
        _ arguments: [String], count: Int, environment: (Int) -> [String: String] = { _ in [:] },
        shardArguments: (Int) -> [String] = { _ in [] }
    ) async throws -> [E2E.Run] {
        try await withThrowingTaskGroup(of: (Int, E2E.Run).self) { group in
            for index in 0..<count {
                let arguments = arguments + shardArguments(index)
                let environment = environment(index)
                group.addTask { (index, try await ProcessWaiting.advglue(arguments, environment: environment)) }
            }
            var runs: [(Int, E2E.Run)] = []
            for try await run in group { runs.append(run) }
            return runs.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    /// The check: four shards, two recipes, merged == unsharded.
    @Test func fourShardsMergedEqualTheUnshardedRun() async throws {
        let whole = E2E.temporaryFolder()
        let sharded = E2E.temporaryFolder()
        let common = [
            "attack", "--task", "sst2", "--attack", "typo,homoglyph", "--num-examples", "40", "--quiet", "--jobs", "1",
        ]
        let unsharded = try await ProcessWaiting.advglue(common + ["--out", whole.path])
        #expect(unsharded.status == 0, "\(unsharded.stderr)")
        let runs = try await Self.shards(
            common + ["--out", sharded.path], count: 4, shardArguments: { ["--shard", "\($0)/4"] })
        for run in runs { #expect(run.status == 0, "\(run.stderr)") }
        for index in 0..<4 {
            for recipe in ["typo", "homoglyph"] {
                let journal = sharded.appending(path: "shard-\(index)-of-4/\(recipe)/journal.jsonl")
                // 40 examples: 10 per shard, plus the header.
                #expect(try String(contentsOf: journal, encoding: .utf8).split(separator: "\n").count == 11)
            }
            // A shard writes no report of its own.
            #expect(
                !FileManager.default.fileExists(
                    atPath: sharded.appending(path: "shard-\(index)-of-4/typo/report.md").path))
        }
        let merge = try await ProcessWaiting.advglue(
            ["merge"] + (0..<4).map { sharded.appending(path: "shard-\($0)-of-4").path })
        #expect(merge.status == 0, "\(merge.stderr)")
        #expect(merge.stdout.contains("summary: \(sharded.path)/summary.md"))
        try Self.expectSameOutputs(whole, sharded)
        let report = try String(contentsOf: sharded.appending(path: "typo/report.md"), encoding: .utf8)
        #expect(report.contains("| Shards | 4, merged by the command above;"))
    }

    /// Kubernetes Indexed Job and Slurm array variables choose the shard; --num-examples
    /// selects before sharding; merge on real data equals the unsharded run.
    @Test(SharedCorpora.trait) func schedulerVariablesShardRealData() async throws {
        let data = try SharedCorpora.file("glue_data/SST-2/dev.tsv").path
        let whole = E2E.temporaryFolder()
        let sharded = E2E.temporaryFolder()
        let common = [
            "attack", "--task", "sst2", "--data", data, "--attack", "pwws", "--num-examples", "150", "--quiet",
            "--jobs", "2",
        ]
        let unsharded = try await ProcessWaiting.advglue(common + ["--out", whole.path])
        #expect(unsharded.status == 0, "\(unsharded.stderr)")
        // Shards 0 and 1 as Kubernetes pods, 2 as a Slurm array task numbered from 1.
        let runs = try await Self.shards(
            common + ["--out", sharded.path], count: 3,
            environment: { index in
                index < 2
                    ? ["JOB_COMPLETION_INDEX": "\(index)"]
                    : ["SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_COUNT": "3", "SLURM_ARRAY_TASK_MIN": "1"]
            }, shardArguments: { index in index < 2 ? ["--shard-count", "3"] : [] })
        for run in runs { #expect(run.status == 0, "\(run.stderr)") }
        let merged = E2E.temporaryFolder()
        let merge = try await ProcessWaiting.advglue(["merge", sharded.path, "--out", merged.path])
        #expect(merge.status == 0, "\(merge.stderr)")
        try Self.expectSameOutputs(whole, merged, inOrder: false)
        // The merged folder regenerates like any other run's.
        try ReportsEndToEndTests.expectRegenerates(merged)
    }

    /// A shard's journal resumes that shard; another shard's options are refused.
    @Test func aShardResumesFromItsJournal() async throws {
        let whole = E2E.temporaryFolder()
        let sharded = E2E.temporaryFolder()
        let common = ["attack", "--task", "sst2", "--attack", "homoglyph", "--quiet", "--jobs", "1"]
        let unsharded = try await ProcessWaiting.advglue(common + ["--out", whole.path])
        #expect(unsharded.status == 0, "\(unsharded.stderr)")
        let runs = try await Self.shards(
            common + ["--out", sharded.path], count: 2, shardArguments: { ["--shard", "\($0)/2"] })
        for run in runs { #expect(run.status == 0, "\(run.stderr)") }
        // As if shard 1 had been killed after 5 of its 24 examples.
        let journal = sharded.appending(path: "shard-1-of-2/journal.jsonl")
        let lines = try String(contentsOf: journal, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 25)
        try (lines.prefix(6).joined(separator: "\n") + "\n").write(to: journal, atomically: true, encoding: .utf8)
        let early = try await ProcessWaiting.advglue(["merge", sharded.path, "--out", E2E.temporaryFolder().path])
        #expect(early.status == 66)
        #expect(
            early.stderr.contains("shard 1/2 (\(journal.path)) is unfinished: 5 of its 24 examples"), "\(early.stderr)")
        let wrong = try await ProcessWaiting.advglue(common + ["--resume", journal.path, "--shard", "0/2"])
        #expect(wrong.status == 64)
        #expect(wrong.stderr.contains("shard.index: 1 in the journal, 0 now"), "\(wrong.stderr)")
        let resumed = try await ProcessWaiting.advglue([
            "attack", "--task", "sst2", "--attack", "homoglyph", "--jobs", "2", "--resume", journal.path,
        ])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(
            resumed.stderr.contains("shard 1/2 (from the journal): 24 of the 48 examples selected"), "\(resumed.stderr)"
        )
        #expect(resumed.stderr.contains("resuming: 5 of 24 examples already in"))
        let merge = try await ProcessWaiting.advglue(["merge", sharded.path])
        #expect(merge.status == 0, "\(merge.stderr)")
        try Self.expectSameOutputs(whole, sharded)
    }

    @Test func incompatibleShardsAreRefusedWithClearMessages() async throws {
        let folder = E2E.temporaryFolder()
        let other = E2E.temporaryFolder()
        let common = ["attack", "--task", "sst2", "--attack", "typo", "--quiet", "--num-examples", "20"]
        for run in try await Self.shards(
            common + ["--out", folder.path], count: 3, shardArguments: { ["--shard", "\($0)/3"] })
        {
            #expect(run.status == 0, "\(run.stderr)")
        }
        let seven = try await ProcessWaiting.advglue(common + ["--out", other.path, "--shard", "2/3", "--seed", "7"])
        #expect(seven.status == 0, "\(seven.stderr)")
        let shard = { (index: Int) in folder.appending(path: "shard-\(index)-of-3").path }
        let missing = try await ProcessWaiting.advglue(["merge", shard(0), shard(1)])
        #expect(missing.status == 66)
        #expect(missing.stderr.contains("typo: shard 2/3 missing (given: 0/3, 1/3)"), "\(missing.stderr)")
        let twice = try await ProcessWaiting.advglue(["merge", shard(0), shard(1), shard(2), shard(1)])
        #expect(twice.status == 64)
        #expect(twice.stderr.contains("shard 1/3 is given twice"), "\(twice.stderr)")
        let mixed = try await ProcessWaiting.advglue([
            "merge", shard(0), shard(1), other.appending(path: "shard-2-of-3").path, "--out",
            E2E.temporaryFolder().path,
        ])
        #expect(mixed.status == 65)
        #expect(mixed.stderr.contains("run.seed is 7 in"), "\(mixed.stderr)")
        let nothing = try await ProcessWaiting.advglue(["merge", E2E.temporaryFolder().path])
        #expect(nothing.status == 66)
        // Nothing was written by the refused merges.
        #expect(!FileManager.default.fileExists(atPath: folder.appending(path: "report.md").path))
        let probe = try await ProcessWaiting.advglue(common + ["--shard", "0/3", "--probe"])
        #expect(probe.status == 64)
        let gate = try await ProcessWaiting.advglue(common + ["--shard", "0/3", "--gate", "robustness.example.yaml"])
        #expect(gate.status == 64)
        let count = try await ProcessWaiting.advglue(common, environment: ["JOB_COMPLETION_INDEX": "1"])
        #expect(count.status == 64)
        #expect(count.stderr.contains("--shard-count"), "\(count.stderr)")
    }
}
