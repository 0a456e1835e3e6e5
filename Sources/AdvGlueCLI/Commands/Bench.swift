import AdvGlueAttacks
import AdvGlueCorpora
import AdvGlueExternal
import AdvGlueModels
import AdvGlueReports
import AdvGlueText
import ArgumentParser
import Dispatch
import Foundation

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure end-to-end attack speed per recipe: examples/s, queries/example, queries/s, time waiting on the model, success rate, start-up time.",
        discussion: """
            Each recipe is timed from loading the recipe, data and model to the report written
            (into a temporary folder). Start-up is the median wall time of five runs of
            `advglue attack --num-examples 1` as separate processes.

            Example:
              advglue bench --task sst2 --data ../shared/corpora/glue_data --num-examples 200 --attack typo,pwws
            """
    )

    @OptionGroup var taskOptions: TaskOptions
    @OptionGroup var data: DataOptions
    @OptionGroup var model: ModelOptions
    @OptionGroup(title: "Model server and subprocess options") var connection: ModelConnectionOptions

    @Option(name: .long, help: ArgumentHelp("Recipes to time, comma-separated.", valueName: "recipes"))
    var attack = "typo,pwws"

    @OptionGroup var run: RunOptions

    func run() async throws {
        let task = taskOptions.task
        let resources = Environment.resources
        print("machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, jobs \(run.effectiveJobs)")
        print("| Recipe | Examples | Examples/s | Queries/example | Queries/s | Model busy | Success rate | Accuracy under attack | Wall time |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        for name in attack.split(separator: ",").map(String.init) {
            let started = Date()
            var recipe = try RecipeLoader.load(named: name, resources: resources)
            recipe.attack.maxBatchSize = run.batchSize
            let (dataset, resolved) = try Environment.dataset(task: task, options: data, resources: resources)
            let examples = Environment.selected(dataset, options: data)
            let classifier = TimedClassifier(try await Environment.classifier(task: task, options: model, connection: connection, resources: resources,
                                                                             seed: run.seed, jobs: run.effectiveJobs))
            let attackStarted = DispatchTime.now().uptimeNanoseconds
            let results = await AttackRunner(attack: recipe.attack, classifier: classifier, seed: run.seed, jobs: run.effectiveJobs)
                .run(examples)
            let attackSeconds = Double(DispatchTime.now().uptimeNanoseconds - attackStarted) / 1e9
            await ExternalModels.shutdown(classifier.inner)
            let info = RunInfo(
                task: task, labels: task.labelNames, recipe: RecipeInfo(recipe), model: classifier.identity,
                data: DataInfo(file: resolved.file.path, sha256: Environment.sha256(ofFile: resolved.file.path), format: dataset.format,
                               demo: resolved.isDemo, examplesInFile: dataset.examples.count, skippedRows: dataset.skipped),
                fields: recipe.attack.fields.names(for: task.fieldNames), seed: run.seed, queryBudget: recipe.attack.queryBudget,
                numExamplesRequested: data.numExamples, examplesSelected: examples.count)
            let file = ResultsFile(tool: ToolInfo(version: Environment.version), complete: true, run: info, results: results)
            let folder = FileManager.default.temporaryDirectory.appending(path: "advglue-bench-\(UUID().uuidString)")
            try ReportWriter.write(file, context: ReportContext(commandLine: [], commit: nil, icuVersion: WordSegmenter.icuVersion,
                                                                date: "", elapsedSeconds: 0), to: folder)
            let seconds = Date().timeIntervalSince(started)
            try? FileManager.default.removeItem(at: folder)
            let s = file.summary
            let allQueries = results.filter { $0.outcome == .successful || $0.outcome == .failed }.map(\.queries)
            let queriesPerExample = allQueries.isEmpty ? 0 : Double(allQueries.reduce(0, +)) / Double(allQueries.count)
            let usage = classifier.usage
            print("| \(recipe.name) | \(examples.count) | \(Format.fixed(Double(examples.count) / seconds, digits: 1)) | "
                  + "\(Format.fixed(queriesPerExample, digits: 1)) | \(Format.fixed(Double(usage.inputs) / attackSeconds, digits: 0)) | "
                  + "\(Format.percent(usage.busySeconds / attackSeconds)) | \(Format.percent(s.attackSuccessRate)) | "
                  + "\(Format.percent(s.accuracyUnderAttack)) | \(Format.fixed(seconds, digits: 2)) s |")
        }
        print("Queries/s: inputs scored by the model per second of attacking; Model busy: share of that time with a model call in flight "
              + "(the rest is advglue's own work, with the model idle).")
        if (try? ModelSpec(parsing: model.model))?.isExternal == true { return }
        print("start-up to report, one example (median of 5 processes): \(Format.fixed(try startUpSeconds(task: task) * 1000, digits: 0)) ms")
    }

    /// Median wall time of `advglue attack --num-examples 1` in fresh processes.
    private func startUpSeconds(task: GlueTask) throws -> Double {
        let executable = URL(filePath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
        var times: [Double] = []
        for _ in 0..<5 {
            let process = Process()
            process.executableURL = executable
            var arguments = ["attack", "--task", task.rawValue, "--num-examples", "1", "--quiet", "--model", model.model,
                             "--out", FileManager.default.temporaryDirectory.appending(path: "advglue-bench-startup").path]
            if let path = data.data { arguments += ["--data", path] }
            process.arguments = arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            let started = Date()
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw CommandFailure(message: "start-up run failed with status \(process.terminationStatus)", status: .software)
            }
            times.append(Date().timeIntervalSince(started))
        }
        return times.sorted()[times.count / 2]
    }
}
