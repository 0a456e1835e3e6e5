import AdvGlueRun
import ArgumentParser

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract:
            "Measure end-to-end attack speed per recipe: examples/s, queries/s, the model's share of the time, peak memory, start-up time; with --shards, the speed-up of sharding.",
        discussion: """
            Each recipe runs --runs times as `advglue attack ... --quiet` in a process of its own,
            timed from starting the process to its exit (the report written, into a temporary
            folder); figures are medians over the runs. Inside each process advglue measures
            itself (ADVGLUE_METRICS): queries/s are the inputs the model scored per second of
            attacking; the model's share is the part of that time with a model call in flight
            (the rest is advglue's own work); peak RSS is VmHWM.

            Start-up is timed in five fresh `advglue attack --num-examples 1` processes: from
            starting the process to its first model query, and to its exit.

            --shards N also times the recipe split into N shards run as concurrent processes
            (`--shard I/N`, each with --jobs 1) and merged (`advglue merge`), against one process
            with --jobs 1, from the first start to the merge's exit. With several recipes, a last
            row times the whole pass: every recipe in one `advglue attack --attack a,b,...`
            invocation, sharded and merged the same way.

            The machine's load average is printed before and after: on a shared machine,
            timings are only as quiet as it is.

            Example:
              advglue bench --task sst2 --data ../shared/corpora/glue_data --num-examples 200 \\
                --attack typo,pwws,deepwordbug
              advglue bench --task sst2 --data ../shared/corpora/glue_data --attack pwws --shards 2 --runs 5
            """
    )

    @OptionGroup var taskOptions: TaskOptions
    @OptionGroup var data: DataOptions
    @OptionGroup var model: ModelOptions
    @OptionGroup(title: "Model server and subprocess options") var connection: ModelConnectionOptions

    @Option(name: .long, help: ArgumentHelp("Recipes to time, comma-separated.", valueName: "recipes"))
    var attack = "typo,pwws,deepwordbug"

    @Option(
        name: .long,
        help: ArgumentHelp("Timed processes per recipe (and per sharding); the median counts.", valueName: "n"))
    var runs = 3

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Also time N concurrent shards plus the merge against one process with --jobs 1.", valueName: "n"))
    var shards: Int?

    @OptionGroup var run: RunOptions

    func validate() throws {
        if runs < 1 { throw ValidationError("--runs must be at least 1 (got \(runs))") }
        if let shards, shards < 2 { throw ValidationError("--shards must be at least 2 (got \(shards))") }
    }

    func run() async throws {
        var plan = BenchPlan(task: taskOptions.task)
        plan.data = data.choice
        plan.model = model.model
        plan.modelTemperature = model.modelTemperature
        plan.connectionArguments = connection.arguments
        plan.recipes = attack.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        plan.runs = runs
        plan.shards = shards
        plan.seed = run.seed
        plan.jobs = run.jobs
        plan.batchSize = run.batchSize
        try await BenchRun(plan: plan, console: TerminalConsole()).run()
    }
}
