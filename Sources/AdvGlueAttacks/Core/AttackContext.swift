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
    /// Validity checks asked lazily about the flips a search would return (see
    /// ``AcceptanceCheck``); empty under `--filters none`.
    public let acceptance: [any AcceptanceCheck]
    /// What the validity filters rejected for this example.
    public let tally: FilterTally

    /// The most flips of one search step the acceptance checks are asked about: past
    /// that, the step's flips are too alike for another check to find a valid one.
    public static let maxChecksPerStep = 8

    public init(
        model: QueryingModel, goal: any GoalFunction, transformation: any Transformation,
        preConstraints: [any PreTransformationConstraint], constraints: [any Constraint], groundTruth: Int,
        acceptance: [any AcceptanceCheck] = [], tally: FilterTally = FilterTally()
    ) {
        self.model = model
        self.goal = goal
        self.transformation = transformation
        self.preConstraints = preConstraints
        self.constraints = constraints
        self.groundTruth = groundTruth
        self.acceptance = acceptance
        self.tally = tally
    }

    /// The first of `order` (indices into `flips`) that every acceptance check passes, or
    /// nil; each refusal is counted. With no checks, the first of `order`.
    ///
    /// Complexity: up to ``maxChecksPerStep`` checks, each an encoder call at most.
    public func firstAccepted(_ order: [Int], of flips: [PerturbedInput]) async throws -> Int? {
        guard !acceptance.isEmpty else { return order.first }
        for index in order.prefix(Self.maxChecksPerStep) {
            if try await refusal(of: flips[index]) == nil { return index }
        }
        return nil
    }

    /// The name of the first acceptance check `flip` fails, counted in the tally; nil
    /// if it passes them all.
    public func refusal(of flip: PerturbedInput) async throws -> String? {
        for check in acceptance where !(try await check.measure(flip).passes) {
            tally.rejectedFlip(by: check.name)
            return check.name
        }
        return nil
    }

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
