import AdvGlueAttacks
import AdvGlueCorpora
import AdvGlueExternal
import AdvGlueModels
import AdvGlueProbe
import AdvGlueReports
import AdvGlueSupport
import AdvGlueText
import ArgumentParser
import Foundation

struct Attack: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attack",
        abstract: "Attack a model on a task and write a Markdown report and JSON results.",
        discussion: """
            Examples:
              advglue attack --task sst2
              advglue attack --task rte --data ../shared/corpora/glue_data --num-examples 200
              advglue attack --task mnli --data ../shared/corpora/advglue/dev.json --seed 7 --out Reports/mnli
              advglue attack --task sst2 --data ../shared/corpora/glue_data --num-examples 200 --probe --gate robustness.yaml

            Writes report.md, results.json, run.json, results.csv (TextAttack's columns), junit.xml,
            accuracy.svg and journal.jsonl; several recipes write one folder each plus summary.md.
            Exit status: as advglue's, and 1 when a --gate check fails.
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

    @Option(name: .long, help: ArgumentHelp(
        "Score successful attacks for validity: minilm (MiniLM similarity and BERTScore-style F1 of the changed fields) or none. Overrides the recipe's `validity`.",
        valueName: "scorer"))
    var validity: ValidityOption?

    @OptionGroup var run: RunOptions

    @Flag(name: .long, help: "Also run the calibration probe for each recipe (held-out examples: those after --num-examples, or --calibration-data) and add its section to the report.")
    var probe = false

    @Option(name: .long, help: ArgumentHelp("Held-out labelled data for --probe.", valueName: "path"))
    var calibrationData: String?

    @Option(name: .long, help: ArgumentHelp("Check the results against a gate config (see robustness.example.yaml); exit 1 when a gate fails.", valueName: "config"))
    var gate: String?

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
        if calibrationData != nil, !probe { throw ValidationError("--calibration-data is for --probe; add --probe or leave it out") }
        guard let fields, case .named(let names) = FieldSelection(parsing: fields) else { return }
        let known = taskOptions.task.fieldNames
        if names.isEmpty || !names.allSatisfy(known.contains) {
            throw ValidationError("--fields '\(fields)': \(taskOptions.task.rawValue) has fields \(known.joined(separator: ", ")) (or use default, all)")
        }
    }
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let started = Date()
        let task = taskOptions.task
        let resources = Environment.resources
        // Gates and every recipe load before any runs, so a typo in either fails at once.
        let gates = try gate.map { try GateCommandSupport.loadConfig($0, status: .config) }
        var recipes: [Recipe] = []
        for name in attack.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            var recipe = try RecipeLoader.load(named: name, resources: resources)
            if let fields { recipe.attack.fields = FieldSelection(parsing: fields) }
            recipe.attack.maxBatchSize = run.batchSize
            if let validity { recipe.attack.validity = try validity.scorer() }
            recipes.append(recipe)
        }
        if probe, let targeted = recipes.first(where: { !($0.attack.goal is UntargetedClassification) }) {
            throw CommandFailure(message: "--probe: recipe \(targeted.name) is targeted; the calibration probe needs untargeted recipes", status: .usage)
        }
        let (dataset, resolved) = try Environment.dataset(task: task, options: data, resources: resources)
        let examples = Environment.selected(dataset, options: data)
        if probe, calibrationData == nil, examples.count >= dataset.examples.count {
            throw CommandFailure(message: "--probe needs held-out examples: pass --num-examples below the \(dataset.examples.count) examples in the file, or --calibration-data PATH",
                                 status: .usage)
        }
        // One recipe writes into --out itself; several each into a folder of their own.
        let base = URL(filePath: output.out ?? resume.map { URL(filePath: $0).deletingLastPathComponent().path }
                           ?? (recipes.count == 1 ? "Reports/\(task.rawValue)-\(recipes[0].name)" : "Reports/\(task.rawValue)"),
                       directoryHint: .isDirectory)
        let classifier = try await Environment.classifier(task: task, options: model, connection: connection, resources: resources,
                                                          seed: run.seed, jobs: run.effectiveJobs, log: .file(base.appending(path: "model.log")))
        do {
            try await attackAll(recipes, examples: examples, dataset: dataset, resolved: resolved, classifier: classifier,
                                base: base, gates: gates, started: started, resources: resources)
        } catch {
            await ExternalModels.shutdown(classifier)
            throw error
        }
        await ExternalModels.shutdown(classifier)
    }

    /// Runs each recipe in turn, then writes the suite summary and checks the gates.
    private func attackAll(_ recipes: [Recipe], examples: [Example], dataset: Dataset, resolved: DataLocator.Resolved,
                           classifier: any Classifier, base: URL, gates: GateConfig?, started: Date,
                           resources: ProjectResources?) async throws {
        let task = taskOptions.task
        if resolved.isDemo, !run.quiet {
            Environment.printError("note: no --data or ADVGLUE_DATA given; using the demo corpus \(resolved.file.path) (not GLUE)")
        }
        if !dataset.skipped.isEmpty, !run.quiet {
            Environment.printError("note: --lenient skipped \(dataset.skipped.count) malformed rows; the report lists them")
        }
        let dataInfo = Environment.dataInfo(dataset, resolved: resolved)
        let interrupt = InterruptFlag()
        var bundles: [(folder: String, bundle: AttackBundle)] = []
        var stopped: JournaledRun.Outcome?
        for recipe in recipes {
            let folder = recipes.count == 1 ? base : base.appending(path: recipe.name, directoryHint: .isDirectory)
            let info = RunInfo(
                task: task, labels: task.labelNames, recipe: RecipeInfo(recipe), model: classifier.identity, data: dataInfo,
                fields: recipe.attack.fields.names(for: task.fieldNames), seed: run.seed, queryBudget: recipe.attack.queryBudget,
                numExamplesRequested: data.numExamples, examplesSelected: examples.count)
            let (bundle, outcome) = try await attack(with: recipe, info: info, examples: examples, classifier: classifier, dataset: dataset,
                                                     interrupt: interrupt, folder: folder, resources: resources, single: recipes.count == 1)
            bundles.append((recipe.name, bundle))
            if !bundle.results.complete {
                stopped = outcome
                break
            }
        }
        if recipes.count > 1 {
            let suite = SuiteBundle(context: Environment.reportContext(started: started, resources: resources, parts: bundles.map(\.folder)),
                                    parts: bundles)
            try suite.files(OutputFormat.all, includeParts: false).write(to: base)
            GitHubStepSummary.append(StepSummary.suite(suite.reportParts))
            print("summary: \(base.appending(path: SuiteReport.fileName).path)")
        } else if let only = bundles.first?.bundle {
            GitHubStepSummary.append(StepSummary.attack(only.results, probe: only.probeNote))
        }
        if let stopped, let last = bundles.last?.bundle {
            let done = "\(stopped.slots.compactMap { $0 }.count) of \(examples.count) examples of \(last.results.run.recipe.name)"
            if let unavailable = stopped.unavailable {
                throw CommandFailure(message: "\(unavailable); stopped after \(done) (the report is marked incomplete); "
                                     + "when the model is back, continue with --resume \(stopped.journal.path)", status: .unavailable)
            }
            throw CommandFailure(message: "interrupted after \(done); the report is marked incomplete; continue with --resume \(stopped.journal.path)",
                                 status: .interrupted)
        }
        if let gates {
            let subjects = bundles.map {
                GateSubject(attack: $0.bundle.results, probe: $0.bundle.probe, source: recipes.count == 1 ? base.path : base.appending(path: $0.folder).path)
            }
            try GateCommandSupport.check(gates, subjects: subjects, out: base, failureStatus: .belowThreshold, errorStatus: .config)
        }
    }

    /// Runs one recipe, journaling each example, then the probe when asked, and writes
    /// its report, results, CSV, JUnit (for a single recipe) and charts.
    private func attack(with recipe: Recipe, info: RunInfo, examples: [Example], classifier: any Classifier, dataset: Dataset,
                        interrupt: InterruptFlag, folder: URL, resources: ProjectResources?,
                        single: Bool) async throws -> (AttackBundle, JournaledRun.Outcome) {
        let started = Date()
        let header = JournalHeader(tool: ToolInfo(version: Environment.version), icuVersion: WordSegmenter.icuVersion, run: info)
        let resuming = try resume.map { try JournaledRun.readForResume($0, header: header, examples: examples) }
        let journal = resuming?.url ?? folder.appending(path: "journal.jsonl")
        if let resuming, !run.quiet {
            Environment.printError("resuming: \(resuming.results.count) of \(examples.count) examples already in \(journal.path)"
                                   + (resuming.tornBytes > 0 ? " (a torn last line of \(resuming.tornBytes) bytes is dropped)" : ""))
        }
        let progress = ProgressReporter(label: "attack \(info.task.rawValue)/\(recipe.name)", enabled: !run.quiet)
        // Timed per recipe, so run.json says how long this recipe waited on the model.
        let timed = TimedClassifier(classifier)
        let runner = AttackRunner(attack: recipe.attack, classifier: timed, seed: run.seed, jobs: run.effectiveJobs)
        let outcome = try await JournaledRun(header: header, journalURL: journal, resuming: resuming, durability: journalSync)
            .run(runner, examples: examples, progress: progress, shouldStop: { interrupt.isRaised })
        let file = ResultsFile(tool: ToolInfo(version: Environment.version), complete: outcome.complete, run: info, results: outcome.results)
        var probeFile: ProbeFile?
        if probe, file.complete, !interrupt.isRaised {
            var settings = CalibrationProbe.Settings()
            settings.seed = run.seed
            settings.jobs = run.effectiveJobs
            probeFile = try await ProbeRunner(settings: settings, calibrationData: calibrationData, quiet: run.quiet)
                .run(recipe: recipe, classifier: timed, attacked: examples, dataset: dataset, dataInfo: info.data, data: data, resources: resources)
        }
        let usage = timed.usage
        let context = Environment.reportContext(started: started, resources: resources,
                                                modelUsage: ModelUsage(calls: usage.calls, inputs: usage.inputs, busySeconds: usage.busySeconds))
        let bundle = AttackBundle(results: file, context: context, probe: probeFile)
        try bundle.files(OutputFormat.all, junit: single).write(to: folder)
        print(SummaryTable.render(file))
        if let note = bundle.probeNote { print("calibration probe: \(note)") }
        print("report:  \(folder.appending(path: "report.md").path)")
        print("results: \(folder.appending(path: AttackBundle.resultsFileName).path)")
        return (bundle, outcome)
    }
}

extension JournalWriter.Durability: ExpressibleByArgument {}
