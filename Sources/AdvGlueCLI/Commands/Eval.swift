import AdvGlueCorpora
import AdvGlueExternal
import AdvGlueModels
import AdvGlueReports
import AdvGlueSupport
import ArgumentParser
import Foundation

/// The benchmarks `advglue eval` knows.
enum Benchmark: String, CaseIterable, ExpressibleByArgument {
    /// AdvGLUE's dev set (Wang et al., NeurIPS 2021): 738 adversarial items over six tasks.
    case advglue
}

struct Eval: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Score a model on the AdvGLUE dev set in the leaderboard's layout.",
        discussion: """
            Scores every task of AdvGLUE's dev.json (SST-2, QQP, QNLI, RTE, MNLI-m, MNLI-mm) and,
            with the annotated dev_ann.json (found beside the data or given with --annotations),
            the originals the items were made from. Reports AdvGLUE's metrics (QQP: mean of
            accuracy and F1; MNLI: mean of matched and mismatched; the average over the five
            tasks), accuracy by perturbation level (word, sentence, human) and by attack method.
            Writes report.md, eval.json, run.json, eval.csv, junit.xml and accuracy-by-task.svg.

            Exit status: as advglue's, and 1 when a --gate check fails.

            Example:
              advglue eval --benchmark advglue --model builtin:lexical --data ../shared/corpora/advglue/dev.json
            """
    )

    @Option(name: .long, help: ArgumentHelp("The benchmark.", valueName: "name"))
    var benchmark: Benchmark = .advglue

    @Option(name: .long, help: ArgumentHelp(
        "AdvGLUE's dev.json (or dev_ann.json), or a folder holding it (or advglue/dev.json). Default: $ADVGLUE_DATA.", valueName: "path"))
    var data: String?

    @Option(name: .long, help: ArgumentHelp("AdvGLUE's annotated dev_ann.json (default: beside --data).", valueName: "path"))
    var annotations: String?

    @Option(name: .long, help: ArgumentHelp("Tasks to score, comma-separated (default: all six).", valueName: "tasks"))
    var tasks: String?

    @OptionGroup var model: ModelOptions
    @OptionGroup(title: "Model server and subprocess options") var connection: ModelConnectionOptions

    @Option(name: .long, help: ArgumentHelp("The most inputs sent to the model in one call.", valueName: "n"))
    var batchSize = 256

    @Flag(name: .long, help: "Print no progress.")
    var quiet = false

    @Option(name: .long, help: ArgumentHelp("Folder for the report and results (default: Reports/eval-advglue).", valueName: "dir"))
    var out: String?

    @Option(name: .long, help: ArgumentHelp("Check the results against a gate config (recipe `advglue`); exit 1 when a gate fails.", valueName: "config"))
    var gate: String?

    func validate() throws {
        if batchSize < 1 { throw ValidationError("--batch-size must be at least 1 (got \(batchSize))") }
        if let tasks, selectedTasks(tasks) == nil {
            throw ValidationError("--tasks '\(tasks)': expected task names from \(GlueTask.allCases.map(\.rawValue).joined(separator: ", ")), comma-separated")
        }
    }

    func selectedTasks(_ text: String) -> [GlueTask]? {
        let tasks = text.split(separator: ",").map { GlueTask(rawValue: $0.trimmingCharacters(in: .whitespaces)) }
        guard !tasks.isEmpty, tasks.allSatisfy({ $0 != nil }) else { return nil }
        return tasks.map { $0! }
    }

    /// AdvGLUE's leaderboard order.
    static let taskOrder: [GlueTask] = [.sst2, .qqp, .qnli, .rte, .mnli, .mnliMismatched]

    func run() async throws {
        let started = Date()
        let resources = Environment.resources
        let gates = try gate.map { try GateCommandSupport.loadConfig($0, status: .config) }
        let dataFile = try locateData()
        let annotationFile = try locateAnnotations(dataFile)
        let wanted = tasks.flatMap(selectedTasks) ?? Self.taskOrder
        let order = Self.taskOrder.filter(wanted.contains)
        let interrupt = InterruptFlag()
        let quiet = self.quiet
        var results: [EvalTask] = []
        var complete = true
        var itemCount = 0
        for task in order {
            let dataset = try DataLoader.load(dataFile, task: task)
            guard dataset.format == .advglueJSON else {
                throw CommandFailure(message: "\(dataFile.path): not AdvGLUE's dev.json (read as \(dataset.format.rawValue)); pass it with --data", status: .dataError)
            }
            itemCount += dataset.examples.count
            let annotations = try annotationFile.map { try AdvGlueAnnotations.load($0, task: task) } ?? [:]
            if annotationFile != nil, let missing = dataset.examples.first(where: { annotations[$0.id] == nil }) {
                throw CommandFailure(message: "\(annotationFile!.path): no annotation for \(task.rawValue) item \(missing.id); is it the same release as \(dataFile.path)?",
                                     status: .dataError)
            }
            let classifier = try await Environment.classifier(task: task, options: model, connection: connection, resources: resources)
            let progress = ProgressReporter(label: "eval \(task.rawValue)", enabled: !quiet, words: ("wrong", "right"))
            let (items, finished) = await AdvGlueEvaluator(batchSize: batchSize).evaluate(
                dataset.examples, annotations: annotations, classifier: classifier, shouldStop: { interrupt.isRaised }) { done, total, correct in
                    progress.update(done: done, total: total, outcome: correct ? "failed" : "successful")
                }
            await ExternalModels.shutdown(classifier)
            results.append(EvalTask(task: task, model: classifier.identity, items: items))
            if !finished {
                complete = false
                break
            }
        }
        let dataInfo = DataInfo(file: dataFile.path, sha256: Environment.sha256(ofFile: dataFile.path), format: .advglueJSON,
                                demo: false, examplesInFile: itemCount, skippedRows: [])
        let annotationInfo = annotationFile.map {
            DataInfo(file: $0.path, sha256: Environment.sha256(ofFile: $0.path), format: .advglueJSON, demo: false, examplesInFile: itemCount, skippedRows: [])
        }
        let eval = EvalFile(tool: ToolInfo(version: Environment.version), benchmark: benchmark.rawValue, complete: complete,
                            data: dataInfo, annotations: annotationInfo, tasks: results)
        let folder = URL(filePath: out ?? "Reports/eval-\(benchmark.rawValue)", directoryHint: .isDirectory)
        let context = Environment.reportContext(started: started, resources: resources, resultsFileName: EvalBundle.resultsFileName)
        try EvalBundle(eval: eval, context: context).files(OutputFormat.all).write(to: folder)
        print(EvalTable.render(eval))
        print("report:  \(folder.appending(path: EvalReport.fileName).path)")
        print("results: \(folder.appending(path: EvalBundle.resultsFileName).path)")
        GitHubStepSummary.append(EvalReport.stepSummary(eval))
        if !complete {
            throw CommandFailure(message: "interrupted; the report covers the items scored so far and is marked incomplete", status: .interrupted)
        }
        if let gates {
            try GateCommandSupport.check(gates, subjects: eval.gateSubjects(source: folder.path), out: folder,
                                         failureStatus: .belowThreshold, errorStatus: .config)
        }
    }

    /// `--data`, else `$ADVGLUE_DATA`; a folder is searched for dev.json.
    func locateData() throws -> URL {
        guard let given = data ?? ProcessInfo.processInfo.environment["ADVGLUE_DATA"].flatMap({ $0.isEmpty ? nil : $0 }) else {
            throw CommandFailure(message: "--data: no AdvGLUE data given; pass --data path/to/dev.json (AdvGLUE's dev set) or set ADVGLUE_DATA",
                                 status: .noInput)
        }
        let url = URL(filePath: given)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw CommandFailure(message: "\(url.path): no such file or folder; check --data", status: .noInput)
        }
        guard isDirectory.boolValue else { return url }
        let candidates = [url.appending(path: "dev.json"), url.appending(path: "advglue/dev.json")]
        guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) else {
            throw CommandFailure(message: "\(url.path): no dev.json; looked for \(candidates.map(\.path).joined(separator: ", "))", status: .noInput)
        }
        return found
    }

    /// `--annotations`, else the data file itself when it is annotated, else
    /// `dev_ann.json` beside it; nil when there is none.
    func locateAnnotations(_ dataFile: URL) throws -> URL? {
        if let annotations {
            guard FileManager.default.fileExists(atPath: annotations) else {
                throw CommandFailure(message: "\(annotations): no such file; check --annotations", status: .noInput)
            }
            return URL(filePath: annotations)
        }
        if dataFile.lastPathComponent.contains("_ann") { return dataFile }
        let beside = dataFile.deletingLastPathComponent().appending(path: "dev_ann.json")
        if FileManager.default.fileExists(atPath: beside.path) { return beside }
        if !quiet { Environment.printError("note: no dev_ann.json beside \(dataFile.path); no originals, levels or methods (pass --annotations)") }
        return nil
    }
}

/// The leaderboard table `advglue eval` prints.
enum EvalTable {
    static func render(_ eval: EvalFile) -> String {
        let columns = EvalSummary.columns(eval.tasks)
        func p(_ value: Double?) -> String { value.map { Format.fixed($0 * 100, digits: 2) } ?? "n/a" }
        func summary(_ task: GlueTask) -> EvalTaskSummary? { eval.tasks.first { $0.task == task }?.summary }
        let header = ["", "Avg", "SST-2", "MNLI-m", "MNLI-mm", "RTE", "QNLI", "QQP"]
        let benign = ["benign (originals)", p(eval.summary.benignAverage), p(columns[0].benign), p(summary(.mnli)?.benignScore),
                      p(summary(.mnliMismatched)?.benignScore), p(columns[2].benign), p(columns[3].benign), p(columns[4].benign)]
        let adversarial = ["adversarial", p(eval.summary.adversarialAverage), p(columns[0].adversarial), p(summary(.mnli)?.adversarialScore),
                           p(summary(.mnliMismatched)?.adversarialScore), p(columns[2].adversarial), p(columns[3].adversarial), p(columns[4].adversarial)]
        var lines: [String] = []
        let widths = header.indices.map { i in [header[i], benign[i], adversarial[i]].map(\.count).max()! }
        for row in [header, benign, adversarial] {
            lines.append(row.enumerated().map { i, cell in
                i == 0 ? cell.padding(toLength: widths[i], withPad: " ", startingAt: 0) : String(repeating: " ", count: widths[i] - cell.count) + cell
            }.joined(separator: "  "))
        }
        lines.append("AdvGLUE metrics: QQP = mean of accuracy and F1; MNLI enters Avg as the mean of m and mm.")
        if !eval.summary.byLevel.isEmpty {
            lines.append("by level: " + eval.summary.byLevel.map { "\($0.name) \(Format.percent($0.adversarialAccuracy)) (\($0.items))" }.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }
}
