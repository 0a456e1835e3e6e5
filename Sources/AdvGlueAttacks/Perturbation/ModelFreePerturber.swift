import AdvGlueCorpora
import AdvGlueResults
import AdvGlueSupport
import AdvGlueText

/// Applies a recipe's transformation to a dataset without any model (`advglue perturb`):
/// a perturbed copy for augmentation or for testing a model advglue cannot query.
///
/// Word positions the recipe's pre-transformation constraints allow (fields, stopwords,
/// word length, the modification rate) are visited in a random order; at each, one of
/// the transformation's candidates that passes the recipe's constraints is drawn at
/// random. Recipes with a `max-modification-rate` change words until it stops them;
/// others make one change (sentence-level distractions and paraphrases), unless
/// `maxChanges` says otherwise. Randomness comes from the seed and the example's id.
///
/// ```swift
/// let perturbed = try await ModelFreePerturber(attack: recipe.attack).perturb(example, seed: 42)
/// ```
/// Complexity: O(w · k) for w words and k candidates per word.
public struct ModelFreePerturber: Sendable {
    public var attack: Attack
    /// The most changes per example; nil for the default above.
    public var maxChanges: Int?

    public init(attack: Attack, maxChanges: Int? = nil) {
        self.attack = attack
        self.maxChanges = maxChanges
    }

    /// The example with its text perturbed (id and label unchanged), and what changed.
    public func perturb(_ example: Example, seed: UInt64) async throws -> (Example, [Modification]) {
        let segmented = try SegmentedInput(example.input, segmentation: attack.segmentation)
        let fieldNames = attack.fields.names(for: example.input.fields.map(\.name))
        let preConstraints: [any PreTransformationConstraint] =
            [FieldModification(fields: fieldNames)] + attack.preConstraints
        let hasRate = attack.preConstraints.contains { $0 is MaxModificationRate }
        let limit = maxChanges ?? (hasRate ? Int.max : 1)
        var rng = SplitMix64(seed: seed, stream: example.id)
        var state = PerturbedInput(segmented, modifiableFields: Set(fieldNames))
        func allows(_ position: WordPosition) -> Bool { preConstraints.allSatisfy { $0.allows(position, in: state) } }
        var changes = 0
        for position in segmented.positions.filter(allows).shuffled(using: &rng) {
            if changes >= limit { break }
            guard allows(position), !state.coveredPositions.contains(position) else { continue }
            var candidates = attack.transformation.candidates(for: state, at: position, using: &rng).map(state.applying)
            for constraint in attack.constraints where !candidates.isEmpty {
                candidates = try await constraint.filter(candidates, reference: state)
            }
            guard let chosen = candidates.randomElement(using: &rng) else { continue }
            state = chosen
            changes += 1
        }
        var perturbed = example
        perturbed.input = state.input
        return (perturbed, state.orderedModifications)
    }
}
