import AdvGlueAttacks
import AdvGlueCorpora
import AdvGlueModels
import AdvGlueReports
import AdvGlueSupport
import AdvGlueText
import ArgumentParser
import Foundation

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

    @Option(name: .long, help: ArgumentHelp("A recipe in Attacks/ by name (see `advglue recipes`) or a path to a recipe .yaml.", valueName: "recipe"))
    var attack = "typo"

    @Option(name: .long, help: ArgumentHelp(
        "Fields the attack may change: default (pair tasks: the second field, e.g. the NLI hypothesis), all, or a comma-separated list. Overrides the recipe.",
        valueName: "fields"))
    var fields: String?

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
        let started = Date()
        let resources = Environment.resources
        var recipe = try RecipeLoader.load(named: attack, resources: resources)
        if let fields { recipe.attack.fields = FieldSelection(parsing: fields) }
        let (dataset, resolved) = try Environment.dataset(task: task, options: data, resources: resources)
        let examples = Environment.selected(dataset, options: data)
        let classifier = try Environment.classifier(task: task, options: model, resources: resources)
        if resolved.isDemo, !run.quiet {
            Environment.printError("note: no --data or ADVGLUE_DATA given; using the demo corpus \(resolved.file.path) (not GLUE)")
        }
        if !dataset.skipped.isEmpty, !run.quiet {
            Environment.printError("note: --lenient skipped \(dataset.skipped.count) malformed rows; the report lists them")
        }

        let interrupt = InterruptFlag()
        let progress = ProgressReporter(label: "attack \(task.rawValue)/\(recipe.name)", enabled: !run.quiet)
        let runner = AttackRunner(attack: recipe.attack, classifier: classifier, seed: run.seed, jobs: run.effectiveJobs)
        let results = await runner.run(examples, shouldStop: { interrupt.isRaised }) { done, total, result in
            progress.update(done: done, total: total, outcome: result.outcome.rawValue)
        }

        let info = RunInfo(
            task: task, labels: task.labelNames, recipe: RecipeInfo(recipe), model: classifier.identity,
            data: DataInfo(file: resolved.file.path, sha256: Environment.sha256(ofFile: resolved.file.path), format: dataset.format,
                           demo: resolved.isDemo, examplesInFile: dataset.examples.count, skippedRows: dataset.skipped),
            fields: recipe.attack.fields.names(for: task.fieldNames), seed: run.seed, queryBudget: recipe.attack.queryBudget, numExamplesRequested: data.numExamples,
            examplesSelected: examples.count)
        let file = ResultsFile(tool: ToolInfo(version: Environment.version), complete: results.count == examples.count,
                               run: info, results: results)
        let folder = URL(filePath: output.out ?? "Reports/\(task.rawValue)-\(recipe.name)", directoryHint: .isDirectory)
        let context = ReportContext(
            commandLine: ["advglue"] + CommandLine.arguments.dropFirst(), commit: Environment.commit(in: resources),
            icuVersion: WordSegmenter.icuVersion, date: ISO8601DateFormatter().string(from: started),
            elapsedSeconds: Date().timeIntervalSince(started))
        try ReportWriter.write(file, context: context, to: folder)
        print(SummaryTable.render(file))
        print("report:  \(folder.appending(path: "report.md").path)")
        print("results: \(folder.appending(path: "results.json").path)")
        if !file.complete {
            throw CommandFailure(message: "interrupted after \(results.count) of \(examples.count) examples; the report is marked incomplete",
                                 status: .interrupted)
        }
    }
}
