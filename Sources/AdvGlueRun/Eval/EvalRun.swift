import AdvGlueCorpora
import AdvGlueEval
import AdvGlueGates
import AdvGlueModels
import AdvGlueReports
import AdvGlueResults
import AdvGlueSupport
import Foundation

/// `advglue eval --benchmark advglue`: scores a model on every task of AdvGLUE's dev
/// set (and, with the annotations, on the originals), writes the leaderboard report and
/// checks the gates.
///
/// ```swift
/// var plan = EvalPlan()
/// plan.data = "../shared/corpora/advglue/dev.json"
/// try await EvalRun(plan: plan, console: console).run()
/// ```
public struct EvalRun {
    public var plan: EvalPlan
    public var console: any RunConsole

    public init(plan: EvalPlan, console: any RunConsole) {
        self.plan = plan
        self.console = console
    }

    public func run() async throws {
        let started = Date()
        let resources = RunEnvironment.resources
        let gates = try plan.gate.map { try GateRun.loadConfig($0) }
        let folder = URL(filePath: plan.out ?? "Reports/eval-\(plan.benchmark)", directoryHint: .isDirectory)
        let lock = try FolderLock(folder)
        defer { lock.release() }
        GateFiles.removeStale(in: folder)
        let dataFile = try plan.locateData()
        let annotationFile = try plan.locateAnnotations(dataFile, console: console)
        let order = EvalPlan.taskOrder.filter((plan.tasks ?? EvalPlan.taskOrder).contains)
        if let gates {
            try GateRun(console: console).checkPlanned(
                gates, runs: order.map { .init(task: $0, recipe: "advglue") }, resources: resources)
        }
        let shouldStop = console.watchForStop()
        var results: [EvalTask] = []
        var complete = true
        var itemCount = 0
        for task in order {
            let dataset = try DataLoader.load(dataFile, task: task)
            guard dataset.format == .advglueJSON else {
                throw AdvGlueError(
                    .badData, "not AdvGLUE's dev.json (read as \(dataset.format.rawValue))",
                    hint: "pass it with --data", at: .file(dataFile.path))
            }
            itemCount += dataset.examples.count
            let annotations = try annotationFile.map { try AdvGlueAnnotations.load($0, task: task) } ?? [:]
            if let annotationFile, let missing = dataset.examples.first(where: { annotations[$0.id] == nil }) {
                throw AdvGlueError(
                    .badData,
                    "no annotation for \(task.rawValue) item \(missing.id); is it the same release as \(dataFile.path)?",
                    at: .file(annotationFile.path))
            }
            let classifier = try await plan.model.load(task: task, resources: resources)
            let progress = console.progress(label: "eval \(task.rawValue)", words: ("wrong", "right"))
            let (items, finished) = await AdvGlueEvaluator(batchSize: plan.batchSize).evaluate(
                dataset.examples, annotations: annotations, classifier: classifier, shouldStop: shouldStop
            ) { done, total, correct in
                progress.update(done: done, total: total, outcome: correct ? "failed" : "successful")
            }
            await classifier.shutdown()
            results.append(EvalTask(task: task, model: classifier.identity, items: items))
            if !finished {
                complete = false
                break
            }
        }
        func info(_ file: URL) -> DataInfo {
            DataInfo(
                file: file.path, sha256: RunEnvironment.sha256(ofFile: file.path), format: .advglueJSON, demo: false,
                examplesInFile: itemCount, skippedRows: [])
        }
        let eval = EvalFile(
            tool: RunEnvironment.tool, benchmark: plan.benchmark, complete: complete, data: info(dataFile),
            annotations: annotationFile.map(info), tasks: results)
        let context = RunEnvironment.reportContext(
            started: started, resources: resources, resultsFileName: EvalBundle.resultsFileName)
        try EvalBundle(eval: eval, context: context).files(OutputFormat.all).write(to: folder)
        console.print(EvalTable.render(eval))
        console.print("report:  \(folder.appending(path: EvalReport.fileName).path)")
        console.print("results: \(folder.appending(path: EvalBundle.resultsFileName).path)")
        GitHubStepSummary.append(EvalReport.stepSummary(eval), console: console)
        if !complete {
            throw AdvGlueError(
                .interrupted, "interrupted; the report covers the items scored so far and is marked incomplete")
        }
        if let task = eval.tasks.first(where: { !$0.items.isEmpty && $0.summary.errors == $0.items.count }) {
            throw AdvGlueError(
                .modelFailed,
                "all \(task.items.count) \(task.task.rawValue) items ended in an error, so nothing was measured; the first: \(task.items.first?.error ?? "no message")",
                hint: "check the model and the data; the report lists the errors")
        }
        if let gates {
            try GateRun(console: console).check(gates, subjects: eval.gateSubjects(source: folder.path), out: folder)
        }
    }
}
