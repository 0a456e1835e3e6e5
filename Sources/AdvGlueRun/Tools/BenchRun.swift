import AdvGlueBackends
import AdvGlueCorpora
import AdvGlueReports
import AdvGlueResults
import AdvGlueSupport
import Dispatch
import Foundation

/// What `advglue bench` times: recipes run as `advglue attack` processes, and with
/// `shards` the same split into concurrent shard processes and merged.
public struct BenchPlan: Sendable {
    public var task: GlueTask
    public var data = DataChoice()
    /// The `--model` value and `--model-temperature`, passed on to each process.
    public var model = ModelBackends.defaultSpec
    public var modelTemperature: Float?
    /// The connection options as command-line arguments, for external models.
    public var connectionArguments: [String] = []
    public var recipes = ["typo", "pwws", "deepwordbug"]
    public var runs = 3
    public var shards: Int?
    public var seed: UInt64 = 42
    /// `--jobs` as given; nil for the attack's default.
    public var jobs: Int?
    public var batchSize = 256

    public init(task: GlueTask) {
        self.task = task
    }

    var effectiveJobs: Int { jobs ?? ProcessInfo.processInfo.activeProcessorCount }
}

/// `advglue bench`: times whole `advglue attack` processes, reads what each measured of
/// itself (``RunMetrics``), and prints Markdown tables.
public struct BenchRun {
    public var plan: BenchPlan
    public var console: any RunConsole

    public init(plan: BenchPlan, console: any RunConsole) {
        self.plan = plan
        self.console = console
    }

    /// One timed `advglue attack` process.
    struct Timing {
        var wallSeconds: Double
        var metrics: RunMetrics.Record
        /// The run's summary; for several recipes, the first recipe's.
        var summary: AttackSummary?
        /// From starting the process to its first model query.
        var startUpSeconds: Double?
    }

    public func run() async throws {
        let task = plan.task
        let scratch = FileManager.default.temporaryDirectory.appending(path: "advglue-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        console.print(
            "machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, jobs \(plan.effectiveJobs), load average \(Self.loadAverage())"
        )
        console.print(
            "| Recipe | Examples | Examples/s | Queries/s | Model share | Peak RSS | Wall time, median (min–max) | Queries/example | Success rate | Accuracy under attack |"
        )
        console.print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        let recipes = plan.recipes
        for name in recipes {
            var timings: [Timing] = []
            for i in 0..<plan.runs {
                let folder = scratch.appending(path: "\(name)-\(i)")
                timings.append(
                    try attackProcess(
                        task: task, recipe: name, examples: plan.data.numExamples, jobs: plan.jobs, out: folder))
            }
            guard let s = timings.last?.summary else { continue }
            let wall = timings.map(\.wallSeconds).sorted()
            let queriesPerSecond = Self.median(
                timings.map { Double($0.metrics.modelInputs) / max($0.metrics.attackSeconds, 1e-9) })
            let share = Self.median(timings.map { $0.metrics.modelBusySeconds / max($0.metrics.attackSeconds, 1e-9) })
            let rss = Self.median(timings.compactMap { $0.metrics.peakRSSBytes.map(Double.init) })
            console.print(
                "| \(name) | \(s.examples) | \(Format.fixed(Double(s.examples) / Self.median(wall), digits: 1)) | \(Format.fixed(queriesPerSecond, digits: 0)) | "
                    + "\(Format.percent(share)) | \(Format.fixed(rss / 1_048_576, digits: 0)) MB | "
                    + "\(Format.fixed(Self.median(wall), digits: 3)) s (\(Format.fixed(wall[0], digits: 3))–\(Format.fixed(wall[wall.count - 1], digits: 3))) | "
                    + "\(s.averageQueries.map { Format.fixed($0, digits: 1) } ?? "–") | \(Format.percent(s.attackSuccessRate)) | \(Format.percent(s.accuracyUnderAttack)) |"
            )
        }
        console.print(
            "Examples/s: examples over the process's wall time (start-up, loading, attack, report). Queries/s: inputs the model scored per second "
                + "of attacking. Model share: the part of the attack with a model call in flight; the rest is advglue's own work."
        )
        var startUp: [Timing] = []
        for i in 0..<5 {
            startUp.append(
                try attackProcess(
                    task: task, recipe: recipes.first ?? "typo", examples: 1, jobs: plan.jobs,
                    out: scratch.appending(path: "startup-\(i)")))
        }
        let toQuery = startUp.compactMap(\.startUpSeconds).sorted()
        let toExit = startUp.map(\.wallSeconds).sorted()
        if !toQuery.isEmpty {
            console.print(
                "start-up to the first model query, median of 5 fresh processes: \(Format.fixed(Self.median(toQuery) * 1000, digits: 0)) ms "
                    + "(\(Format.fixed(toQuery[0] * 1000, digits: 0))–\(Format.fixed(toQuery[toQuery.count - 1] * 1000, digits: 0)) ms); "
                    + "to the report written: \(Format.fixed(Self.median(toExit) * 1000, digits: 0)) ms")
        }
        if let shards = plan.shards {
            console.print("")
            console.print(
                "| Recipe | Examples | 1 process, --jobs 1 | \(shards) shards, --jobs 1 each, + merge | Speed-up | Merge alone |"
            )
            console.print("|---|---:|---:|---:|---:|---:|")
            // The whole pass last: every recipe in one invocation, as a sharded robustness
            // pass runs them, so start-up and the merge are paid once for all recipes.
            let passes = recipes.count > 1 ? recipes + [recipes.joined(separator: ",")] : recipes
            for (index, name) in passes.enumerated() {
                var single: [Double] = []
                var sharded: [Double] = []
                var merges: [Double] = []
                var examples = 0
                // Interleaved, so a change in the machine's load hits both alike.
                for i in 0..<plan.runs {
                    let one = try attackProcess(
                        task: task, recipe: name, examples: plan.data.numExamples, jobs: 1,
                        out: scratch.appending(path: "one-\(index)-\(i)"))
                    single.append(one.wallSeconds)
                    examples = one.summary?.examples ?? examples
                    let (wall, merge) = try shardedRun(
                        task: task, recipe: name, count: shards, out: scratch.appending(path: "shards-\(index)-\(i)"))
                    sharded.append(wall)
                    merges.append(merge)
                }
                let isPass = index == recipes.count
                let label = isPass ? "all \(recipes.count) in one run" : name
                let count = isPass ? "\(examples) × \(recipes.count)" : "\(examples)"
                console.print(
                    "| \(label) | \(count) | \(Format.fixed(Self.median(single), digits: 2)) s | \(Format.fixed(Self.median(sharded), digits: 2)) s | "
                        + "\(Format.fixed(Self.median(single) / Self.median(sharded), digits: 2))x | \(Format.fixed(Self.median(merges), digits: 2)) s |"
                )
            }
        }
        console.print("load average after: \(Self.loadAverage())")
    }

    /// `advglue attack` arguments for one timed process.
    private func arguments(task: GlueTask, recipe: String, examples: Int?, jobs: Int?, out: URL) -> [String] {
        var arguments = [
            "attack", "--task", task.rawValue, "--attack", recipe, "--quiet", "--model", plan.model,
            "--seed", String(plan.seed), "--batch-size", String(plan.batchSize), "--out", out.path,
        ]
        if let path = plan.data.path { arguments += ["--data", path] }
        if let examples { arguments += ["--num-examples", String(examples)] }
        if plan.data.lenient { arguments.append("--lenient") }
        if let jobs { arguments += ["--jobs", String(jobs)] }
        if let temperature = plan.modelTemperature { arguments += ["--model-temperature", String(temperature)] }
        if (try? ModelBackends.parse(plan.model))?.isExternal == true { arguments += plan.connectionArguments }
        return arguments
    }

    private static var executable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    private func start(_ arguments: [String], metrics: URL?) throws -> SpawnedProcess {
        var environment = ProcessInfo.processInfo.environment
        if let metrics { environment[RunMetrics.variable] = metrics.path }
        do {
            return try SpawnedProcess(executable: Self.executable, arguments: arguments, environment: environment)
        } catch {
            throw AdvGlueError(.software, "\(error)", cause: error)
        }
    }

    private func finish(_ process: SpawnedProcess, _ arguments: [String]) throws {
        let status = process.wait()
        guard status == 0 else {
            throw AdvGlueError(.software, "advglue \(arguments.joined(separator: " ")) failed with status \(status)")
        }
    }

    /// Runs one `advglue attack` process and reads what it measured.
    private func attackProcess(task: GlueTask, recipe: String, examples: Int?, jobs: Int?, out: URL) throws -> Timing {
        let arguments = arguments(task: task, recipe: recipe, examples: examples, jobs: jobs, out: out)
        let metricsFile = out.appending(path: "metrics.json")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let started = DispatchTime.now().uptimeNanoseconds
        let process = try start(arguments, metrics: metricsFile)
        try finish(process, arguments)
        let wall = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let metrics = try SavedFiles.read(metricsFile) { try JSONFiles.decode(RunMetrics.Record.self, from: $0) }
        // A several-recipe run writes each recipe's results in a folder of its own.
        let first = recipe.split(separator: ",").first.map(String.init) ?? recipe
        let summary = [out, out.appending(path: first)].lazy
            .compactMap { try? Data(contentsOf: $0.appending(path: "results.json")) }
            .compactMap { try? ResultsFile.decode($0).summary }.first
        let startUp = metrics.firstModelQueryUptimeNanoseconds.map { Double($0 - started) / 1e9 }
        return Timing(wallSeconds: wall, metrics: metrics, summary: summary, startUpSeconds: startUp)
    }

    /// `count` shard processes at once, then the merge: wall time from the first start to
    /// the merge's exit, and the merge's own.
    private func shardedRun(task: GlueTask, recipe: String, count: Int, out: URL) throws -> (Double, Double) {
        let started = DispatchTime.now().uptimeNanoseconds
        let shards = try (0..<count).map { index in
            let arguments =
                arguments(task: task, recipe: recipe, examples: plan.data.numExamples, jobs: 1, out: out) + [
                    "--shard", "\(index)/\(count)",
                ]
            return (try start(arguments, metrics: nil), arguments)
        }
        for (process, arguments) in shards { try finish(process, arguments) }
        let mergeStarted = DispatchTime.now().uptimeNanoseconds
        let merge = ["merge", out.path, "--out", out.appending(path: "merged").path]
        try finish(try start(merge, metrics: nil), merge)
        let end = DispatchTime.now().uptimeNanoseconds
        return (Double(end - started) / 1e9, Double(end - mergeStarted) / 1e9)
    }

    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted.count % 2 == 1
            ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    /// The 1-, 5- and 15-minute load averages, as `uptime` shows them.
    static func loadAverage() -> String {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "unknown" }
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }
}
