import AdvGlueResults
import AdvGlueSupport
import AdvGlueText

/// DeepWordBug's four character edits as TextAttack's `DeepWordBugGao2018` composes
/// them: for each word, one random edit per operation, each at a uniformly drawn
/// position, with a letter drawn uniformly from `a-z` and `A-Z` where one is needed.
///
/// - `swap`: two neighbouring characters exchanged (positions 0..<L-1);
/// - `substitute`: one character replaced by a random letter (0..<L);
/// - `delete`: one character removed (0..<L);
/// - `insert`: a random letter inserted before a character (0..<L, never at the end).
///
/// Words of one character get no candidates. An edit that gives back the word (a swap
/// of equal letters, a letter replaced by itself) or repeats an earlier candidate is
/// dropped, as TextAttack drops them; the draws are made all the same, so the random
/// stream does not depend on the word's letters. Characters are grapheme clusters.
///
/// ```swift
/// var rng = SplitMix64(seed: 1)
/// RandomCharacterEdit().edits(of: "film", using: &rng) // e.g. [("iflm", .swap), ("fiXm", .substitute), ...]
/// ```
/// Complexity: O(L) per word of L clusters.
public struct RandomCharacterEdit: Transformation {
    public enum Operation: String, Sendable, CaseIterable, Codable {
        case swap, substitute, delete, insert
    }

    public var operations: [Operation]

    public init(operations: [Operation] = Operation.allCases) {
        self.operations = operations
    }

    public var name: String { "random-character-edit" }

    static let letters: [Character] = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")

    /// One random edit of `word` per operation, without the word itself or repeats.
    public func edits(of word: String, using rng: inout some RandomNumberGenerator) -> [(
        text: String, operation: Operation
    )] {
        let clusters = Array(word)
        let count = clusters.count
        guard count > 1 else { return [] }
        var result: [(text: String, operation: Operation)] = []
        for operation in operations {
            var edited = clusters
            switch operation {
            case .swap:
                let i = Int.random(in: 0..<count - 1, using: &rng)
                edited.swapAt(i, i + 1)
            case .substitute:
                let i = Int.random(in: 0..<count, using: &rng)
                edited[i] = Self.letters[Int.random(in: 0..<Self.letters.count, using: &rng)]
            case .delete:
                edited.remove(at: Int.random(in: 0..<count, using: &rng))
            case .insert:
                let i = Int.random(in: 0..<count, using: &rng)
                edited.insert(Self.letters[Int.random(in: 0..<Self.letters.count, using: &rng)], at: i)
            }
            let text = String(edited)
            if text != word, !result.contains(where: { $0.text == text }) { result.append((text, operation)) }
        }
        return result
    }

    public func mayChange(_ word: String) -> Bool {
        var clusters = word.makeIterator()
        return clusters.next() != nil && clusters.next() != nil
    }

    public func candidates(
        for state: PerturbedInput, at position: WordPosition,
        using rng: inout some RandomNumberGenerator
    ) -> [Modification] {
        let word = state.word(at: position)
        return edits(of: word, using: &rng).map {
            Modification(
                position: position, original: word, replacement: $0.text,
                transformation: "\(name).\($0.operation.rawValue)")
        }
    }
}

extension RandomCharacterEdit {
    /// `type: random-character-edit` in a recipe's `transformation`.
    static let recipePart = RecipePart<any Transformation>(
        type: "random-character-edit",
        summary:
            "DeepWordBug's edits at one word: swap two adjacent characters, or substitute, delete or insert a random one.",
        options: [
            RecipeOption(
                "operations", "which edits, a list of \(Operation.allCases.map(\.rawValue).joined(separator: ", "))",
                default: "all")
        ]
    ) { map, context throws(AdvGlueError) in
        let operations: [Operation] = try context.choices(map.optional("operations"), what: "operation")
        return RandomCharacterEdit(operations: operations.isEmpty ? Operation.allCases : operations)
    }
}
