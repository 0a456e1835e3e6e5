import AdvGlueCorpora

/// One run reduced to what a paired comparison needs: which examples the model stayed
/// right on under attack, and the conditions two runs must share to be compared.
///
/// ```swift
/// let baseline = PairedRun(results: try ResultsFile.decode(data), source: "Reports/v1/sst2-typo")
/// ```
public struct PairedRun: Sendable, Hashable {
    public var task: GlueTask
    /// A recipe name, or `advglue` for the AdvGLUE benchmark.
    public var recipe: String
    public var model: String
    /// The folder or file it was read from.
    public var source: String
    public var complete: Bool
    /// Example ids in data order, each robust (true: still right under attack) or not
    /// (fooled, or wrong before the attack); examples that ended in an error are absent.
    public var outcomes: [(id: String, robust: Bool)]
    /// Examples that ended in an error.
    public var errors: [String]
    /// What must be equal for two runs to be compared (data, recipe, seed, filters, …),
    /// as a name and a printable value each.
    public var conditions: [Condition]

    public struct Condition: Sendable, Hashable {
        public var name: String
        public var value: String

        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    public init(
        task: GlueTask, recipe: String, model: String, source: String, complete: Bool,
        outcomes: [(id: String, robust: Bool)], errors: [String], conditions: [Condition]
    ) {
        self.task = task
        self.recipe = recipe
        self.model = model
        self.source = source
        self.complete = complete
        self.outcomes = outcomes
        self.errors = errors
        self.conditions = conditions
    }

    public static func == (a: PairedRun, b: PairedRun) -> Bool {
        a.task == b.task && a.recipe == b.recipe && a.model == b.model && a.source == b.source
            && a.complete == b.complete && a.errors == b.errors && a.conditions == b.conditions
            && a.outcomes.map(\.id) == b.outcomes.map(\.id) && a.outcomes.map(\.robust) == b.outcomes.map(\.robust)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(source)
        hasher.combine(recipe)
        hasher.combine(outcomes.count)
    }

    /// An attack run: robust means the attack failed; a success or an example wrong
    /// before the attack is not robust, as accuracy under attack counts them.
    public init(results: ResultsFile, source: String) {
        let run = results.run
        var outcomes: [(id: String, robust: Bool)] = []
        var errors: [String] = []
        for result in results.results {
            switch result.outcome {
            case .failed: outcomes.append((result.exampleID, true))
            case .successful, .skipped: outcomes.append((result.exampleID, false))
            case .error: errors.append(result.exampleID)
            }
        }
        let filters = run.filters.map { f in
            f.set + (f.filters.isEmpty ? "" : " (" + f.filters.joined(separator: ", ") + ")")
                + (f.similarityThreshold.map { ", similarity ≥ \($0)" } ?? "")
                + (f.dataFiles ?? []).map { ", \($0.file) sha256 \($0.sha256.prefix(12))" }.joined()
        }
        self.init(
            task: run.task, recipe: run.recipe.name, model: run.model.spec, source: source, complete: results.complete,
            outcomes: outcomes, errors: errors,
            conditions: [
                Condition("task", run.task.rawValue),
                Condition("data", "sha256 \(run.data.sha256)"),
                Condition("recipe", "\(run.recipe.name) (sha256 \(run.recipe.sha256.prefix(12)))"),
                Condition(
                    "recipe data files",
                    (run.recipe.dataFiles ?? []).map { "\($0.file) sha256 \($0.sha256.prefix(12))" }.joined(
                        separator: ", ")),
                Condition("seed", "\(run.seed)"),
                Condition("query budget", run.queryBudget.map(String.init) ?? "none"),
                Condition("fields", run.fields.joined(separator: ", ")),
                Condition("filters", filters ?? "none recorded"),
                Condition("examples", run.numExamplesRequested.map { "first \($0) requested" } ?? "all"),
            ])
    }

    /// One task of an AdvGLUE evaluation (recipe `advglue`): robust means right on the
    /// adversarial item.
    public init(eval: EvalFile, task: EvalTask, source: String) {
        var outcomes: [(id: String, robust: Bool)] = []
        var errors: [String] = []
        for item in task.items {
            if item.error != nil { errors.append(item.id) } else { outcomes.append((item.id, item.correct)) }
        }
        self.init(
            task: task.task, recipe: eval.benchmark, model: task.model.spec, source: source, complete: eval.complete,
            outcomes: outcomes, errors: errors,
            conditions: [
                Condition("task", task.task.rawValue),
                Condition("data", "sha256 \(eval.data.sha256)"),
                Condition("benchmark", eval.benchmark),
            ])
    }
}
