import AdvGlueCorpora
import AdvGlueModels

/// Runs an attack over many examples with at most `jobs` in flight, keeping results in
/// example order whatever order they finish in.
///
/// ```swift
/// let results = await AttackRunner(attack: recipe.attack, classifier: model, seed: 42, jobs: 2)
///     .run(examples) { done, total, index, result in print(done, total) }
/// ```
public struct AttackRunner: Sendable {
    public var attack: Attack
    public var classifier: any Classifier
    public var seed: UInt64
    public var jobs: Int

    public init(attack: Attack, classifier: any Classifier, seed: UInt64, jobs: Int) {
        precondition(jobs >= 1, "jobs must be at least 1")
        self.attack = attack
        self.classifier = classifier
        self.seed = seed
        self.jobs = jobs
    }

    /// Attacks `examples`. `shouldStop` is checked before each example starts; when it
    /// says stop (Ctrl-C), examples in flight finish and the rest are left out, so the
    /// returned prefix-complete list may be shorter than `examples`.
    /// `progress` gets the number done, the total, the finished example's index and its
    /// result, in finishing order, one call at a time.
    public func run(_ examples: [Example], shouldStop: @Sendable () -> Bool = { false },
                    progress: @Sendable (Int, Int, Int, AttackResult) -> Void = { _, _, _, _ in }) async -> [AttackResult] {
        var slots = [AttackResult?](repeating: nil, count: examples.count)
        var done = 0
        await withTaskGroup(of: (Int, AttackResult).self) { group in
            var next = 0
            func launch() {
                guard next < examples.count, !shouldStop(), !Task.isCancelled else { return }
                let index = next
                next += 1
                let example = examples[index]
                group.addTask { [attack, classifier, seed] in
                    (index, await attack.attack(example, classifier: classifier, seed: seed))
                }
            }
            for _ in 0..<jobs { launch() }
            for await (index, result) in group {
                slots[index] = result
                done += 1
                progress(done, examples.count, index, result)
                launch()
            }
        }
        // Keep only the unbroken prefix, so an interrupted run reports the first k examples.
        return Array(slots.prefix { $0 != nil }.compactMap { $0 })
    }
}
