import AdvGlueCorpora
import AdvGlueModels
import AdvGlueReports
import ArgumentParser
import Foundation

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure end-to-end attack speed per recipe: examples/s, queries/example, queries/s, time waiting on the model, success rate, start-up time.",
        discussion: """
            Each recipe runs as `advglue attack ... --quiet` in a process of its own, timed from
            the process's start to its report written (into a temporary folder); examples/s is
            the number of examples over the median of --runs wall times. Queries/example and
            success rate come from the results the runs wrote; queries/s (inputs the model
            scored per second) and "model busy" (the share of the attack with a model call in
            flight; the rest is advglue's own work) from their run.json. Start-up is the median wall time
            of five `advglue attack --num-examples 1` processes. The machine's load average is
            printed before and after: on a shared machine, timings are only as quiet as it is.

            Example:
              advglue bench --task sst2 --data ../shared/corpora/glue_data --num-examples 200 \\
                --attack typo,pwws,deepwordbug --runs 5
            """
    )

    @OptionGroup var taskOptions: TaskOptions
    @OptionGroup var data: DataOptions
    @OptionGroup var model: ModelOptions
    @OptionGroup(title: "Model server and subprocess options") var connection: ModelConnectionOptions

    @Option(name: .long, help: ArgumentHelp("Recipes to time, comma-separated.", valueName: "recipes"))
    var attack = "typo,pwws,deepwordbug"

    @Option(name: .long, help: ArgumentHelp("Timed processes per recipe; the median counts.", valueName: "n"))
    var runs = 3

    @OptionGroup var run: RunOptions

    func validate() throws {
        if runs < 1 { throw ValidationError("--runs must be at least 1 (got \(runs))") }
    }

    func run() async throws {
        let task = taskOptions.task
        let scratch = FileManager.default.temporaryDirectory.appending(path: "advglue-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        print("machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, jobs \(run.effectiveJobs), load average \(Self.loadAverage())")
        print("| Recipe | Examples | Examples/s | Wall time, median (min–max) | Queries/example | Queries/s | Model busy | Success rate | Accuracy under attack |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        for name in attack.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            var times: [Double] = []
            var summary: AttackSummary?
            var usage: [(inputs: Double, busy: Double)] = []
            for i in 0..<runs {
                let folder = scratch.appending(path: "\(name)-\(i)")
                times.append(try timeAttack(task: task, recipe: name, examples: data.numExamples, out: folder))
                summary = try ResultsFile.decode(Data(contentsOf: folder.appending(path: "results.json"))).summary
                let context = try ReportContext.decode(Data(contentsOf: folder.appending(path: ReportContext.fileName)))
                if let model = context.modelUsage, context.elapsedSeconds > 0 {
                    usage.append((Double(model.inputs) / context.elapsedSeconds, model.busySeconds / context.elapsedSeconds))
                }
            }
            guard let s = summary else { continue }
            let sorted = times.sorted()
            let median = sorted[sorted.count / 2]
            func middle(_ values: [Double]) -> Double? { values.isEmpty ? nil : values.sorted()[values.count / 2] }
            print("| \(name) | \(s.examples) | \(Format.fixed(Double(s.examples) / median, digits: 1)) | "
                  + "\(Format.fixed(median, digits: 3)) s (\(Format.fixed(sorted[0], digits: 3))–\(Format.fixed(sorted[sorted.count - 1], digits: 3))) | "
                  + "\(s.averageQueries.map { Format.fixed($0, digits: 1) } ?? "–") | "
                  + "\(middle(usage.map(\.inputs)).map { Format.fixed($0, digits: 0) } ?? "–") | \(Format.percent(middle(usage.map(\.busy)))) | "
                  + "\(Format.percent(s.attackSuccessRate)) | "
                  + "\(Format.percent(s.accuracyUnderAttack)) |")
        }
        print("Queries/s and model busy are medians over the runs, each measured inside the attack process over its whole run.")
        if (try? ModelSpec(parsing: model.model))?.isExternal == true { return }
        var startUp: [Double] = []
        for i in 0..<5 {
            startUp.append(try timeAttack(task: task, recipe: "typo", examples: 1, out: scratch.appending(path: "startup-\(i)")))
        }
        print("start-up to report, one example (median of 5 processes): \(Format.fixed(startUp.sorted()[2] * 1000, digits: 0)) ms")
        print("load average after: \(Self.loadAverage())")
    }

    /// Wall time of one `advglue attack` process, from its start to its exit.
    private func timeAttack(task: GlueTask, recipe: String, examples: Int?, out: URL) throws -> Double {
        let executable = URL(filePath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
        var arguments = ["attack", "--task", task.rawValue, "--attack", recipe, "--quiet", "--model", model.model,
                         "--seed", String(run.seed), "--batch-size", String(run.batchSize), "--out", out.path]
        if let path = data.data { arguments += ["--data", path] }
        if let examples { arguments += ["--num-examples", String(examples)] }
        if data.lenient { arguments.append("--lenient") }
        if let jobs = run.jobs { arguments += ["--jobs", String(jobs)] }
        if let temperature = model.modelTemperature { arguments += ["--model-temperature", String(temperature)] }
        arguments += connection.arguments
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let started = Date()
        try process.run()
        process.waitUntilExit()
        let seconds = Date().timeIntervalSince(started)
        guard process.terminationStatus == 0 else {
            throw CommandFailure(message: "advglue \(arguments.joined(separator: " ")) failed with status \(process.terminationStatus)",
                                 status: .software)
        }
        return seconds
    }

    /// The 1-, 5- and 15-minute load averages, as `uptime` shows them.
    static func loadAverage() -> String {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "unknown" }
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }
}
