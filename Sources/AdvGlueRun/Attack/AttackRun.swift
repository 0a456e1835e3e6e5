import AdvGlueAttacks
import AdvGlueCorpora
import AdvGlueGates
import AdvGlueModels
import AdvGlueSupport
import Foundation

/// `advglue attack`: loads what the plan names, checks it all before the first model
/// call, attacks each recipe in turn with a journal (``RecipeRun``), then closes the run:
/// the suite summary, the step summary and the gates (``RunClosing``).
///
/// ```swift
/// try await AttackRun(plan: plan, console: console).run()
/// ```
public struct AttackRun {
    public var plan: AttackPlan
    public var console: any RunConsole

    public init(plan: AttackPlan, console: any RunConsole) {
        self.plan = plan
        self.console = console
    }

    public func run() async throws {
        let started = Date()
        let resources = RunEnvironment.resources
        let plan = plan
        // A built-in model loads (~7 ms for the lexical one) while the recipes and the data
        // do; an external one connects later, once nothing else can fail first.
        let builtin = (try? plan.model.backend).map { !$0.isExternal } ?? false
        async let preloaded: (any Classifier)? = builtin ? plan.model.load(task: plan.task, resources: resources) : nil
        // Gates and every recipe load before any runs, so a typo in either fails at once.
        let gates = try plan.gate.map { try GateRun.loadConfig($0) }
        let recipes = try loadRecipes(resources: resources)
        if let gates {
            try GateRun(console: console).checkPlanned(
                gates, runs: recipes.map { .init(task: plan.task, recipe: $0.name) }, seed: plan.seed,
                resources: resources)
        }
        if plan.probe, let targeted = recipes.first(where: { !($0.attack.goal is UntargetedClassification) }) {
            throw AdvGlueError(
                .usage, "--probe: recipe \(targeted.name) is targeted; the calibration probe needs untargeted recipes")
        }
        // A resumed shard stays that shard unless told otherwise.
        let resumed = try plan.resume.map { try JournaledRun.scanForResume($0) }
        var shard = plan.shard
        if shard == nil, let journaled = resumed?.header.shard {
            shard = ShardChoice(spec: ShardSpec(index: journaled.index, count: journaled.count), source: "the journal")
        }
        if let shard {
            if plan.probe {
                throw AdvGlueError(
                    .usage,
                    "--probe needs every example: run it unsharded, or probe the merged run with `advglue probe` (shard \(shard.spec) from \(shard.source))"
                )
            }
            if plan.gate != nil {
                throw AdvGlueError(
                    .usage,
                    "--gate judges the whole run: gate the merged report (`advglue merge ... --gate CONFIG`) rather than shard \(shard.spec) (from \(shard.source))"
                )
            }
        }
        let data = try plan.data.load(task: plan.task, resources: resources)
        if plan.probe, plan.calibrationData == nil, data.examples.count >= data.dataset.examples.count {
            throw AdvGlueError(
                .usage,
                "--probe needs held-out examples: pass --num-examples below the \(data.dataset.examples.count) examples in the file, or --calibration-data PATH"
            )
        }
        let assignment = shard.map { AssignedShard($0, examples: data.examples) }
        let base = outputFolder(recipes: recipes, shard: assignment)
        // Held until the run ends: a second run on the same folder is refused (75).
        let lock = try FolderLock(base)
        defer { lock.release() }
        GateFiles.removeStale(in: base)
        if resumed == nil, !plan.overwrite {
            let folders = recipes.count == 1 ? [base] : recipes.map { base.appending(path: $0.name) }
            for folder in folders { try Self.refuseUnfinished(folder.appending(path: "journal.jsonl")) }
        }
        if let assignment {
            console.note(
                "shard \(assignment.spec) (from \(assignment.source)): \(assignment.assigned.count) of the \(data.examples.count) examples selected"
            )
        }
        let classifier: any Classifier
        if let loaded = try await preloaded {
            classifier = loaded
        } else {
            classifier = try await plan.model.load(
                task: plan.task, resources: resources, seed: plan.seed, jobs: plan.jobs,
                defaultLog: .file(base.appending(path: "model.log")))
        }
        if let counting = tokenCounter(of: classifier) {
            console.note(
                Self.costEstimate(counting, examples: data.examples, budgets: recipes.map(\.attack.queryBudget)))
        }
        let session = AttackSession(
            plan: plan, console: console, resources: resources, data: data, shard: assignment, resumed: resumed,
            classifier: RunMetrics.shared?.measure(classifier) ?? classifier, base: base, started: started)
        do {
            try await session.attack(recipes.map { Self.fitted($0, to: classifier) }, gates: gates)
        } catch {
            await classifier.shutdown()
            RunMetrics.shared?.write(console: console)
            throw error
        }
        await classifier.shutdown()
        RunMetrics.shared?.write(console: console)
    }

    /// The estimate printed before an LLM run: the originals asked once each, and the
    /// most the query budgets allow.
    static func costEstimate(_ model: any TokenCounting, examples: [Example], budgets: [Int?]) -> String {
        let originals = model.estimatedUsage(for: examples.map(\.input))
        func dollars(_ usage: TokenUsage) -> String {
            usage.cost.map { ", $\(Format.fixed($0, digits: 4))" } ?? " (no --price given)"
        }
        var text =
            "cost estimate: the \(examples.count) originals take about \(originals.promptTokens) prompt + at most \(originals.completionTokens) completion tokens\(dollars(originals))"
        let budget = budgets.reduce(0) { $0 + ($1 ?? 0) }
        if budget > 0, !budgets.contains(where: { $0 == nil }) {
            var most = originals
            let factor = budget
            most.promptTokens *= factor
            most.completionTokens *= factor
            most.cost = most.cost.map { $0 * Double(factor) }
            text +=
                "; the attack asks at most \(budget) queries per example in all (query budgets), at most about \(most.promptTokens) prompt + \(most.completionTokens) completion tokens\(dollars(most))"
        }
        return text
    }

    /// `recipe` as it can run against `classifier`: for a model that gives only labels
    /// (an LLM without log-probabilities), a score-based search would rank nothing, so
    /// the search becomes ``HardLabelSearch``, and the recipe's deviations say so.
    static func fitted(_ recipe: Recipe, to classifier: any Classifier) -> Recipe {
        guard classifier.outputs == .labels, !(recipe.attack.search is HardLabelSearch),
            !(recipe.attack.search is TemplateSearch)
        else { return recipe }
        var recipe = recipe
        let replaced = recipe.attack.search.name
        recipe.attack.search = HardLabelSearch()
        recipe.deviations.append(
            "The model gives only labels, no scores: the recipe's \(replaced) search was replaced by the hard-label search (random-order single changes, then accumulated random changes; HardLabelSearch)."
        )
        return recipe
    }

    /// A journal a fresh run would truncate: refused when it holds an unfinished run, so
    /// that re-running a stopped command does not throw away its finished examples.
    static func refuseUnfinished(_ journal: URL) throws {
        guard FileManager.default.fileExists(atPath: journal.path) else { return }
        guard let scan = try? JournalReader.scan(journal) else {
            throw AdvGlueError(
                .usage, "\(journal.path) exists and cannot be read as a journal; a new run would replace it",
                hint: "move it away, or pass --overwrite to start again")
        }
        let expected = scan.header.shard?.examples ?? scan.header.run.examplesSelected
        guard scan.entries.count < expected else { return }
        throw AdvGlueError(
            .usage,
            "\(journal.path) holds an unfinished run (\(scan.entries.count) of \(expected) examples); a new run would discard them",
            hint: "continue it with --resume \(journal.path), or pass --overwrite to start again")
    }

    /// Every recipe of `--attack`, with the plan's overrides.
    private func loadRecipes(resources: ProjectResources?) throws -> [Recipe] {
        let filters = try ValidityFilters.load(plan.filters, task: plan.task, resources: resources)
        return try plan.recipes.map { name in
            var recipe = try RecipeLoader.load(named: name, resources: resources)
            if let fields = plan.fields { recipe.attack.fields = fields }
            if let budget = plan.queryBudget { recipe.attack.queryBudget = budget }
            recipe.attack.maxBatchSize = plan.batchSize
            recipe.attack.maxSecondsPerExample = plan.maxSecondsPerExample
            if let validity = plan.validity { recipe.attack.validity = try validity.scorer() }
            recipe.attack = recipe.attack.filtered(by: filters)
            return recipe
        }
    }

    /// One recipe writes into `--out` itself; several each into a folder of their own.
    /// A shard writes under OUT/shard-I-of-N, or where the journal it resumes lives.
    private func outputFolder(recipes: [Recipe], shard: AssignedShard?) -> URL {
        let resumeFolder = plan.resume.map { URL(filePath: $0).deletingLastPathComponent().path }
        let fallback =
            recipes.count == 1 ? "Reports/\(plan.task.rawValue)-\(recipes[0].name)" : "Reports/\(plan.task.rawValue)"
        var base = URL(filePath: plan.out ?? resumeFolder ?? fallback, directoryHint: .isDirectory)
        if let shard, plan.resume == nil {
            base = base.appending(path: shard.spec.folderName, directoryHint: .isDirectory)
        }
        return base
    }
}

/// The shard this process attacks, once its examples are known.
struct AssignedShard: Sendable {
    var spec: ShardSpec
    /// Where the shard came from, for the note on standard error.
    var source: String
    /// Positions of its examples in the selected examples, ascending.
    var assigned: [Int]
    /// ``ShardAssignment/fingerprint`` of the whole split.
    var assignment: String

    init(_ choice: ShardChoice, examples: [Example]) {
        let split = ShardAssignment(examples: examples, count: choice.spec.count)
        spec = choice.spec
        source = choice.source
        assigned = split.indices(of: choice.spec.index)
        assignment = split.fingerprint
    }
}
