import AdvGlueRun
import ArgumentParser

struct Probe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Check whether apparent robustness is an illusion of miscalibration (Raina et al., ACL 2024).",
        discussion: """
            Attacks the first --num-examples examples at T = 1, at the temperature that minimises
            held-out NLL (cal), at the one that minimises accuracy under attack on a validation
            subset (opt), at any --temperatures, and with a margin score; calibration is measured
            on the examples after them (or --calibration-data). Writes probe.md, probe.json,
            run.json and two SVG charts.

            Example:
              advglue probe --task sst2 --data ../shared/corpora/glue_data --attack pwws --model-temperature 0.001
            """
    )

    @OptionGroup var taskOptions: TaskOptions
    @OptionGroup var data: DataOptions
    @OptionGroup var model: ModelOptions
    @OptionGroup(title: "Model server and subprocess options") var connection: ModelConnectionOptions

    @Option(name: .long, help: ArgumentHelp("The attack recipe (untargeted).", valueName: "recipe"))
    var attack = "typo"

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Held-out labelled data for calibration (default: the examples after the attacked ones).", valueName: "path"
        ))
    var calibrationData: String?

    @Option(
        name: .long,
        help: ArgumentHelp("Extra attacker temperatures, comma-separated, e.g. 0.01,0.1,1,10,100.", valueName: "list"))
    var temperatures: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Points by which accuracy under attack at T = 1 must exceed the lowest probed value to flag an illusion.",
            valueName: "points"))
    var threshold = 5.0

    @Option(name: .long, help: ArgumentHelp("Held-out examples used to fit opt.", valueName: "n"))
    var validationExamples = 50

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Distinct model queries allowed per example; overrides the recipe's query_budget (for slow or paid models).",
            valueName: "n"))
    var queryBudget: Int?

    @Flag(name: .long, help: "Skip fitting opt (saves up to 10 attack runs on the validation subset).")
    var noOpt = false

    @OptionGroup var run: RunOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let temperatures, parsedTemperatures(temperatures) == nil {
            throw ValidationError("--temperatures '\(temperatures)': expected positive numbers separated by commas")
        }
        if !(threshold >= 0) { throw ValidationError("--threshold must not be negative (got \(threshold))") }
        if let queryBudget, queryBudget < 2 {
            throw ValidationError(
                "--query-budget must be at least 2, the original and one candidate (got \(queryBudget))")
        }
        if validationExamples < 1 {
            throw ValidationError("--validation-examples must be at least 1 (got \(validationExamples))")
        }
    }

    func parsedTemperatures(_ text: String) -> [Double]? {
        let values = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ $0 != nil && $0! > 0 && $0!.isFinite }) else { return nil }
        return values.map { $0! }
    }

    func run() async throws {
        var plan = ProbePlan(task: taskOptions.task, jobs: run.effectiveJobs)
        plan.data = data.choice
        plan.model = try model.choice(connection)
        plan.recipe = attack
        plan.queryBudget = queryBudget
        plan.calibrationData = calibrationData
        plan.settings.grid = temperatures.flatMap(parsedTemperatures) ?? []
        plan.settings.optimise = !noOpt
        plan.settings.validationExamples = validationExamples
        plan.settings.thresholdPoints = threshold
        plan.seed = run.seed
        plan.batchSize = run.batchSize
        plan.out = output.out
        try await ProbeRun(plan: plan, console: TerminalConsole(quiet: run.quiet)).run()
    }
}
