import AdvGlueResults
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

    public func candidates(for state: PerturbedInput, at position: WordPosition,
                           using rng: inout some RandomNumberGenerator) -> [Modification] {
        var seen: Set<String> = []
        var result: [Modification] = []
        for part in parts {
            for candidate in part.candidates(for: state, at: position, using: &rng) where seen.insert(candidate.replacement).inserted {
                result.append(candidate)
            }
        }
        return result
    }
}
