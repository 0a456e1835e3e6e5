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

/// A validity filter that judges each change in the candidate it belongs to (its
/// neighbours, its sentence): a candidate passes when every modification it adds to the
/// reference passes there.
///
/// ```swift
/// struct NotFirst: ContextualModificationConstraint {
///     var name: String { "not-first" }
///     func keeps(_ modification: Modification, in input: PerturbedInput) -> Bool { modification.position.word > 0 }
/// }
/// ```
/// Complexity: one `keeps` call per new modification of each candidate.
public protocol ContextualModificationConstraint: Constraint {
    func keeps(_ modification: Modification, in input: PerturbedInput) -> Bool
}

extension ContextualModificationConstraint {
    public func filter(_ candidates: [PerturbedInput], reference: PerturbedInput) async throws -> [PerturbedInput] {
        candidates.filter { candidate in
            newModifications(of: candidate, since: reference).allSatisfy { keeps($0, in: candidate) }
        }
    }
}
