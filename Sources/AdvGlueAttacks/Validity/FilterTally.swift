import Synchronization

/// What the validity filters rejected while one example was attacked: candidates each
/// word-level filter dropped before the model saw them, and flips (candidates the model
/// would have been fooled by) each acceptance check refused. The report adds them up, so a
/// reader sees what validity cost.
public final class FilterTally: Sendable {
    private let state = Mutex(Counts())

    struct Counts {
        var candidates: [String: Int] = [:]
        var flips: [String: Int] = [:]
    }

    public init() {}

    func rejected(_ count: Int, by filter: String) {
        guard count > 0 else { return }
        state.withLock { $0.candidates[filter, default: 0] += count }
    }

    func rejectedFlip(by filter: String) {
        state.withLock { $0.flips[filter, default: 0] += 1 }
    }

    /// Candidates rejected per filter.
    public var candidates: [String: Int] { state.withLock { $0.candidates } }
    /// Flips refused per acceptance check.
    public var flips: [String: Int] { state.withLock { $0.flips } }
}

/// A constraint whose rejections are counted in a tally.
struct CountedConstraint: Constraint {
    let inner: any Constraint
    let tally: FilterTally

    var name: String { inner.name }

    func filter(_ candidates: [PerturbedInput], reference: PerturbedInput) async throws -> [PerturbedInput] {
        let kept = try await inner.filter(candidates, reference: reference)
        tally.rejected(candidates.count - kept.count, by: inner.name)
        return kept
    }
}
