import AdvGlueAttacks
import AdvGlueCorpora
import AdvGlueModels
import AdvGlueReports
import AdvGlueSupport
import AdvGlueText
import ArgumentParser
import Foundation
import Synchronization

struct Attack: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Attack a model on a task and write a Markdown report and JSON results.",
        discussion: """
            Examples:
              advglue attack --task sst2
              advglue attack --task rte --data ../shared/corpora/glue_data --num-examples 200
              advglue attack --task mnli --data ../shared/corpora/advglue/dev.json --seed 7 --out Reports/mnli
            """
    )

    @OptionGroup var taskOptions: TaskOptions
    @OptionGroup var data: DataOptions
    @OptionGroup var model: ModelOptions

    @Option(name: .long, help: ArgumentHelp(
        "Recipes in Attacks/ by name (see `advglue recipes`) or paths to recipe .yaml files, comma-separated; several write one report each under --out.",
        valueName: "recipes"))
    var attack = "typo"

    @Option(name: .long, help: ArgumentHelp(
        "Fields the attack may change: default (pair tasks: the second field, e.g. the NLI hypothesis), all, or a comma-separated list. Overrides the recipe.",
        valueName: "fields"))
    var fields: String?

    @Option(name: .long, help: ArgumentHelp(
        "Score successful attacks for validity: minilm (MiniLM similarity and BERTScore-style F1 of the changed fields) or none. Overrides the recipe's `validity`.",
        valueName: "scorer"))
    var validity: ValidityOption?

    @OptionGroup var run: RunOptions

    func validate() throws {
        guard let fields, case .named(let names) = FieldSelection(parsing: fields) else { return }
        let known = taskOptions.task.fieldNames
        if names.isEmpty || !names.allSatisfy(known.contains) {
            throw ValidationError("--fields '\(fields)': \(taskOptions.task.rawValue) has fields \(known.joined(separator: ", ")) (or use default, all)")
        }
    }
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let task = taskOptions.task
        let resources = Environment.resources
        // Every recipe loads before any runs, so a typo in the third fails at once.
        var recipes: [Recipe] = []
        for name in attack.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            var recipe = try RecipeLoader.load(named: name, resources: resources)
            if let fields { recipe.attack.fields = FieldSelection(parsing: fields) }
            recipe.attack.maxBatchSize = run.batchSize
            if let validity { recipe.attack.validity = try validity.scorer() }
            recipes.append(recipe)
        }
        let (dataset, resolved) = try Environment.dataset(task: task, options: data, resources: resources)
        let examples = Environment.selected(dataset, options: data)
        let classifier = try Environment.classifier(task: task, options: model, resources: resources)
        if resolved.isDemo, !run.quiet {
            Environment.printError("note: no --data or ADVGLUE_DATA given; using the demo corpus \(resolved.file.path) (not GLUE)")
        }
        if !dataset.skipped.isEmpty, !run.quiet {
            Environment.printError("note: --lenient skipped \(dataset.skipped.count) malformed rows; the report lists them")
        }
        let dataInfo = DataInfo(file: resolved.file.path, sha256: Environment.sha256(ofFile: resolved.file.path), format: dataset.format,
                                demo: resolved.isDemo, examplesInFile: dataset.examples.count, skippedRows: dataset.skipped)
        let interrupt = InterruptFlag()
        for recipe in recipes {
            // One recipe writes into --out itself; several each into a folder of their own.
            let base = output.out ?? (recipes.count == 1 ? "Reports/\(task.rawValue)-\(recipe.name)" : "Reports/\(task.rawValue)")
            let folder = recipes.count == 1 ? URL(filePath: base, directoryHint: .isDirectory)
                                            : URL(filePath: base, directoryHint: .isDirectory).appending(path: recipe.name)
            let info = RunInfo(
                task: task, labels: task.labelNames, recipe: RecipeInfo(recipe), model: classifier.identity, data: dataInfo,
                fields: recipe.attack.fields.names(for: task.fieldNames), seed: run.seed, queryBudget: recipe.attack.queryBudget,
                numExamplesRequested: data.numExamples, examplesSelected: examples.count)
            let file = try await attack(with: recipe, info: info, examples: examples, classifier: classifier,
                                        interrupt: interrupt, folder: folder, resources: resources)
            if !file.complete {
                throw CommandFailure(message: "interrupted after \(file.results.count) of \(examples.count) examples of \(recipe.name); the report is marked incomplete",
                                     status: .interrupted)
            }
        }
    }

    /// Runs one recipe, journaling each example, and writes its report and results.
    private func attack(with recipe: Recipe, info: RunInfo, examples: [Example], classifier: any Classifier,
                        interrupt: InterruptFlag, folder: URL, resources: ProjectResources?) async throws -> ResultsFile {
        let started = Date()
        let journal = try Journal(folder: folder, run: info)
        let progress = ProgressReporter(label: "attack \(info.task.rawValue)/\(recipe.name)", enabled: !run.quiet)
        let runner = AttackRunner(attack: recipe.attack, classifier: classifier, seed: run.seed, jobs: run.effectiveJobs)
        let journalFailure = Mutex<(any Error)?>(nil)
        let results = await runner.run(examples, shouldStop: { interrupt.isRaised || journalFailure.withLock { $0 != nil } }) {
            done, total, index, result in
            do {
                try journal.append(index: index, result)
            } catch {
                journalFailure.withLock { $0 = $0 ?? error }
            }
            progress.update(done: done, total: total, outcome: result.outcome.rawValue)
        }
        journal.close()
        if let error = journalFailure.withLock({ $0 }) {
            throw CommandFailure(message: "cannot append to \(journal.url.path): \(error.localizedDescription)", status: .ioError)
        }
        let file = ResultsFile(tool: ToolInfo(version: Environment.version), complete: results.count == examples.count,
                               run: info, results: results)
        let context = ReportContext(
            commandLine: ["advglue"] + CommandLine.arguments.dropFirst(), commit: Environment.commit(in: resources),
            icuVersion: WordSegmenter.icuVersion, date: ISO8601DateFormatter().string(from: started),
            elapsedSeconds: Date().timeIntervalSince(started))
        try ReportWriter.write(file, context: context, to: folder)
        print(SummaryTable.render(file))
        print("report:  \(folder.appending(path: "report.md").path)")
        print("results: \(folder.appending(path: "results.json").path)")
        return file
    }
}
