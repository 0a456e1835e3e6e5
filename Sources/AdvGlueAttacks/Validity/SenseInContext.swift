import AdvGlueResults
import AdvGlueSupport
import AdvGlueText
import AdvGlueWordNet
import Synchronization

/// A WordNet synonym must come from the sense the original word has in its context, not
/// from any of its senses: "desperate" → "heroic" and "stand a chance" → "stand a fortune"
/// take a rare sense. The sense is chosen by the simplified Lesk algorithm (Kilgarriff and
/// Rosenzweig 2000): the senses of the word's lemmas whose gloss, examples and synonyms
/// share the most content words with the ten words around it, if at least three; otherwise
/// the most frequent sense (WordNet lists it first). One or two shared words are as often
/// chance as evidence: "the structure the film takes" shares "film" with the sense of
/// "take" as filming. A chosen sense must also be the replacement's own most frequent sense,
/// attested in the SemCor corpus (WordNet's tagged senses), so that a reader takes the
/// replacement in the sense the original had: "film" → "flick" (mostly a stroke), "talent"
/// → "endowment" (mostly a donation) and rare lemmas such as "acme" are refused.
///
/// ```swift
/// // "we stand a chance": sense 1 of "chance" (a possibility) has "opportunity",
/// // not "fortune" (sense 2 of "chance", luck) — so "fortune" is refused.
/// ```
/// Complexity: O(s · g) per substituted word for s senses of g gloss words, after the
/// glosses are cached.
public struct SenseInContext: ContextualModificationConstraint {
    public let wordnet: WordNet
    /// Words that carry no sense (articles, pronouns, auxiliaries).
    public let stopwords: Set<String>
    /// Words of the text on each side of the word that count as its context.
    public var window: Int
    private let signatures = SignatureMemo()
    private let choices = ChoiceMemo()

    public init(wordnet: WordNet, stopwords: Set<String>, window: Int = 10) {
        self.wordnet = wordnet
        self.stopwords = stopwords
        self.window = window
    }

    public var name: String { "sense-in-context" }

    /// Content words a sense must share with the context to be chosen over the most frequent.
    public static let minimumOverlap = 3

    /// The content words of `text`, lower-cased, with their WordNet base forms.
    func contentWords(_ words: some Sequence<String>) -> Set<String> {
        var result: Set<String> = []
        for word in words {
            let lower = word.lowercased()
            guard lower.count > 2, lower.allSatisfy({ $0.isLetter || $0 == "-" }), !stopwords.contains(lower) else {
                continue
            }
            result.insert(lower)
            for pos in PartOfSpeech.allCases {
                for lemma in (try? wordnet.lemmas(of: lower, as: pos)) ?? [] { result.insert(lemma) }
            }
        }
        return result
    }

    /// The senses chosen for `word` as `pos` in `context`.
    public func chosenSenses(for word: String, as pos: PartOfSpeech, context: Set<String>) -> [WordNet.Sense] {
        var senses: [WordNet.Sense] = []
        for lemma in (try? wordnet.lemmas(of: word, as: pos)) ?? [] {
            senses += (try? wordnet.senses(of: lemma, as: pos)) ?? []
        }
        guard let first = senses.first else { return [] }
        let own = Set(((try? wordnet.lemmas(of: word, as: pos)) ?? []).map { $0.lowercased() })
        var best: [WordNet.Sense] = []
        var bestOverlap = 0
        for sense in senses {
            let signature = signature(of: sense).subtracting(own)
            let overlap = signature.intersection(context).count
            if overlap > bestOverlap {
                best = [sense]
                bestOverlap = overlap
            } else if overlap == bestOverlap, overlap > 0 {
                best.append(sense)
            }
        }
        // A shared word or two is as often chance as evidence ("killers" in a review and
        // the gloss of "execution" as a death penalty): a rarer sense needs three.
        if bestOverlap < Self.minimumOverlap { best = [first] }
        return best
    }

    private func signature(of sense: WordNet.Sense) -> Set<String> {
        let key = sense.gloss + "|" + sense.words.joined(separator: " ")
        if let known = signatures.cache.withLock({ $0.value(for: key) }) { return known }
        let glossWords = sense.gloss.split(whereSeparator: { !$0.isLetter && $0 != "-" }).map(String.init)
        let found = contentWords(glossWords + sense.words.flatMap { $0.split(separator: " ").map(String.init) })
        signatures.cache.withLock { $0.insert(found, for: key) }
        return found
    }

    public func keeps(_ modification: Modification, in input: PerturbedInput) -> Bool {
        guard modification.transformation.hasPrefix("wordnet-synonym."),
            let pos = PartOfSpeech(rawValue: String(modification.transformation.dropFirst("wordnet-synonym.".count)))
        else { return true }
        let chosenOffsets = chosen(for: modification, as: pos, in: input)
        // The chosen sense must be the replacement's own most frequent sense, attested in
        // SemCor: a reader takes the replacement in that sense, as the original.
        let lemmas = ((try? wordnet.lemmas(of: modification.replacement, as: pos)) ?? []).map { $0.lowercased() }
        return lemmas.contains { lemma in
            guard let first = (try? wordnet.senseOffsets(of: lemma, as: pos))?.first else { return false }
            return chosenOffsets.contains(first)
                && ((try? wordnet.attestedSenses(of: lemma, as: pos)) ?? []).contains(first)
        }
    }

    /// The offsets of the senses chosen for the modified word in its text, computed once
    /// per word, place and part of speech: a search asks about the same word for each of
    /// its candidates.
    private func chosen(for modification: Modification, as pos: PartOfSpeech, in input: PerturbedInput) -> Set<Int> {
        let field = input.original.fields[modification.position.field]
        let index = modification.position.word
        let key = "\(pos.rawValue)\u{0}\(index)\u{0}\(modification.span)\u{0}\(modification.original)\u{0}\(field.text)"
        if let known = choices.cache.withLock({ $0.value(for: key) }) { return known }
        let words = field.words
        func context(_ size: Int) -> Set<String> {
            contentWords(
                words[max(0, index - size)..<min(words.count, index + modification.span + size)]
                    .filter { $0.index < index || $0.index >= index + modification.span }
                    .map { String($0.text) })
        }
        let offsets = Set(
            chosenSenses(for: modification.original, as: pos, context: context(window)).map(\.offset))
        choices.cache.withLock { $0.insert(offsets, for: key) }
        return offsets
    }
}

private final class SignatureMemo: Sendable {
    let cache = Mutex(BoundedMemo<String, Set<String>>(limit: 8192))
}

private final class ChoiceMemo: Sendable {
    let cache = Mutex(BoundedMemo<String, Set<Int>>(limit: 4096))
}
