import AdvGlueAttacks
import AdvGlueCorpora
import AdvGlueSupport
import Foundation

/// `advglue perturb`: a perturbed copy of a dataset with a recipe's transformation at
/// randomly chosen words, without any model, in the input's own format.
public struct PerturbRun {
    public var task: GlueTask
    public var recipe: String
    public var fields: FieldSelection?
    public var data: String
    public var out: String
    /// The most changes per example; nil for the recipe's modification-rate limit, else 1.
    public var maxChanges: Int?
    public var seed: UInt64
    public var lenient: Bool
    public var console: any RunConsole

    public init(
        task: GlueTask, recipe: String, fields: FieldSelection?, data: String, out: String, maxChanges: Int?,
        seed: UInt64,
        lenient: Bool, console: any RunConsole
    ) {
        self.task = task
        self.recipe = recipe
        self.fields = fields
        self.data = data
        self.out = out
        self.maxChanges = maxChanges
        self.seed = seed
        self.lenient = lenient
        self.console = console
    }

    public func run() async throws {
        var recipe = try RecipeLoader.load(named: recipe, resources: RunEnvironment.resources)
        if let fields { recipe.attack.fields = fields }
        let source = URL(filePath: data)
        let dataset = try DataLoader.load(source, task: task, lenient: lenient)
        let perturber = ModelFreePerturber(attack: recipe.attack, maxChanges: maxChanges)
        var perturbed: [Example] = []
        var changed = 0
        var words = 0
        for example in dataset.examples {
            do {
                let (copy, modifications) = try await perturber.perturb(example, seed: seed)
                perturbed.append(copy)
                if !modifications.isEmpty { changed += 1 }
                words += modifications.map(\.span).reduce(0, +)
            } catch {
                throw AdvGlueError(
                    .badData, "\(source.path): example \(example.id): \(AdvGlueError.summary(of: error))",
                    hint: (error as? AdvGlueError)?.hint, cause: error)
            }
        }
        try DatasetWriter.write(
            source: source, format: dataset.format, task: task, perturbed: perturbed, to: URL(filePath: out))
        console.print(
            "perturbed \(changed) of \(dataset.examples.count) \(task.rawValue) examples with \(recipe.name) (seed \(seed)); \(words) words changed; "
                + "\(dataset.examples.count - changed) had nothing the recipe may change")
        if !dataset.skipped.isEmpty { console.print("left out \(dataset.skipped.count) malformed rows (--lenient)") }
        console.print("wrote \(out) (\(dataset.format.rawValue))")
    }
}
