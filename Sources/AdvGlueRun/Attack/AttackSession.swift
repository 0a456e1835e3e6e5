import AdvGlueAttacks
import AdvGlueCorpora
import AdvGlueGates
import AdvGlueModels
import AdvGlueProbe
import AdvGlueReports
import AdvGlueResults
import AdvGlueSupport
import AdvGlueText
import Dispatch
import Foundation

/// One `advglue attack` once everything is loaded: the recipes run in turn over the
/// same examples and model, each journaled, then the run closes.
struct AttackSession {
    var plan: AttackPlan
    var console: any RunConsole
    var resources: ProjectResources?
    var data: LoadedData
    var shard: AssignedShard?
    var resumed: JournalScan?
    var classifier: any Classifier
    var base: URL
    var started: Date

    /// Runs each recipe in turn, then writes the suite summary and checks the gates.
    func attack(_ recipes: [Recipe], gates: GateConfig?) async throws {
        if data.resolved.isDemo {
            console.note(
                "note: no --data or ADVGLUE_DATA given; using the demo corpus \(data.resolved.file.path) (not GLUE)")
        }
        if !data.dataset.skipped.isEmpty {
            console.note("note: --lenient skipped \(data.dataset.skipped.count) malformed rows; the report lists them")
        }
        let dataInfo = data.info
        let shouldStop = console.watchForStop()
        let scratch = FolderLock.scratchFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        var runs: [StreamedRun] = []
        var stopped: (outcome: JournaledRun.Outcome, recipe: String)?
        for recipe in recipes {
            let folder = recipes.count == 1 ? base : base.appending(path: recipe.name, directoryHint: .isDirectory)
            var info = RunInfo(
                task: plan.task, labels: classifier.labels, recipe: recipe.info, model: classifier.identity,
                data: dataInfo,
                fields: recipe.attack.fields.names(for: plan.task.fieldNames), seed: plan.seed,
                queryBudget: recipe.attack.queryBudget,
                numExamplesRequested: plan.data.numExamples, examplesSelected: data.examples.count)
            info.filters = (recipe.attack.filters ?? .none).info
            let header = JournalHeader(
                tool: RunEnvironment.tool, icuVersion: WordSegmenter.icuVersion, run: info,
                shard: shard.map {
                    ShardInfo(
                        index: $0.spec.index, count: $0.spec.count, examples: $0.assigned.count,
                        assignment: $0.assignment)
                },
                suite: recipes.count > 1 ? recipes.map(\.name) : nil)
            let recipeRun = RecipeRun(
                session: self, recipe: recipe, header: header, folder: folder, scratch: scratch,
                single: recipes.count == 1)
            let (streamed, outcome) = try await recipeRun.run(shouldStop: shouldStop)
            if let streamed { runs.append(streamed) }
            if !outcome.complete {
                stopped = (outcome, recipe.name)
                break
            }
        }
        let closing = RunClosing(console: console, base: base, resources: resources)
        if shard == nil {
            let suite =
                recipes.count > 1
                ? RunEnvironment.reportContext(started: started, resources: resources, parts: runs.map(\.folder)) : nil
            try closing.summarise(runs, suite: suite)
        }
        if let stopped {
            let done = "\(stopped.outcome.finished) of \(stopped.outcome.assigned.count) examples of \(stopped.recipe)"
            let marked = shard == nil ? " (the report is marked incomplete)" : ""
            // A model call that gave up because the user stopped the run is an interruption.
            if let unavailable = stopped.outcome.unavailable, !StopRequest.isRaised {
                throw AdvGlueError(
                    .unavailable,
                    "\(unavailable.message); stopped after \(done)\(marked); "
                        + "when the model is back, continue with --resume \(stopped.outcome.journal.path)")
            }
            throw AdvGlueError(
                .interrupted,
                "interrupted after \(done)\(marked); continue with --resume \(stopped.outcome.journal.path)")
        }
        if let shard {
            console.print(
                "shard \(shard.spec) done; when every shard is, combine them: advglue merge \(base.deletingLastPathComponent().path)/shard-*-of-\(shard.spec.count)"
            )
        }
        try closing.refuseAllErrors(runs)
        if let gates { try closing.checkGates(gates, runs: runs, single: recipes.count == 1) }
    }
}

/// One recipe of an attack: its examples journaled, then (unsharded) its outputs
/// streamed from the journal, the probe when asked, and its report.
struct RecipeRun {
    var session: AttackSession
    var recipe: Recipe
    var header: JournalHeader
    var folder: URL
    var scratch: URL
    /// The only recipe of the run: it writes `junit.xml` itself.
    var single: Bool

    /// A shard writes only its journal and `run.json` (its timing), and returns no run.
    func run(shouldStop: @escaping @Sendable () -> Bool) async throws -> (StreamedRun?, JournaledRun.Outcome) {
        let started = Date()
        let plan = session.plan
        let console = session.console
        let shard = session.shard
        let resumed = session.resumed
        let examples = session.data.examples
        if let resumed {
            try JournaledRun.check(
                resumed, header: header, examples: examples, assigned: shard.map { Set($0.assigned) })
        }
        let journal = resumed?.url ?? folder.appending(path: "journal.jsonl")
        let assigned = shard?.assigned ?? Array(examples.indices)
        if let resumed {
            console.note(
                "resuming: \(resumed.entries.count) of \(assigned.count) examples already in \(journal.path)"
                    + (resumed.tornBytes > 0 ? " (a torn last line of \(resumed.tornBytes) bytes is dropped)" : ""))
        }
        let label = "attack \(plan.task.rawValue)/\(recipe.name)" + (shard.map { " shard \($0.spec)" } ?? "")
        // Timed per recipe, so run.json says how long this recipe waited on the model.
        let timed = TimedClassifier(session.classifier)
        let tokensBefore = tokenCounter(of: session.classifier)?.tokenUsage
        let runner = AttackRunner(attack: recipe.attack, classifier: timed, seed: plan.seed, jobs: plan.jobs)
        let attackStarted = DispatchTime.now().uptimeNanoseconds
        let outcome = try await JournaledRun(
            header: header, journalURL: journal, resuming: resumed, durability: plan.journalSync
        )
        .run(
            runner, examples: examples, assigned: assigned, progress: console.progress(label: label),
            shouldStop: shouldStop)
        RunMetrics.shared?.addAttack(
            seconds: Double(DispatchTime.now().uptimeNanoseconds - attackStarted) / 1e9,
            examples: outcome.finished - outcome.resumed)
        if let shard {
            var files = OutputFiles()
            files.add(
                ReportContext.fileName,
                try usageContext(started: started, timed: timed, tokensBefore: tokensBefore).encoded())
            try files.write(to: journal.deletingLastPathComponent())
            console.print(
                "shard \(shard.spec) of \(plan.task.rawValue)/\(recipe.name): \(outcome.finished) of \(assigned.count) examples in \(journal.path)"
            )
            return (nil, outcome)
        }
        let stream = ResultsStream(tool: RunEnvironment.tool, complete: outcome.complete, run: header.run)
        let (digest, cases) = try StreamedRun.stream(
            outcome.locations, examples: outcome.reported, stream: stream, into: folder, scratch: scratch)
        var probeFile: ProbeFile?
        if plan.probe, digest.complete, !shouldStop() {
            var settings = CalibrationProbe.Settings()
            settings.seed = plan.seed
            settings.jobs = plan.jobs
            probeFile = try await ProbeRunner(
                settings: settings, calibrationData: plan.calibrationData, lenient: plan.data.lenient, console: console
            )
            .run(
                recipe: recipe, classifier: timed, attacked: examples, dataset: session.data.dataset,
                dataInfo: header.run.data,
                resources: session.resources)
        }
        // The probe's time and model calls count towards the recipe's.
        let streamed = StreamedRun(
            folder: recipe.name, digest: digest,
            context: usageContext(
                started: started, timed: timed, tokensBefore: tokensBefore,
                thisRun: resumed == nil ? nil : outcome.finished - outcome.resumed),
            probe: probeFile, junitCases: cases)
        try streamed.writeReport(into: folder, junit: single)
        console.print(SummaryTable.render(digest))
        if let note = streamed.probeNote { console.print("calibration probe: \(note)") }
        console.print("report:  \(folder.appending(path: "report.md").path)")
        console.print("results: \(folder.appending(path: ResultsFile.fileName).path)")
        return (streamed, outcome)
    }

    /// The run context with how this recipe used the model so far.
    private func usageContext(
        started: Date, timed: TimedClassifier, tokensBefore: TokenUsage?, thisRun: Int? = nil
    ) -> ReportContext {
        let usage = timed.usage
        var modelUsage = ModelUsage(calls: usage.calls, inputs: usage.inputs, busySeconds: usage.busySeconds)
        if let tokensBefore, let now = tokenCounter(of: timed)?.tokenUsage {
            modelUsage.tokens = now.since(tokensBefore)
        }
        var context = RunEnvironment.reportContext(
            started: started, resources: session.resources, modelUsage: modelUsage)
        context.examplesThisRun = thisRun
        return context
    }
}
