import AdvGlueAttacks
import AdvGlueCorpora
import AdvGlueExternal
import AdvGlueModels
import AdvGlueProbe
import AdvGlueReports
import AdvGlueSupport
import AdvGlueText
import ArgumentParser
import Dispatch
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
    @OptionGroup(title: "Sharding options") var shards: ShardOptions

    /// The shard this process attacks, once resolved.
    private struct Shard {
        var spec: ShardSpec
        /// Where the shard came from, for the note on standard error.
        var source: String
        /// Positions of its examples in the selected examples, ascending.
        var assigned: [Int]
        /// ``ShardAssignment/fingerprint`` of the whole split.
        var assignment: String
    }

    func run() async throws {
        let started = Date()
        let task = taskOptions.task
        let resources = Environment.resources
        // A built-in model loads (~7 ms for the lexical one) while the recipes and the data
        // do; an external one connects later, once nothing else can fail first.
        let builtin = (try? ModelSpec(parsing: model.model)).map { !$0.isExternal } ?? false
        async let preloaded: (any Classifier)? = builtin
            ? Environment.classifier(task: task, options: model, connection: connection, resources: resources) : nil
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
        // A resumed shard stays that shard unless told otherwise.
        let resumed = try resume.map { try JournaledRun.scanForResume($0) }
        var spec = try shards.resolve(environment: ProcessInfo.processInfo.environment)
        if spec == nil, let journaled = resumed?.header.shard {
            spec = (ShardSpec(index: journaled.index, count: journaled.count), "the journal")
        }
        if let spec {
            if probe { throw CommandFailure(message: "--probe needs every example: run it unsharded, or probe the merged run with `advglue probe` (shard \(spec.spec) from \(spec.source))", status: .usage) }
            if gate != nil { throw CommandFailure(message: "--gate judges the whole run: gate the merged report (`advglue merge ... --gate CONFIG`) rather than shard \(spec.spec) (from \(spec.source))", status: .usage) }
        }
        let (dataset, resolved) = try Environment.dataset(task: task, options: data, resources: resources)
        // --num-examples selects first; the shard is a share of that selection.
        let examples = Environment.selected(dataset, options: data)
        if probe, calibrationData == nil, examples.count >= dataset.examples.count {
            throw CommandFailure(message: "--probe needs held-out examples: pass --num-examples below the \(dataset.examples.count) examples in the file, or --calibration-data PATH",
                                 status: .usage)
        }
        let shard = spec.map { spec in
            let split = ShardAssignment(examples: examples, count: spec.spec.count)
            return Shard(spec: spec.spec, source: spec.source, assigned: split.indices(of: spec.spec.index), assignment: split.fingerprint)
        }
        // One recipe writes into --out itself; several each into a folder of their own.
        // A shard writes under OUT/shard-I-of-N, or where the journal it resumes lives.
        var base = URL(filePath: output.out ?? resume.map { URL(filePath: $0).deletingLastPathComponent().path }
                           ?? (recipes.count == 1 ? "Reports/\(task.rawValue)-\(recipes[0].name)" : "Reports/\(task.rawValue)"),
                       directoryHint: .isDirectory)
        if let shard, resume == nil { base = base.appending(path: shard.spec.folderName, directoryHint: .isDirectory) }
        if let shard, !run.quiet {
            Environment.printError("shard \(shard.spec) (from \(shard.source)): \(shard.assigned.count) of the \(examples.count) examples selected")
        }
        let classifier: any Classifier
        if let loaded = try await preloaded {
            classifier = loaded
        } else {
            classifier = try await Environment.classifier(task: task, options: model, connection: connection, resources: resources,
                                                          seed: run.seed, jobs: run.effectiveJobs, log: .file(base.appending(path: "model.log")))
        }
        do {
            try await attackAll(recipes, examples: examples, shard: shard, resumed: resumed, dataset: dataset, resolved: resolved,
                                classifier: RunMetrics.shared?.measure(classifier) ?? classifier, base: base, gates: gates,
                                started: started, resources: resources)
        } catch {
            await ExternalModels.shutdown(classifier)
            RunMetrics.shared?.write()
            throw error
        }
        await ExternalModels.shutdown(classifier)
        RunMetrics.shared?.write()
    }

    /// Runs each recipe in turn, then writes the suite summary and checks the gates.
    private func attackAll(_ recipes: [Recipe], examples: [Example], shard: Shard?, resumed: JournalScan?, dataset: Dataset,
                           resolved: DataLocator.Resolved, classifier: any Classifier, base: URL, gates: GateConfig?, started: Date,
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
        let scratch = FileManager.default.temporaryDirectory.appending(path: "advglue-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        var runs: [StreamedRun] = []
        var stopped: (outcome: JournaledRun.Outcome, recipe: String)?
        for recipe in recipes {
            let folder = recipes.count == 1 ? base : base.appending(path: recipe.name, directoryHint: .isDirectory)
            let info = RunInfo(
                task: task, labels: task.labelNames, recipe: RecipeInfo(recipe), model: classifier.identity, data: dataInfo,
                fields: recipe.attack.fields.names(for: task.fieldNames), seed: run.seed, queryBudget: recipe.attack.queryBudget,
                numExamplesRequested: data.numExamples, examplesSelected: examples.count)
            let header = JournalHeader(tool: ToolInfo(version: Environment.version), icuVersion: WordSegmenter.icuVersion, run: info,
                                       shard: shard.map { ShardInfo(index: $0.spec.index, count: $0.spec.count, examples: $0.assigned.count, assignment: $0.assignment) },
                                       suite: recipes.count > 1 ? recipes.map(\.name) : nil)
            let (streamed, outcome) = try await attack(with: recipe, header: header, examples: examples, shard: shard, resumed: resumed,
                                                       classifier: classifier, dataset: dataset, interrupt: interrupt, folder: folder,
                                                       scratch: scratch, resources: resources, single: recipes.count == 1)
            if let streamed { runs.append(streamed) }
            if !outcome.complete {
                stopped = (outcome, recipe.name)
                break
            }
        }
        if shard == nil {
            if recipes.count > 1 {
                let context = Environment.reportContext(started: started, resources: resources, parts: runs.map(\.folder))
                try StreamedRun.writeSuite(runs, context: context, into: base)
                GitHubStepSummary.append(StepSummary.suite(runs.map(\.part)))
                print("summary: \(base.appending(path: SuiteReport.fileName).path)")
            } else if let only = runs.first {
                GitHubStepSummary.append(StepSummary.attack(only.digest, probe: only.probeNote))
            }
        }
        if let stopped {
            let done = "\(stopped.outcome.finished) of \(stopped.outcome.assigned.count) examples of \(stopped.recipe)"
            let marked = shard == nil ? " (the report is marked incomplete)" : ""
            if let unavailable = stopped.outcome.unavailable {
                throw CommandFailure(message: "\(unavailable); stopped after \(done)\(marked); "
                                     + "when the model is back, continue with --resume \(stopped.outcome.journal.path)", status: .unavailable)
            }
            throw CommandFailure(message: "interrupted after \(done)\(marked); continue with --resume \(stopped.outcome.journal.path)",
                                 status: .interrupted)
        }
        if let shard {
            print("shard \(shard.spec) done; when every shard is, combine them: advglue merge \(base.deletingLastPathComponent().path)/shard-*-of-\(shard.spec.count)")
        }
        if let gates {
            let subjects = runs.map {
                GateSubject(attack: $0.digest, probe: $0.probe, source: recipes.count == 1 ? base.path : base.appending(path: $0.folder).path)
            }
            try GateCommandSupport.check(gates, subjects: subjects, out: base, failureStatus: .belowThreshold, errorStatus: .config)
        }
    }

    /// Runs one recipe, journaling each example; unsharded, then the probe when asked,
    /// and writes its report, results, CSV, JUnit (for a single recipe) and charts from
    /// the journal. A shard writes only its journal and `run.json` (its timing).
    private func attack(with recipe: Recipe, header: JournalHeader, examples: [Example], shard: Shard?, resumed: JournalScan?,
                        classifier: any Classifier, dataset: Dataset, interrupt: InterruptFlag, folder: URL, scratch: URL,
                        resources: ProjectResources?, single: Bool) async throws -> (StreamedRun?, JournaledRun.Outcome) {
        let started = Date()
        let info = header.run
        if let resumed {
            try JournaledRun.check(resumed, header: header, examples: examples, assigned: shard.map { Set($0.assigned) })
        }
        let journal = resumed?.url ?? folder.appending(path: "journal.jsonl")
        let assigned = shard?.assigned ?? Array(examples.indices)
        if let resumed, !run.quiet {
            Environment.printError("resuming: \(resumed.entries.count) of \(assigned.count) examples already in \(journal.path)"
                                   + (resumed.tornBytes > 0 ? " (a torn last line of \(resumed.tornBytes) bytes is dropped)" : ""))
        }
        let label = "attack \(info.task.rawValue)/\(recipe.name)" + (shard.map { " shard \($0.spec)" } ?? "")
        let progress = ProgressReporter(label: label, enabled: !run.quiet)
        // Timed per recipe, so run.json says how long this recipe waited on the model.
        let timed = TimedClassifier(classifier)
        let runner = AttackRunner(attack: recipe.attack, classifier: timed, seed: run.seed, jobs: run.effectiveJobs)
        let attackStarted = DispatchTime.now().uptimeNanoseconds
        let outcome = try await JournaledRun(header: header, journalURL: journal, resuming: resumed, durability: journalSync)
            .run(runner, examples: examples, assigned: assigned, progress: progress, shouldStop: { interrupt.isRaised })
        RunMetrics.shared?.addAttack(seconds: Double(DispatchTime.now().uptimeNanoseconds - attackStarted) / 1e9,
                                     examples: outcome.finished - outcome.resumed)
        if let shard {
            // The shard's timing, for the merged report's Run block.
            var files = OutputFiles()
            files.add(ReportContext.fileName, try usageContext(started: started, timed: timed, resources: resources).encoded())
            try files.write(to: journal.deletingLastPathComponent())
            print("shard \(shard.spec) of \(info.task.rawValue)/\(recipe.name): \(outcome.finished) of \(assigned.count) examples in \(journal.path)")
            return (nil, outcome)
        }
        let stream = ResultsStream(tool: ToolInfo(version: Environment.version), complete: outcome.complete, run: info)
        let (digest, cases) = try StreamedRun.stream(outcome.locations, examples: outcome.reported, stream: stream, into: folder,
                                                     scratch: scratch, name: recipe.name)
        var probeFile: ProbeFile?
        if probe, digest.complete, !interrupt.isRaised {
            var settings = CalibrationProbe.Settings()
            settings.seed = run.seed
            settings.jobs = run.effectiveJobs
            probeFile = try await ProbeRunner(settings: settings, calibrationData: calibrationData, quiet: run.quiet)
                .run(recipe: recipe, classifier: timed, attacked: examples, dataset: dataset, dataInfo: info.data, data: data, resources: resources)
        }
        // The probe's time and model calls count towards the recipe's.
        let streamed = StreamedRun(folder: recipe.name, digest: digest,
                                   context: usageContext(started: started, timed: timed, resources: resources),
                                   probe: probeFile, junitCases: cases)
        try streamed.writeReport(into: folder, junit: single)
        print(SummaryTable.render(digest))
        if let note = streamed.probeNote { print("calibration probe: \(note)") }
        print("report:  \(folder.appending(path: "report.md").path)")
        print("results: \(folder.appending(path: AttackBundle.resultsFileName).path)")
        return (streamed, outcome)
    }

    /// The run context with how this recipe used the model so far.
    private func usageContext(started: Date, timed: TimedClassifier, resources: ProjectResources?) -> ReportContext {
        let usage = timed.usage
        return Environment.reportContext(started: started, resources: resources,
                                         modelUsage: ModelUsage(calls: usage.calls, inputs: usage.inputs, busySeconds: usage.busySeconds))
    }
}

extension JournalWriter.Durability: ExpressibleByArgument {}
