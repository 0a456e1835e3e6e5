import AdvGlueResults
import AdvGlueSupport
import AdvGlueText

/// Replaces one Latin letter of a word with a Cyrillic or Greek look-alike, found with
/// ICU's UTS #39 confusable data: a replacement is offered only when the word's
/// confusable skeleton stays the same, so the result looks identical to a reader.
///
/// ```swift
/// Homoglyph().variants(of: "film") // ["fіlm" (U+0456), ...]
/// ```
/// Complexity: O(L · k) skeleton computations for L letters with k look-alikes each.
public struct Homoglyph: Transformation {
    public var candidatesPerWord: Int

    public init(candidatesPerWord: Int = 8) {
        self.candidatesPerWord = candidatesPerWord
    }

    public var name: String { "homoglyph" }

    /// Latin letter → look-alikes from the Cyrillic and Greek blocks whose skeleton is
    /// that letter's, computed once from ICU's data.
    static let table: [Character: [Character]] = {
        var table: [Character: [Character]] = [:]
        let ranges: [ClosedRange<UInt32>] = [0x0370...0x03FF, 0x0400...0x04FF]
        for scalar in ranges.joined().compactMap(Unicode.Scalar.init) where scalar.properties.isAlphabetic {
            let character = Character(scalar)
            guard let skeleton = try? Confusables.skeleton(String(character)), skeleton.count == 1,
                let latin = skeleton.first, latin.isASCII, latin.isLetter
            else { continue }
            table[latin, default: []].append(character)
        }
        return table
    }()

    public func variants(of word: String) -> [String] {
        guard let skeleton = try? Confusables.skeleton(word) else { return [] }
        var result: [String] = []
        for (i, character) in Array(word).enumerated() {
            let key = (try? Confusables.skeleton(String(character))).flatMap(\.first) ?? character
            for lookalike in Self.table[key] ?? [] where lookalike != character {
                let variant = GraphemeEdits.replacing(word, at: i, with: lookalike)
                if (try? Confusables.skeleton(variant)) == skeleton, !result.contains(variant) {
                    result.append(variant)
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
            Modification(position: position, original: word, replacement: $0, transformation: name)
        }
    }
}

extension Homoglyph {
    /// `type: homoglyph` in a recipe's `transformation`.
    static let recipePart = RecipePart<any Transformation>(
        type: "homoglyph",
        summary:
            "Replaces one Latin letter of the word with a Cyrillic or Greek look-alike of the same confusable skeleton (UTS #39).",
        options: [RecipeOption("candidates_per_word", "candidates drawn per word", default: "8")]
    ) { map, context throws(AdvGlueError) in
        Homoglyph(candidatesPerWord: try context.positive(map.optional("candidates_per_word"), default: 8))
    }
}
