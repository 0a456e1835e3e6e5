import AdvGlueAttacks
import AdvGlueRun
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
    @OptionGroup var recipe: RecipeOptions
    @OptionGroup var run: RunOptions
    @OptionGroup var followUp: FollowUpOptions
    @OptionGroup var journal: JournalOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup(title: "Sharding options") var shards: ShardOptions

    func validate() throws {
        if journal.resume != nil, recipe.recipes.count > 1 {
            throw ValidationError("--resume continues one recipe's journal; --attack '\(recipe.attack)' names several")
        }
        guard let fields = recipe.fields, case .named(let names) = FieldSelection(parsing: fields) else { return }
        let known = taskOptions.task.fieldNames
        if names.isEmpty || !names.allSatisfy(known.contains) {
            throw ValidationError(
                "--fields '\(fields)': \(taskOptions.task.rawValue) has fields \(known.joined(separator: ", ")) (or use default, all)"
            )
        }
    }

    func run() async throws {
        var plan = AttackPlan(task: taskOptions.task, jobs: run.effectiveJobs)
        plan.data = data.choice
        plan.model = try model.choice(connection)
        plan.recipes = recipe.recipes
        plan.fields = recipe.fields.map(FieldSelection.init(parsing:))
        plan.validity = recipe.validity
        plan.filters = recipe.filters
        plan.maxSecondsPerExample = recipe.maxSecondsPerExample
        plan.queryBudget = recipe.queryBudget
        plan.seed = run.seed
        plan.batchSize = run.batchSize
        plan.out = output.out
        plan.resume = journal.resume
        plan.overwrite = journal.overwrite
        plan.journalSync = journal.journalSync
        plan.shard = try shards.resolve(environment: ProcessInfo.processInfo.environment)
        plan.probe = followUp.probe
        plan.calibrationData = followUp.calibrationData
        plan.gate = followUp.gate
        try await AttackRun(plan: plan, console: TerminalConsole(quiet: run.quiet)).run()
    }
}
