import AdvGlueResults
import AdvGlueSupport
import AdvGlueText
import AdvGlueWordNet
import Synchronization

/// Replaces a word with a WordNet synonym in the same inflected form and letter case
/// ("movies" → "films", "Awful" → "Dreadful").
///
/// Every part of speech under which WordNet knows the word is tried, in the order
/// noun, verb, adjective, adverb; candidates are listed in WordNet's sense order and
/// capped at `maxCandidates`. Forms that regular suffix rules cannot produce are
/// dropped rather than guessed (see ``Inflection``), and so is an inflected form of a
/// synonym that WordNet's exception lists give irregular forms ("kids" → not "childs").
///
/// Complexity: O(s) for s synonyms, after WordNet's files are loaded once.
public struct WordNetSynonym: Transformation {
    public let wordnet: WordNet
    public let maxCandidates: Int
    public let multiWord: Bool
    /// Answers depend only on the word and the settings above, and a search asks for the
    /// same word twice (whether it may change, then its candidates).
    private let memo = ReplacementMemo()

    public init(wordnet: WordNet, maxCandidates: Int = 50, multiWord: Bool = false) {
        self.wordnet = wordnet
        self.maxCandidates = maxCandidates
        self.multiWord = multiWord
    }

    public var name: String { "wordnet-synonym" }

    /// Synonyms of `word` inflected like it, with the part of speech each came from.
    public func replacements(for word: String) -> [(text: String, pos: PartOfSpeech)] {
        if let known = memo.cache.withLock({ $0.value(for: word) }) { return known.map { ($0.text, $0.pos) } }
        let found = lookUp(word)
        memo.cache.withLock { $0.insert(found.map { Replacement(text: $0.text, pos: $0.pos) }, for: word) }
        return found
    }

    private func lookUp(_ word: String) -> [(text: String, pos: PartOfSpeech)] {
        var result: [(String, PartOfSpeech)] = []
        var seen: Set<String> = [word.lowercased()]
        for pos in PartOfSpeech.allCases {
            // A missing database was reported when the recipe was loaded; a part of
            // speech that fails to load here offers no candidates.
            guard let synonyms = try? wordnet.synonyms(of: word, as: pos, multiWord: multiWord) else { continue }
            for synonym in synonyms {
                guard let text = Inflection.inflect(synonym.word, like: word, lemma: synonym.lemma, pos: pos),
                    regular(text, synonym: synonym.word, pos: pos), seen.insert(text.lowercased()).inserted
                else { continue }
                result.append((text, pos))
                if result.count == maxCandidates { return result }
            }
        }
        return result
    }

    /// Whether `text`, a form of `synonym`, is its base form or the synonym has no
    /// irregular forms: a regular suffix on "child" or "go" would make "childs", "gos".
    private func regular(_ text: String, synonym: String, pos: PartOfSpeech) -> Bool {
        if text.lowercased() == synonym.lowercased() { return true }
        return ((try? wordnet.irregularForms(of: synonym, as: pos)) ?? []).isEmpty
    }

    public func mayChange(_ word: String) -> Bool {
        !replacements(for: word).isEmpty
    }

    public func candidates(
        for state: PerturbedInput, at position: WordPosition,
        using rng: inout some RandomNumberGenerator
    ) -> [Modification] {
        let word = String(state.original.word(at: position).text)
        return replacements(for: word).map {
            Modification(
                position: position, original: state.word(at: position), replacement: $0.text,
                transformation: "\(name).\($0.pos.rawValue)")
        }
    }
}

private struct Replacement: Sendable {
    var text: String
    var pos: PartOfSpeech
}

private final class ReplacementMemo: Sendable {
    let cache = Mutex(BoundedMemo<String, [Replacement]>(limit: WordNet.memoLimit))
}

extension WordNetSynonym {
    /// `type: wordnet-synonym` in a recipe's `transformation`.
    static let recipePart = RecipePart<any Transformation>(
        type: "wordnet-synonym",
        summary: "WordNet synonyms of the word in the same inflected form and letter case.",
        options: [
            RecipeOption(
                "max_candidates", "the most synonyms offered per word, in WordNet's sense order", default: "50"),
            RecipeOption("multi_word", "also offer synonyms of several words (\"look into\")", default: "false"),
        ]
    ) { map, context throws(AdvGlueError) in
        let maxNode = map.optional("max_candidates")
        let maximum = try maxNode?.int() ?? 50
        guard maximum >= 1 else { throw maxNode!.error("must be at least 1") }
        let multiWord = try map.optional("multi_word").map { node throws(AdvGlueError) in try node.bool() } ?? false
        return WordNetSynonym(wordnet: try context.wordnet(map.owner), maxCandidates: maximum, multiWord: multiWord)
    }
}
