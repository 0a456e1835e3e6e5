import AdvGlueResults
import AdvGlueSupport
import AdvGlueText

/// Replaces one Latin letter of a word with a look-alike from the team's table of pairs
/// that render as the same picture (``HomoglyphTable``), keeping its case, and only where
/// no font kerns or joins the letter with its neighbours (``HomoglyphContexts``); as a
/// second condition, the word's UTS #39 confusable skeleton must stay the same (ICU's
/// data), so a replacement is both unseen and a known confusable. A letter followed by a
/// space or punctuation (a word's last letter, the e of "people's") changes only at the
/// end of the text.
///
/// ```swift
/// Homoglyph(table: table, contexts: contexts).variants(of: "mood")
/// // ["mооd" with one Cyrillic о (U+043E), ...]; never "fіlm": "fi" is a ligature
/// ```
/// Complexity: O(L · k) skeleton computations for L letters with k look-alikes each.
public struct Homoglyph: Transformation {
    public var table: HomoglyphTable
    public var contexts: HomoglyphContexts
    public var candidatesPerWord: Int

    public init(table: HomoglyphTable, contexts: HomoglyphContexts, candidatesPerWord: Int = 8) {
        self.table = table
        self.contexts = contexts
        self.candidatesPerWord = candidatesPerWord
    }

    public var name: String { "homoglyph" }

    /// Every word with one letter replaced by a look-alike of the same case and the same
    /// skeleton, in letter order. `before` and `after` are the characters around the word
    /// in its text (nil at its start or end): a first or last letter is kerned with them.
    public func variants(of word: String, before: Character? = nil, after: Character? = nil) -> [String] {
        guard let skeleton = try? Confusables.skeleton(word) else { return [] }
        var result: [String] = []
        let characters = Array(word)
        for (i, character) in characters.enumerated() {
            let left = i > 0 ? characters[i - 1] : before
            let right = i + 1 < characters.count ? characters[i + 1] : after
            // HarfBuzz, as browsers, splits a line into runs by script, and the spaces and
            // punctuation after a letter join that letter's run: a look-alike followed by
            // one would end the kerning between them and the next letter ("Finе Arts"
            // moves by 1.2 px in Liberation Sans, which kerns " A"; "peoplе's" too).
            if i == characters.count - 1 ? after != nil : !characters[i + 1].isLetter { continue }
            for lookalike in table.lookalikes[character] ?? [] where lookalike != character {
                guard contexts.allows(character, lookalike, before: left, after: right) else { continue }
                let variant = GraphemeEdits.replacing(word, at: i, with: lookalike)
                if (try? Confusables.skeleton(variant)) == skeleton, !result.contains(variant) {
                    result.append(variant)
                }
            }
        }
        return result
    }

    public func mayChange(_ word: String) -> Bool {
        word.contains { table.lookalikes[$0] != nil }
    }

    public func candidates(
        for state: PerturbedInput, at position: WordPosition,
        using rng: inout some RandomNumberGenerator
    ) -> [Modification] {
        let word = state.word(at: position)
        let token = state.original.word(at: position).text
        let text = token.base
        let before = token.startIndex > text.startIndex ? text[text.index(before: token.startIndex)] : nil
        let after = token.endIndex < text.endIndex ? text[token.endIndex] : nil
        return variants(of: word, before: before, after: after).sample(upTo: candidatesPerWord, using: &rng).map {
            Modification(position: position, original: word, replacement: $0, transformation: name)
        }
    }
}

extension Homoglyph {
    /// `type: homoglyph` in a recipe's `transformation`.
    static let recipePart = RecipePart<any Transformation>(
        type: "homoglyph",
        summary:
            "Replaces one Latin letter of the word with a look-alike of the same case from a table of pairs that render alike, keeping the word's confusable skeleton (UTS #39).",
        options: [
            RecipeOption(
                "table", "the pairs, beside the recipe or in Corpora/ (the team's rendering-checked table)",
                default: "lexicons/homoglyphs.tsv"),
            RecipeOption(
                "contexts", "where the pairs do not render alike (kerning, ligatures), from scripts/homoglyphs.sh",
                default: "lexicons/homoglyph-contexts.tsv"),
            RecipeOption("candidates_per_word", "candidates drawn per word", default: "8"),
        ]
    ) { map, context throws(AdvGlueError) in
        let tableNode = map.optional("table")
        let table = try HomoglyphTable.load(
            try context.dataFile(try tableNode?.string() ?? "lexicons/homoglyphs.tsv", node: tableNode ?? map.owner))
        let contextsNode = map.optional("contexts")
        let contextsFile = try context.dataFile(
            try contextsNode?.string() ?? "lexicons/homoglyph-contexts.tsv", node: contextsNode ?? map.owner)
        let contexts = try HomoglyphContexts.load(contextsFile)
        if let pair = contexts.unchecked(in: table).first {
            throw AdvGlueError(
                .badConfig,
                "the pair '\(pair.latin)' → '\(pair.lookalike)' of the table was never checked beside its neighbours",
                hint: "regenerate the contexts with scripts/homoglyphs.sh", at: .file(contextsFile.path))
        }
        return Homoglyph(
            table: table, contexts: contexts,
            candidatesPerWord: try context.positive(map.optional("candidates_per_word"), default: 8))
    }
}
