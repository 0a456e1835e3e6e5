import AdvGlueModels
import AdvGlueText

/// Everything a search method needs for one example. It is built per example, so its
/// model wrapper's cache and query count belong to that example alone.
public struct AttackContext {
    public let model: QueryingModel
    public let goal: any GoalFunction
    public let transformation: any Transformation
    public let preConstraints: [any PreTransformationConstraint]
    public let constraints: [any Constraint]
    public let groundTruth: Int

    /// Positions every pre-transformation constraint allows in `state`.
    public func allowedPositions(in state: PerturbedInput) -> [WordPosition] {
        state.original.positions.filter { allows($0, in: state) }
    }

    public func allows(_ position: WordPosition, in state: PerturbedInput) -> Bool {
        preConstraints.allSatisfy { $0.allows(position, in: state) }
    }

    /// Transforms one position and applies the candidate constraints.
    public func candidates(
        for state: PerturbedInput, at position: WordPosition,
        using rng: inout some RandomNumberGenerator
    ) async throws -> [PerturbedInput] {
        var candidates = transformation.candidates(for: state, at: position, using: &rng).map(state.applying)
        for constraint in constraints where !candidates.isEmpty {
            candidates = try await constraint.filter(candidates, reference: state)
        }
        return candidates
    }

    /// Scores inputs; stops at the budget, so the result may be shorter than `inputs`.
    public func evaluate(_ inputs: [TextInput]) async throws -> [[Float]] {
        var rows: [[Float]] = []
        for row in try await model.logits(for: inputs) {
            guard let row else { break }
            rows.append(row)
        }
        return rows
    }
}
