import AdvGlueResults
import AdvGlueSupport
import AdvGlueText

/// Offers, per word, the candidates of several transformations together (the idea of
/// AdvGLUE's CompAttack: the search picks whichever kind of edit works best).
///
/// Complexity: the sum of its parts'.
public struct CompositeTransformation: Transformation {
    public var parts: [any Transformation]

    public init(parts: [any Transformation]) {
        self.parts = parts
    }

    public var name: String { "composite" }

    public func mayChange(_ word: String) -> Bool {
        parts.contains { $0.mayChange(word) }
    }

    public func candidates(
        for state: PerturbedInput, at position: WordPosition,
        using rng: inout some RandomNumberGenerator
    ) -> [Modification] {
        var seen: Set<String> = []
        var result: [Modification] = []
        for part in parts {
            for candidate in part.candidates(for: state, at: position, using: &rng)
            where seen.insert(candidate.replacement).inserted {
                result.append(candidate)
            }
        }
        return result
    }
}

extension CompositeTransformation {
    /// `type: composite` in a recipe's `transformation`.
    static let recipePart = RecipePart<any Transformation>(
        type: "composite",
        summary: "Offers the candidates of several transformations together at each word.",
        options: [RecipeOption("parts", "the transformations, a list of parts of their own")]
    ) { map, context throws(AdvGlueError) in
        var parts: [any Transformation] = []
        for part in try map.required("parts").sequence() { parts.append(try context.transformation(part)) }
        guard !parts.isEmpty else { throw map.owner.error("needs at least one part", key: "parts") }
        return CompositeTransformation(parts: parts)
    }
}
