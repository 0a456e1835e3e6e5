import AdvGlueAttacks
import AdvGlueCorpora
import AdvGlueExternal
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
    @OptionGroup(title: "Model server and subprocess options") var connection: ModelConnectionOptions

    @Option(name: .long, help: ArgumentHelp(
        "Recipes in Attacks/ by name (see `advglue recipes`) or paths to recipe .yaml files, comma-separated; several write one report each under --out.",
        valueName: "recipes"))
    var attack = "typo"

    @Option(name: .long, help: ArgumentHelp(
        "Fields the attack may change: default (pair tasks: the second field, e.g. the NLI hypothesis), all, or a comma-separated list. Overrides the recipe.",
        valueName: "fields"))
    var fields: String?

    @OptionGroup var run: RunOptions

    @Option(name: .long, help: ArgumentHelp(
        "Continue the run that wrote this journal.jsonl: its finished examples are kept, the rest attacked. Needs the same options; --out defaults to the journal's folder.",
        valueName: "journal"))
    var resume: String?

    @Option(name: .long, help: ArgumentHelp(
        "When a journal line reaches the disk before its example counts: group (one fdatasync for the lines written meanwhile), line (one per line), none (write(2) only: survives a killed advglue, not a machine crash).",
        valueName: "mode"))
    var journalSync: JournalWriter.Durability = .groupCommit

    func validate() throws {
        if resume != nil, attack.contains(",") {
            throw ValidationError("--resume continues one recipe's journal; --attack '\(attack)' names several")
        }
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
            recipes.append(recipe)
        }
        let (dataset, resolved) = try Environment.dataset(task: task, options: data, resources: resources)
        let examples = Environment.selected(dataset, options: data)
        // One recipe writes into --out itself; several each into a folder of their own.
        let base = output.out ?? resume.map { URL(filePath: $0).deletingLastPathComponent().path }
            ?? (recipes.count == 1 ? "Reports/\(task.rawValue)-\(recipes[0].name)" : "Reports/\(task.rawValue)")
        let modelLog = URL(filePath: base, directoryHint: .isDirectory).appending(path: "model.log")
        let classifier = try await Environment.classifier(task: task, options: model, connection: connection, resources: resources, seed: run.seed,
                                                          jobs: run.effectiveJobs, log: .file(modelLog))
        if resolved.isDemo, !run.quiet {
            Environment.printError("note: no --data or ADVGLUE_DATA given; using the demo corpus \(resolved.file.path) (not GLUE)")
        }
        if !dataset.skipped.isEmpty, !run.quiet {
            Environment.printError("note: --lenient skipped \(dataset.skipped.count) malformed rows; the report lists them")
        }
        let dataInfo = DataInfo(file: resolved.file.path, sha256: Environment.sha256(ofFile: resolved.file.path), format: dataset.format,
                                demo: resolved.isDemo, examplesInFile: dataset.examples.count, skippedRows: dataset.skipped)
        let interrupt = InterruptFlag()
        do {
            for recipe in recipes {
                let folder = recipes.count == 1 ? URL(filePath: base, directoryHint: .isDirectory)
                                                : URL(filePath: base, directoryHint: .isDirectory).appending(path: recipe.name)
                let info = RunInfo(
                    task: task, labels: task.labelNames, recipe: RecipeInfo(recipe), model: classifier.identity, data: dataInfo,
                    fields: recipe.attack.fields.names(for: task.fieldNames), seed: run.seed, queryBudget: recipe.attack.queryBudget,
                    numExamplesRequested: data.numExamples, examplesSelected: examples.count)
                let (file, outcome) = try await attack(with: recipe, info: info, examples: examples, classifier: classifier,
                                            interrupt: interrupt, folder: folder, resources: resources)
                if let unavailable = outcome.unavailable {
                    throw CommandFailure(message: "\(unavailable); stopped after \(outcome.slots.compactMap { $0 }.count) of \(examples.count) examples of \(recipe.name) "
                                         + "(the report is marked incomplete); when the model is back, continue with --resume \(outcome.journal.path)",
                                         status: .unavailable)
                }
                if !file.complete {
                    throw CommandFailure(message: "interrupted after \(outcome.slots.compactMap { $0 }.count) of \(examples.count) examples of \(recipe.name); "
                                         + "the report is marked incomplete; continue with --resume \(outcome.journal.path)",
                                         status: .interrupted)
                }
            }
        } catch {
            await ExternalModels.shutdown(classifier)
            throw error
        }
        await ExternalModels.shutdown(classifier)
    }

    /// Runs one recipe, journaling each example, and writes its report and results.
    private func attack(with recipe: Recipe, info: RunInfo, examples: [Example], classifier: any Classifier,
                        interrupt: InterruptFlag, folder: URL,
                        resources: ProjectResources?) async throws -> (ResultsFile, JournaledRun.Outcome) {
        let started = Date()
        let header = JournalHeader(tool: ToolInfo(version: Environment.version), icuVersion: WordSegmenter.icuVersion, run: info)
        let resuming = try resume.map { try JournaledRun.readForResume($0, header: header, examples: examples) }
        let journal = resuming?.url ?? folder.appending(path: "journal.jsonl")
        if let resuming, !run.quiet {
            Environment.printError("resuming: \(resuming.results.count) of \(examples.count) examples already in \(journal.path)"
                                   + (resuming.tornBytes > 0 ? " (a torn last line of \(resuming.tornBytes) bytes is dropped)" : ""))
        }
        let progress = ProgressReporter(label: "attack \(info.task.rawValue)/\(recipe.name)", enabled: !run.quiet)
        let runner = AttackRunner(attack: recipe.attack, classifier: classifier, seed: run.seed, jobs: run.effectiveJobs)
        let outcome = try await JournaledRun(header: header, journalURL: journal, resuming: resuming, durability: journalSync)
            .run(runner, examples: examples, progress: progress, shouldStop: { interrupt.isRaised })
        let file = ResultsFile(tool: ToolInfo(version: Environment.version), complete: outcome.complete, run: info, results: outcome.results)
        let context = ReportContext(
            commandLine: Environment.commandLine, commit: Environment.commit(in: resources),
            icuVersion: WordSegmenter.icuVersion, date: ISO8601DateFormatter().string(from: started),
            elapsedSeconds: Date().timeIntervalSince(started))
        try ReportWriter.write(file, context: context, to: folder)
        print(SummaryTable.render(file))
        print("report:  \(folder.appending(path: "report.md").path)")
        print("results: \(folder.appending(path: "results.json").path)")
        return (file, outcome)
    }
}

extension JournalWriter.Durability: ExpressibleByArgument {}
