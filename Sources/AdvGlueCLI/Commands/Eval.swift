import AdvGlueCorpora
import AdvGlueRun
import ArgumentParser

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

    @Option(
        name: .long,
        help: ArgumentHelp(
            "AdvGLUE's dev.json (or dev_ann.json), or a folder holding it (or advglue/dev.json). Default: $ADVGLUE_DATA.",
            valueName: "path"))
    var data: String?

    @Option(
        name: .long, help: ArgumentHelp("AdvGLUE's annotated dev_ann.json (default: beside --data).", valueName: "path")
    )
    var annotations: String?

    @Option(name: .long, help: ArgumentHelp("Tasks to score, comma-separated (default: all six).", valueName: "tasks"))
    var tasks: String?

    @OptionGroup var model: ModelOptions
    @OptionGroup(title: "Model server and subprocess options") var connection: ModelConnectionOptions

    @Option(name: .long, help: ArgumentHelp("The most inputs sent to the model in one call.", valueName: "n"))
    var batchSize = 256

    @Flag(name: .long, help: "Print no progress.")
    var quiet = false

    @Option(
        name: .long,
        help: ArgumentHelp("Folder for the report and results (default: Reports/eval-advglue).", valueName: "dir"))
    var out: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Check the results against a gate config (recipe `advglue`); exit 1 when a gate fails.", valueName: "config"
        ))
    var gate: String?

    func validate() throws {
        if batchSize < 1 { throw ValidationError("--batch-size must be at least 1 (got \(batchSize))") }
        if let tasks, selectedTasks(tasks) == nil {
            throw ValidationError(
                "--tasks '\(tasks)': expected task names from \(GlueTask.allCases.map(\.rawValue).joined(separator: ", ")), comma-separated"
            )
        }
    }

    func selectedTasks(_ text: String) -> [GlueTask]? {
        let tasks = text.split(separator: ",").map { GlueTask(rawValue: $0.trimmingCharacters(in: .whitespaces)) }
        guard !tasks.isEmpty, tasks.allSatisfy({ $0 != nil }) else { return nil }
        return tasks.map { $0! }
    }

    func run() async throws {
        var plan = EvalPlan()
        plan.benchmark = benchmark.rawValue
        plan.data = data
        plan.annotations = annotations
        plan.tasks = tasks.flatMap(selectedTasks)
        plan.model = try model.choice(connection)
        plan.batchSize = batchSize
        plan.out = out
        plan.gate = gate
        try await EvalRun(plan: plan, console: TerminalConsole(quiet: quiet)).run()
    }
}
