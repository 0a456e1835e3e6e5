import AdvGlueResults
import AdvGlueText
import AdvGlueWordNet

/// A WordNet synonym must have the part of speech its word has in the sentence, not only
/// one of the word's parts of speech: in "the movie lacks both thrills", "lacks" is a verb,
/// so the noun "deficiencies" is refused. No tagger is available offline, so a few rules
/// that rarely err decide, and where none applies the candidate passes:
///
/// - after a determiner or possessive ("the", "a", "their"): a noun or adjective, and an
///   adjective if a noun follows ("every bad idea");
/// - after an article, a possessive or a preposition, and before a verb, a preposition or
///   the end of the sentence: a noun, the head of its phrase ("the essence of magic is",
///   "conjures the magic of"), so the adjective "magical" is refused;
/// - after a modal or auxiliary ("can", "will", "did", "n't", "to"): a verb, if it can be
///   one (after "to", only a verb's base form);
/// - before a determiner or an object pronoun ("lacks both", "takes them"): a verb, if it
///   can be one, else a preposition ("despite an"), which is not substituted;
/// - ending in "-ly" and known as an adverb: an adverb (and its synonym must end so too);
/// - after a verb's "-ed" or "-ing" form that is no linking verb, and before a preposition
///   or the end of the clause: an adverb, if it can be one ("had trained hard for"), so
///   the adjective "difficult" is refused;
/// - after a preposition: a noun or adjective (or a gerund);
/// - after a word WordNet knows only as an adjective: a noun or adjective;
/// - after a word known only as a noun, ending in "-s" or "-ed" and able to be a verb: a verb.
///
/// A word used mostly as a noun or verb (by SemCor) is replaced by an adjective only before
/// a noun or after a word that takes a predicate ("in the world ," is not "global"). A
/// possessive ("Barik's") counts as a determiner.
///
/// A noun is not replaced by a gerund ("execution" → "executing"), a base form by an
/// inflected one ("old" → "older"), nor an irregular form at all ("better" → "best"). Where
/// no rule applies,
/// the synonym's part of speech must be the one both words are most often used in (by
/// SemCor's tagged senses): "effects" → "effectuates" and the verb "fly" → "wing" are
/// refused.
///
/// ```swift
/// filter.expected(in: ["the", "movie", "lacks", "both", "thrills"], at: 2)  // [.verb]
/// ```
/// Complexity: O(1) look-ups per substituted word.
public struct PartOfSpeechInContext: ContextualModificationConstraint {
    public let wordnet: WordNet

    static let determiners: Set<String> = [
        "a", "an", "the", "this", "that", "these", "those", "my", "your", "his", "her", "its", "our", "their", "some",
        "any", "no", "every", "each", "another", "such", "both", "either", "neither",
    ]
    static let auxiliaries: Set<String> = [
        "can", "could", "will", "would", "shall", "should", "may", "might", "must", "do", "does", "did", "n't", "not",
        "'ll", "'d", "to",
    ]
    static let objects: Set<String> = [
        "the", "a", "an", "both", "his", "their", "its", "my", "your", "our", "them", "him", "me", "us",
    ]

    static let prepositions: Set<String> = [
        "at", "in", "on", "of", "for", "from", "with", "by", "about", "into", "onto", "over", "under", "between",
        "through", "without", "within", "during", "after", "before", "against", "among", "around", "behind", "beyond",
        "despite", "toward", "towards", "upon", "like", "than",
    ]

    public init(wordnet: WordNet) {
        self.wordnet = wordnet
    }

    public var name: String { "pos-in-context" }

    private func can(_ word: String, be pos: PartOfSpeech) -> Bool {
        !((try? wordnet.lemmas(of: word, as: pos)) ?? []).isEmpty
    }

    /// Whether WordNet knows `word` as `pos` and as nothing else.
    private func only(_ word: String, _ pos: PartOfSpeech) -> Bool {
        PartOfSpeech.allCases.allSatisfy { can(word, be: $0) == ($0 == pos) }
    }

    /// Forms of verbs that take an adjective as their complement ("seemed hard", "getting
    /// old"), after which a word is not taken for an adverb.
    static let linkingVerbs: Set<String> = [
        "seemed", "seeming", "looked", "looking", "felt", "feeling", "sounded", "sounding", "appeared", "appearing",
        "remained", "remaining", "stayed", "staying", "proved", "proving", "grew", "growing", "turned", "turning",
        "became", "becoming", "got", "getting", "kept", "keeping", "went", "going", "fell", "falling", "tasted",
        "tasting", "smelled", "smelling", "rendered", "rendering", "considered", "deemed",
    ]

    /// Words after which a word that follows a determiner or preposition ends its phrase:
    /// verbs that start a predicate, prepositions, relative words.
    static let phraseEnders: Set<String> = prepositions.union([
        "is", "are", "was", "were", "be", "been", "has", "have", "had", "can", "could", "will", "would", "shall",
        "should", "may", "might", "must", "does", "did", "that", "which", "who", "whom", "whose", "'s",
    ])

    /// Words after which a phrase-final word is a noun: articles, possessives and the
    /// prepositions that take a noun phrase ("is n't that funny", "no different", "less than
    /// stellar" end in adjectives).
    static let headMarkers: Set<String> = prepositions.subtracting(["than", "like"]).union([
        "a", "an", "the", "my", "your", "his", "its", "our", "their",
    ])

    /// The parts of speech the word at `index` may have among `words`; nil when no rule
    /// applies. `endsClause` says that a sentence's punctuation or the end of the text
    /// follows the word (not a comma: "a smart , funny look").
    public func expected(in words: [String], at index: Int, endsClause: Bool = false) -> Set<PartOfSpeech>? {
        let word = words[index].lowercased()
        // A possessive ("Barik's") marks a noun phrase as "his" does.
        let previous = index > 0 ? Self.possessiveAsDeterminer(words[index - 1].lowercased()) : nil
        let next = index + 1 < words.count && !endsClause ? words[index + 1].lowercased() : nil
        if word.hasSuffix("ly"), can(word, be: .adverb) { return [.adverb] }
        if let previous, Self.headMarkers.contains(previous),
            !(Self.prepositions.contains(previous) && word.hasSuffix("ing")),
            next.map(Self.phraseEnders.contains) ?? true
        {
            // The head of a noun phrase: "the essence of magic is", "the magic of".
            return [.noun]
        }
        if let previous, Self.determiners.contains(previous) {
            // Between a determiner and a noun: an adjective ("every bad idea").
            if let next, only(next, .noun) { return [.adjective] }
            return [.noun, .adjective]
        }
        if let previous, previous.hasSuffix("ed") || previous.hasSuffix("ing"), can(previous, be: .verb),
            !Self.linkingVerbs.contains(previous), can(word, be: .adverb), next.map(Self.prepositions.contains) ?? true
        {
            // After a verb that is no linking verb, before a preposition or the end of the
            // clause, a word that can be an adverb is one: "had trained hard for",
            // "was running fast", so the adjective "difficult" is refused.
            return [.adverb]
        }
        if let previous, Self.prepositions.contains(previous) {
            // A gerund follows a preposition as a verb ("by making").
            return word.hasSuffix("ing") ? [.noun, .adjective, .verb] : [.noun, .adjective]
        }
        if let previous, only(previous, .adjective) { return [.noun, .adjective] }
        if let previous, only(previous, .noun), word.hasSuffix("s") || word.hasSuffix("ed"), can(word, be: .verb) {
            // "the movie makes for", "the film lacks": a noun's verb.
            return [.verb]
        }
        if let previous, Self.auxiliaries.contains(previous), can(word, be: .verb) {
            // "to" also precedes nouns ("to school"); a verb's base form after it is taken
            // for a verb, which at worst refuses a noun synonym that would have been fine.
            if previous == "to", !((try? wordnet.lemmas(of: word, as: .verb)) ?? []).contains(word) { return nil }
            return [.verb]
        }
        if let next, Self.objects.contains(next) {
            // Before a determiner or an object: a verb ("lacks both"), or, for a word that
            // cannot be one, a preposition ("despite an"), which no synonym replaces.
            return can(word, be: .verb) ? [.verb] : []
        }
        return nil
    }

    /// Contractions that end like a possessive ("it's" is "it is").
    static let contractions: Set<String> = [
        "it's", "that's", "he's", "she's", "there's", "here's", "what's", "who's", "where's", "let's", "how's",
    ]

    /// "his" for a possessive word ("barik's"), else the word. A noun before "'s" meaning
    /// "is" ("the movie's hard") is read as a possessive too: the cost is a refused synonym.
    static func possessiveAsDeterminer(_ word: String) -> String {
        let plain = word.replacingOccurrences(of: "’", with: "'")
        return plain.count > 2 && plain.hasSuffix("'s") && !contractions.contains(plain) ? "his" : word
    }

    /// Whether `word` (lower-cased) takes a predicate: a linking verb, a form of "be" also
    /// as a contraction ("it's", "they're", "isn't", or the "s" ICU leaves of SST-2's "it
    /// 's"), or a degree word ("too hard").
    public static func takesPredicate(_ word: String) -> Bool {
        let plain = word.replacingOccurrences(of: "’", with: "'")
        if predicateMarkers.contains(plain) { return true }
        return ["'s", "'re", "'m", "n't"].contains(where: plain.hasSuffix) && possessiveAsDeterminer(plain) == plain
    }

    /// Function words that WordNet also lists as nouns ("a", "in", "be", "it"): no noun for
    /// an adjective to modify.
    static let notNouns: Set<String> = determiners.union(prepositions).union(phraseEnders).union([
        "and", "or", "but", "nor", "to", "it", "as", "not", "i", "you", "he", "she", "we", "they", "there",
    ])

    /// Words after which an adjective is a predicate ("is hard", "seemed hard", "too hard").
    static let predicateMarkers: Set<String> = linkingVerbs.union([
        "is", "are", "was", "were", "be", "been", "being", "am", "s", "re", "m", "seem", "seems", "look", "looks",
        "feel", "feels", "become", "becomes", "get", "gets", "remain", "remains", "stay", "stays", "prove", "proves",
        "too", "very", "so", "more", "most", "less", "least", "quite", "rather", "really", "pretty", "fairly",
        "extremely", "as", "how", "not", "n't",
    ])

    /// Whether the word at `index` may be read as an adjective where it stands: before a
    /// word used mostly as a noun, with nothing but a space between ("world demand"), or
    /// after a verb or word that takes a predicate ("is hard", "it's hard"). Asked only of
    /// words used mostly as another part of speech: "in the world ," is no adjective, so not
    /// "global"; "see this coming ." not "upcoming"; "of similar quality to" not "choice".
    func adjectiveFits(in field: SegmentedText, at index: Int) -> Bool {
        let words = field.words
        if index + 1 < words.count {
            let between = field.text[words[index].range.upperBound..<words[index + 1].range.lowerBound]
            let next = String(words[index + 1].text).lowercased()
            if between.allSatisfy(\.isWhitespace), !Self.notNouns.contains(next), can(next, be: .noun),
                dominant(next).contains(.noun)
            {
                return true
            }
        }
        return index > 0 && Self.takesPredicate(String(words[index - 1].text).lowercased())
    }

    public func keeps(_ modification: Modification, in input: PerturbedInput) -> Bool {
        guard modification.transformation.hasPrefix("wordnet-synonym."),
            let pos = PartOfSpeech(rawValue: String(modification.transformation.dropFirst("wordnet-synonym.".count)))
        else { return true }
        let original = modification.original.lowercased()
        let replacement = modification.replacement.lowercased()
        // A form the synonym's part of speech allows but the sentence does not: an adverb
        // in "-ly" for one without ("easily" → "easy"), a gerund for a noun ("execution"
        // → "executing").
        if pos == .adverb, original.hasSuffix("ly"), !replacement.hasSuffix("ly") { return false }
        if pos == .noun, replacement.hasSuffix("ing"), !original.hasSuffix("ing") { return false }
        // The same form: not a base form for an inflected one ("old" → "older"), nor an
        // irregular form, whose kind WordNet does not say ("better" → "best").
        if inflected(original, as: pos) != inflected(replacement, as: pos) { return false }
        if irregular(original, as: pos) || irregular(replacement, as: pos) { return false }
        let field = input.original.fields[modification.position.field]
        let words = field.words.map { String($0.text) }
        let index = modification.position.word
        // A word used mostly as a noun or verb is an adjective only where one fits.
        if pos == .adjective, !dominant(original).contains(.adjective), !adjectiveFits(in: field, at: index) {
            return false
        }
        if let expected = expected(in: words, at: index, endsClause: Self.endsClause(field, at: index)) {
            return expected.contains(pos)
        }
        // No rule applies: the part of speech must be the one both words are most often
        // used in ("effects" is mostly a noun, so not "effectuates"; "wing" is mostly a
        // noun, so it does not replace the verb "fly").
        return dominant(original).contains(pos) && dominant(replacement).contains(pos)
    }

    /// Whether the word at `index` is the last of `text` or a sentence's punctuation follows it.
    public static func endsClause(_ text: SegmentedText, at index: Int) -> Bool {
        let end = text.words[index].range.upperBound
        let next = index + 1 < text.words.count ? text.words[index + 1].range.lowerBound : text.text.endIndex
        return index + 1 == text.words.count || text.text[end..<next].contains { ".;:!?".contains($0) }
    }

    /// Whether WordNet reads `word` as an inflected form of another lemma of `pos`.
    func inflected(_ word: String, as pos: PartOfSpeech) -> Bool {
        ((try? wordnet.lemmas(of: word, as: pos)) ?? []).contains { $0.lowercased() != word.lowercased() }
    }

    /// Whether `word` is in WordNet's exception list for `pos` ("better", "went", "children").
    func irregular(_ word: String, as pos: PartOfSpeech) -> Bool {
        (try? wordnet.isIrregularForm(word, as: pos)) ?? false
    }

    /// The parts of speech in which SemCor attests `word` most (by the number of its
    /// lemmas' tagged senses); all four when it attests none.
    func dominant(_ word: String) -> Set<PartOfSpeech> {
        var counts: [PartOfSpeech: Int] = [:]
        for pos in PartOfSpeech.allCases {
            counts[pos] =
                ((try? wordnet.lemmas(of: word, as: pos)) ?? []).map {
                    ((try? wordnet.attestedSenses(of: $0, as: pos)) ?? []).count
                }.max() ?? 0
        }
        let most = counts.values.max() ?? 0
        guard most > 0 else { return Set(PartOfSpeech.allCases) }
        return Set(counts.filter { $0.value == most }.keys)
    }
}
