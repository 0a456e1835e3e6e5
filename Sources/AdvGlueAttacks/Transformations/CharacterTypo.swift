import AdvGlueResults
import AdvGlueSupport
import AdvGlueText

/// Character-level typos on grapheme clusters: swap two adjacent characters, delete
/// one, insert a keyboard neighbour, or replace one with a keyboard neighbour.
///
/// All distinct variants of a word are enumerated in a fixed order, then
/// `candidatesPerWord` of them are drawn with `rng`, so the result depends only on the
/// word and the generator. Edits never split a grapheme cluster (``GraphemeEdits``).
///
/// ```swift
/// var rng = SplitMix64(seed: 1)
/// CharacterTypo().variants(of: "film").first // ("ilfm", .swap)
/// ```
/// Complexity: O(k · L²) for a word of L clusters with k neighbours per key.
public struct CharacterTypo: Transformation {
    public enum Operation: String, Sendable, CaseIterable, Codable {
        case swap, delete, insert, keyboard
    }

    public var operations: [Operation]
    public var candidatesPerWord: Int
    public var layout: KeyboardLayout

    public init(
        operations: [Operation] = Operation.allCases, candidatesPerWord: Int = 8, layout: KeyboardLayout = .qwerty
    ) {
        self.operations = operations
        self.candidatesPerWord = candidatesPerWord
        self.layout = layout
    }

    public var name: String { "character-typo" }

    /// Every distinct typo of `word`, in a fixed order.
    public func variants(of word: String) -> [(text: String, operation: Operation)] {
        let clusters = Array(word)
        var seen: Set<String> = [word]
        var result: [(String, Operation)] = []
        func add(_ text: String, _ operation: Operation) {
            if seen.insert(text).inserted { result.append((text, operation)) }
        }
        for operation in operations {
            switch operation {
            case .swap:
                for i in clusters.indices.dropLast() where clusters[i] != clusters[i + 1] {
                    add(GraphemeEdits.swapping(word, at: i), .swap)
                }
            case .delete where clusters.count > 1:
                for i in clusters.indices { add(GraphemeEdits.deleting(word, at: i), .delete) }
            case .delete:
                break
            case .insert:
                for i in clusters.indices {
                    for key in layout.neighbours(of: clusters[i]) {
                        add(GraphemeEdits.inserting(key, into: word, at: i), .insert)
                        add(GraphemeEdits.inserting(key, into: word, at: i + 1), .insert)
                    }
                }
            case .keyboard:
                for i in clusters.indices {
                    for key in layout.neighbours(of: clusters[i]) {
                        add(GraphemeEdits.replacing(word, at: i, with: key), .keyboard)
                    }
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
                position: position, original: word, replacement: $0.text,
                transformation: "\(name).\($0.operation.rawValue)")
        }
    }
}

extension CharacterTypo {
    /// `type: character-typo` in a recipe's `transformation`.
    static let recipePart = RecipePart<any Transformation>(
        type: "character-typo",
        summary: "Typos at one word: swap two adjacent letters, delete or insert one, or hit a QWERTY neighbour.",
        options: [
            RecipeOption(
                "operations", "which edits, a list of \(Operation.allCases.map(\.rawValue).joined(separator: ", "))",
                default: "all"),
            RecipeOption("candidates_per_word", "candidates drawn per word", default: "8"),
            RecipeOption("keyboard", "the keyboard layout for neighbour keys: qwerty", default: "qwerty"),
        ]
    ) { map, context throws(AdvGlueError) in
        let operations: [Operation] = try context.choices(map.optional("operations"), what: "operation")
        let perWord = try context.positive(map.optional("candidates_per_word"), default: 8)
        if let layoutNode = map.optional("keyboard") {
            guard try layoutNode.string() == "qwerty" else {
                throw layoutNode.error("unknown keyboard (known: qwerty)")
            }
        }
        return CharacterTypo(
            operations: operations.isEmpty ? Operation.allCases : operations, candidatesPerWord: perWord)
    }
}
