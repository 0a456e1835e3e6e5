import AdvGlueResults
import AdvGlueSupport
import AdvGlueText

/// Inserts an invisible or direction-changing character inside a word: zero-width
/// space, non-joiner or joiner, or a right-to-left override closed by a pop. The word
/// looks the same, but its bytes, tokens and look-up keys change. Opt-in only.
///
/// Complexity: O(L · c) for L grapheme boundaries and c characters.
public struct InvisibleCharacter: Transformation {
    public enum Kind: String, Sendable, CaseIterable, Codable {
        case zeroWidthSpace = "zero-width-space"
        case zeroWidthNonJoiner = "zero-width-non-joiner"
        case zeroWidthJoiner = "zero-width-joiner"
        case bidiOverride = "bidi-override"
    }

    public var kinds: [Kind]
    public var candidatesPerWord: Int

    public init(kinds: [Kind] = Kind.allCases, candidatesPerWord: Int = 8) {
        self.kinds = kinds
        self.candidatesPerWord = candidatesPerWord
    }

    public var name: String { "invisible" }

    public func variants(of word: String) -> [(text: String, kind: Kind)] {
        let clusters = Array(word)
        guard clusters.count > 1 else { return [] }
        var result: [(String, Kind)] = []
        for kind in kinds {
            for i in 1..<clusters.count {
                let head = String(clusters[..<i])
                let tail = String(clusters[i...])
                switch kind {
                case .zeroWidthSpace: result.append((head + "\u{200B}" + tail, kind))
                case .zeroWidthNonJoiner: result.append((head + "\u{200C}" + tail, kind))
                case .zeroWidthJoiner: result.append((head + "\u{200D}" + tail, kind))
                case .bidiOverride:
                    // U+202E … U+202C around the reversed tail displays as the original word.
                    result.append((head + "\u{202E}" + String(tail.reversed()) + "\u{202C}", kind))
                }
            }
        }
        return result
    }

    public func candidates(
        for state: PerturbedInput, at position: WordPosition,
        using rng: inout some RandomNumberGenerator
    ) -> [Modification] {
        let word = state.word(at: position)
        return variants(of: word).sample(upTo: candidatesPerWord, using: &rng).map {
            Modification(
                position: position, original: word, replacement: $0.text, transformation: "\(name).\($0.kind.rawValue)")
        }
    }
}

extension InvisibleCharacter {
    /// `type: invisible` in a recipe's `transformation`.
    static let recipePart = RecipePart<any Transformation>(
        type: "invisible",
        summary: "Inserts a character a reader cannot see into the word (zero-width characters, a bidi override).",
        options: [
            RecipeOption(
                "kinds", "which characters, a list of \(Kind.allCases.map(\.rawValue).joined(separator: ", "))",
                default: "all"),
            RecipeOption("candidates_per_word", "candidates drawn per word", default: "8"),
        ]
    ) { map, context throws(AdvGlueError) in
        let kinds: [Kind] = try context.choices(map.optional("kinds"), what: "kind")
        return InvisibleCharacter(
            kinds: kinds.isEmpty ? Kind.allCases : kinds,
            candidatesPerWord: try context.positive(map.optional("candidates_per_word"), default: 8))
    }
}
