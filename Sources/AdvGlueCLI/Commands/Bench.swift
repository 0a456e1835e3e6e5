import AdvGlueCorpora
import AdvGlueModels
import AdvGlueReports
import ArgumentParser
import Dispatch
import Foundation

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure end-to-end attack speed per recipe: examples/s, queries/s, the model's share of the time, peak memory, start-up time; with --shards, the speed-up of sharding.",
        discussion: """
            Each recipe runs --runs times as `advglue attack ... --quiet` in a process of its own,
            timed from starting the process to its exit (the report written, into a temporary
            folder); figures are medians over the runs. Inside each process advglue measures
            itself (ADVGLUE_METRICS): queries/s are the inputs the model scored per second of
            attacking; the model's share is the part of that time with a model call in flight
            (the rest is advglue's own work); peak RSS is VmHWM.

            Start-up is timed in five fresh `advglue attack --num-examples 1` processes: from
            starting the process to its first model query, and to its exit.

            --shards N also times the recipe split into N shards run as concurrent processes
            (`--shard I/N`, each with --jobs 1) and merged (`advglue merge`), against one process
            with --jobs 1, from the first start to the merge's exit. With several recipes, a last
            row times the whole pass: every recipe in one `advglue attack --attack a,b,...`
            invocation, sharded and merged the same way.

            The machine's load average is printed before and after: on a shared machine,
            timings are only as quiet as it is.

            Example:
              advglue bench --task sst2 --data ../shared/corpora/glue_data --num-examples 200 \\
                --attack typo,pwws,deepwordbug
              advglue bench --task sst2 --data ../shared/corpora/glue_data --attack pwws --shards 2 --runs 5
            """
    )

    @OptionGroup var taskOptions: TaskOptions
    @OptionGroup var data: DataOptions
    @OptionGroup var model: ModelOptions
    @OptionGroup(title: "Model server and subprocess options") var connection: ModelConnectionOptions

    @Option(name: .long, help: ArgumentHelp("Recipes to time, comma-separated.", valueName: "recipes"))
    var attack = "typo,pwws,deepwordbug"

    @Option(name: .long, help: ArgumentHelp("Timed processes per recipe (and per sharding); the median counts.", valueName: "n"))
    var runs = 3

    @Option(name: .long, help: ArgumentHelp("Also time N concurrent shards plus the merge against one process with --jobs 1.", valueName: "n"))
    var shards: Int?

    @OptionGroup var run: RunOptions

    func validate() throws {
        if runs < 1 { throw ValidationError("--runs must be at least 1 (got \(runs))") }
        if let shards, shards < 2 { throw ValidationError("--shards must be at least 2 (got \(shards))") }
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

    func run() async throws {
        let task = taskOptions.task
        let scratch = FileManager.default.temporaryDirectory.appending(path: "advglue-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        print("machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, jobs \(run.effectiveJobs), load average \(Self.loadAverage())")
        print("| Recipe | Examples | Examples/s | Queries/s | Model share | Peak RSS | Wall time, median (min–max) | Queries/example | Success rate | Accuracy under attack |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        let recipes = attack.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        for name in recipes {
            var timings: [Timing] = []
            for i in 0..<runs {
                let folder = scratch.appending(path: "\(name)-\(i)")
                timings.append(try attackProcess(task: task, recipe: name, examples: data.numExamples, jobs: run.jobs, out: folder))
            }
            guard let s = timings.last?.summary else { continue }
            let wall = timings.map(\.wallSeconds).sorted()
            let queriesPerSecond = Self.median(timings.map { Double($0.metrics.modelInputs) / max($0.metrics.attackSeconds, 1e-9) })
            let share = Self.median(timings.map { $0.metrics.modelBusySeconds / max($0.metrics.attackSeconds, 1e-9) })
            let rss = Self.median(timings.compactMap { $0.metrics.peakRSSBytes.map(Double.init) })
            print("| \(name) | \(s.examples) | \(Format.fixed(Double(s.examples) / Self.median(wall), digits: 1)) | \(Format.fixed(queriesPerSecond, digits: 0)) | "
                  + "\(Format.percent(share)) | \(Format.fixed(rss / 1_048_576, digits: 0)) MB | "
                  + "\(Format.fixed(Self.median(wall), digits: 3)) s (\(Format.fixed(wall[0], digits: 3))–\(Format.fixed(wall[wall.count - 1], digits: 3))) | "
                  + "\(s.averageQueries.map { Format.fixed($0, digits: 1) } ?? "–") | \(Format.percent(s.attackSuccessRate)) | \(Format.percent(s.accuracyUnderAttack)) |")
        }
        print("Examples/s: examples over the process's wall time (start-up, loading, attack, report). Queries/s: inputs the model scored per second "
              + "of attacking. Model share: the part of the attack with a model call in flight; the rest is advglue's own work.")
        var startUp: [Timing] = []
        for i in 0..<5 {
            startUp.append(try attackProcess(task: task, recipe: recipes.first ?? "typo", examples: 1, jobs: run.jobs,
                                             out: scratch.appending(path: "startup-\(i)")))
        }
        let toQuery = startUp.compactMap(\.startUpSeconds).sorted()
        let toExit = startUp.map(\.wallSeconds).sorted()
        if !toQuery.isEmpty {
            print("start-up to the first model query, median of 5 fresh processes: \(Format.fixed(Self.median(toQuery) * 1000, digits: 0)) ms "
                  + "(\(Format.fixed(toQuery[0] * 1000, digits: 0))–\(Format.fixed(toQuery[toQuery.count - 1] * 1000, digits: 0)) ms); "
                  + "to the report written: \(Format.fixed(Self.median(toExit) * 1000, digits: 0)) ms")
        }
        if let shards {
            print("")
            print("| Recipe | Examples | 1 process, --jobs 1 | \(shards) shards, --jobs 1 each, + merge | Speed-up | Merge alone |")
            print("|---|---:|---:|---:|---:|---:|")
            // The whole pass last: every recipe in one invocation, as a sharded robustness
            // pass runs them, so start-up and the merge are paid once for all recipes.
            let passes = recipes.count > 1 ? recipes + [recipes.joined(separator: ",")] : recipes
            for (index, name) in passes.enumerated() {
                var single: [Double] = [], sharded: [Double] = [], merges: [Double] = []
                var examples = 0
                // Interleaved, so a change in the machine's load hits both alike.
                for i in 0..<runs {
                    let one = try attackProcess(task: task, recipe: name, examples: data.numExamples, jobs: 1, out: scratch.appending(path: "one-\(index)-\(i)"))
                    single.append(one.wallSeconds)
                    examples = one.summary?.examples ?? examples
                    let (wall, merge) = try shardedRun(task: task, recipe: name, count: shards, out: scratch.appending(path: "shards-\(index)-\(i)"))
                    sharded.append(wall)
                    merges.append(merge)
                }
                let isPass = index == recipes.count
                let label = isPass ? "all \(recipes.count) in one run" : name
                let count = isPass ? "\(examples) × \(recipes.count)" : "\(examples)"
                print("| \(label) | \(count) | \(Format.fixed(Self.median(single), digits: 2)) s | \(Format.fixed(Self.median(sharded), digits: 2)) s | "
                      + "\(Format.fixed(Self.median(single) / Self.median(sharded), digits: 2))x | \(Format.fixed(Self.median(merges), digits: 2)) s |")
            }
        }
        print("load average after: \(Self.loadAverage())")
    }

    /// `advglue attack` arguments for one timed process.
    private func arguments(task: GlueTask, recipe: String, examples: Int?, jobs: Int?, out: URL) -> [String] {
        var arguments = ["attack", "--task", task.rawValue, "--attack", recipe, "--quiet", "--model", model.model,
                         "--seed", String(run.seed), "--batch-size", String(run.batchSize), "--out", out.path]
        if let path = data.data { arguments += ["--data", path] }
        if let examples { arguments += ["--num-examples", String(examples)] }
        if data.lenient { arguments.append("--lenient") }
        if let jobs { arguments += ["--jobs", String(jobs)] }
        if let temperature = model.modelTemperature { arguments += ["--model-temperature", String(temperature)] }
        if (try? ModelSpec(parsing: model.model))?.isExternal == true { arguments += connection.arguments }
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
            throw CommandFailure(message: "\(error)", status: .software)
        }
    }

    private func finish(_ process: SpawnedProcess, _ arguments: [String]) throws {
        let status = process.wait()
        guard status == 0 else {
            throw CommandFailure(message: "advglue \(arguments.joined(separator: " ")) failed with status \(status)", status: .software)
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
            let arguments = arguments(task: task, recipe: recipe, examples: data.numExamples, jobs: 1, out: out) + ["--shard", "\(index)/\(count)"]
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
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    /// The 1-, 5- and 15-minute load averages, as `uptime` shows them.
    static func loadAverage() -> String {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "unknown" }
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }
}
