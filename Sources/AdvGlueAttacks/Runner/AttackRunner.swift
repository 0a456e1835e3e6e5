import AdvGlueCorpora
import AdvGlueModels
import AdvGlueResults
import AdvGlueSupport

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
    /// result, in finishing order, one call at a time. A model that reports the run
    /// must stop turns the examples it interrupts into `.error` results here; use
    /// ``attackAll(_:shouldStop:finished:)`` to stop instead.
    public func run(
        _ examples: [Example], shouldStop: @Sendable () -> Bool = { false },
        progress: @Sendable (Int, Int, Int, AttackResult) -> Void = { _, _, _, _ in }
    ) async -> [AttackResult] {
        var slots = [AttackResult?](repeating: nil, count: examples.count)
        var done = 0
        _ = await drive(examples, shouldStop: shouldStop, stopOnUnavailable: false) { index, result in
            slots[index] = result
            done += 1
            progress(done, examples.count, index, result)
        }
        // Keep only the unbroken prefix, so an interrupted run reports the first k examples.
        return Array(slots.prefix { $0 != nil }.compactMap { $0 })
    }

    /// Attacks `examples`, handing each finished one to `finished` (its index and
    /// result, in finishing order, one call at a time). Stops starting examples when
    /// `shouldStop` says so or when the model reports that the run must stop; in the
    /// latter case, once the examples in flight have ended, it throws that error. The
    /// examples the error interrupted are never handed to `finished`.
    public func attackAll(
        _ examples: [Example], shouldStop: @Sendable () -> Bool = { false },
        finished: (Int, AttackResult) -> Void
    ) async throws(AdvGlueError) {
        if let error = await drive(examples, shouldStop: shouldStop, stopOnUnavailable: true, finished: finished) {
            throw error
        }
    }

    /// One example's end in the task group. A plain struct: a child result of type
    /// `(Int, Result<AttackResult, AdvGlueError>)` came back with a garbage
    /// index in release builds (Swift 6.3.1).
    private struct Ending: Sendable {
        var index: Int
        var result: AttackResult?
        var unavailable: AdvGlueError?
    }

    private func drive(
        _ examples: [Example], shouldStop: @Sendable () -> Bool, stopOnUnavailable: Bool,
        finished: (Int, AttackResult) -> Void
    ) async -> AdvGlueError? {
        await withTaskGroup(of: Ending.self) { group in
            var next = 0
            var unavailable: AdvGlueError?
            func launch() {
                guard next < examples.count, unavailable == nil, !shouldStop(), !Task.isCancelled else { return }
                let index = next
                next += 1
                let example = examples[index]
                group.addTask { [attack, classifier, seed] in
                    if !stopOnUnavailable {
                        return Ending(
                            index: index, result: await attack.attack(example, classifier: classifier, seed: seed))
                    }
                    do throws(AdvGlueError) {
                        return Ending(
                            index: index,
                            result: try await attack.attackUnlessUnavailable(
                                example, classifier: classifier, seed: seed))
                    } catch {
                        return Ending(index: index, unavailable: error)
                    }
                }
            }
            for _ in 0..<jobs { launch() }
            for await ending in group {
                if let result = ending.result { finished(ending.index, result) }
                if let error = ending.unavailable { unavailable = unavailable ?? error }
                launch()
            }
            return unavailable
        }
    }
}
