import AdvGlueResults

/// A validity filter that judges each change on its own: a candidate passes when every
/// modification it adds to the reference passes. Most word-level filters are this kind.
///
/// ```swift
/// struct NoLongWords: ModificationConstraint {
///     var name: String { "no-long-words" }
///     func keeps(_ modification: Modification) -> Bool { modification.replacement.count < 20 }
/// }
/// ```
/// Complexity: one `keeps` call per new modification of each candidate.
public protocol ModificationConstraint: Constraint {
    func keeps(_ modification: Modification) -> Bool
}

extension ModificationConstraint {
    public func filter(_ candidates: [PerturbedInput], reference: PerturbedInput) async throws -> [PerturbedInput] {
        candidates.filter { newModifications(of: $0, since: reference).allSatisfy(keeps) }
    }
}
