import AdvGlueAttacks
import AdvGlueCorpora
import AdvGlueResults
import AdvGlueText
import AdvGlueWordNet
import Foundation
import Testing

/// Each validity filter on the cases it exists for, with the real word list, lexicon and
/// WordNet, through `ExampleValidator` as `advglue validate` uses them.
@Suite("Validity filters", .serialized, MiniLMTestSupport.trait)
struct ValidityFilterTests {
    static func validator(_ task: GlueTask = .sst2) throws -> ExampleValidator {
        ExampleValidator(
            filters: try ValidityFilters.load(.advglue, task: task, resources: Fixtures.resources),
            wordnet: try WordNet.locate())
    }

    static func judge(_ before: String, _ after: String, task: GlueTask = .sst2) async throws -> [String] {
        let name = task.fieldNames.last!
        var original = task.fieldNames.map { TextField(name: $0, text: "a premise .") }
        var perturbed = original
        original[original.count - 1] = TextField(name: name, text: before)
        perturbed[perturbed.count - 1] = TextField(name: name, text: after)
        let verdict = try await validator(task).judge(
            original: TextInput(fields: original), perturbed: TextInput(fields: perturbed))
        return verdict.reasons.map(\.filter)
    }

    /// (original, perturbed, the filter that must refuse it, or nil for none).
    @Test(
        arguments: [
            // Typos that make a real word; a typo that does not.
            (
                "the acting is good but the story is long enough to matter here",
                "the acting is god but the story is long enough to matter here", "typos-stay-typos"
            ),
            (
                "the acting is good but the story is long enough to matter here",
                "the acting is goood but the story is long enough to matter here", nil
            ),
            (
                "it is boring and the story is long enough to matter here today",
                "it is bring and the story is long enough to matter here today", "typos-stay-typos"
            ),
            // A change of case, and a first word's capital, which is no change.
            (
                "The film is cold and the story is long enough to matter here",
                "The film is Cold and the story is long enough to matter here", "same-case"
            ),
            // A lower-cased corpus (SST-2) re-cased by another tool: case alone is no change.
            (
                "the film is cold and the story is long enough to matter here",
                "the film is Cold and the story is long enough to matter here", nil
            ),
            (
                "the film is cold and the story is long enough to matter here",
                "The film is cold and the story is long enough to matter here", nil
            ),
            // Polarity: opposite or much stronger; the same.
            (
                "the pacing is slow and the story is long enough to matter here",
                "the pacing is easy and the story is long enough to matter here", "polarity-kept"
            ),
            (
                "we saw the movie and the story is long enough to matter here",
                "we saw the film and the story is long enough to matter here", nil
            ),
            // Non-words; more than 15% of the words.
            (
                "the kids in the film are fun and the story is long enough today",
                "the childs in the film are fun and the story is long enough today", "real-words"
            ),
            ("a dull film", "a dll flm", "max-modification-rate"),
            // A synonym English does not use in the word's place ("movie" → "film" above is one it does).
            (
                "the film needed a better script and the story is long enough today",
                "the film necessitated a better script and the story is long enough today",
                "word-embedding-similarity"
            ),
            // A verb's synonym takes other objects; the head of a noun phrase stays a noun.
            (
                "a film showing us the old town , and the story is long enough today",
                "a film presenting us the old town , and the story is long enough today", "verbs-kept"
            ),
            (
                "the role of chief is hard to play , and the story is long enough to matter",
                "the role of main is hard to play , and the story is long enough to matter", "pos-in-context"
            ),
            // "a" before a vowel; a synonym that repeats a word beside it; a spaced compound.
            (
                "it is a fascinating film and the story is long enough to matter today",
                "it is a engrossing film and the story is long enough to matter today", "fits-neighbours"
            ),
            (
                "a need for lawyers and attorney 's , and the story is long enough today",
                "a need for attorneys and attorney 's , and the story is long enough today", "fits-neighbours"
            ),
            (
                "nails hard - boiled argot with accuracy , and the story is long enough today",
                "nails difficult - boiled argot with accuracy , and the story is long enough today", "protected-words"
            ),
            // A plural compound noun of WordNet's ("special effect") is an idiom.
            (
                "the special effects are the best part and the story is long enough today",
                "the particular effects are the best part and the story is long enough today", "protected-words"
            ),
            // Fourth reading: a relational adjective, a derivative, a particle, a one-syllable
            // word after "more" (a word reviews never use: `wordFamiliesSyllablesAndPossessives`).
            (
                "ever reaching the comic heights it obviously desired , and the story is long enough today",
                "ever reaching the funny heights it obviously desired , and the story is long enough today",
                "relational-adjectives-kept"
            ),
            (
                "the ending was horrible in every way , and the story is long enough to matter today",
                "the ending was horrifying in every way , and the story is long enough to matter today",
                "distinct-stems"
            ),
            (
                "the writer keeps tapping away on this screenplay , and the story is long enough today",
                "the writer keeps tapping off on this screenplay , and the story is long enough today",
                "collocations-kept"
            ),
            (
                "it is more difficult than you think , and the story is long enough to matter today",
                "it is more hard than you think , and the story is long enough to matter today", "fits-neighbours"
            ),
        ] as [(String, String, String?)])
    func sentimentCases(_ before: String, _ after: String, _ refusedBy: String?) async throws {
        let reasons = try await Self.judge(before, after)
        if let refusedBy {
            #expect(reasons.contains(refusedBy), "\(after): \(reasons)")
        } else {
            #expect(reasons.isEmpty, "\(after): \(reasons)")
        }
    }

    /// Numbers, dates, names, negations and quantifiers of a hypothesis stay as they are.
    @Test(
        arguments: [
            (
                "The treaty was signed in 1979 by the two countries after long talks .",
                "The treaty was signed in 1799 by the two countries after long talks .", "protected-words"
            ),
            (
                "It took three days to reach the village from the coast by boat .",
                "It took three years to reach the village from the coast by boat .", "protected-words"
            ),
            (
                "The new governor of the state did not attend the long meeting today .",
                "The new governor of the state did not atend the long meeting today .", nil
            ),
            (
                "The new governor of the state did not attend the long meeting today .",
                "The young governor of the state did not attend the long meeting today .", "any"
            ),
            (
                "The new governor of the state did not attend the long meeting today .",
                "The new governor of the state did attend the long meeting today .", "protected-words"
            ),
            (
                "Some of the workers went home early after the long shift ended today .",
                "All of the workers went home early after the long shift ended today .", "protected-words"
            ),
            (
                "Os Lusadas was written in the grotto by the poet many years ago .",
                "Osmium Lusadas was written in the grotto by the poet many years ago .", "protected-words"
            ),
            // Ordinals and degree words grade the claim.
            (
                "They left the town last summer after the long drought ended there .",
                "They left the town close summer after the long drought ended there .", "protected-words"
            ),
            (
                "She absolutely has the best voice of all the singers in the choir .",
                "She utterly has the best voice of all the singers in the choir .", "protected-words"
            ),
            // Fourth reading: a noun of a pair names a neighbouring concept; an adjective
            // where none fits; an adverb after a verb; focus and size words, "worth", an
            // open compound.
            (
                "The government is not involved in the protection of the citizens here .",
                "The regime is not involved in the protection of the citizens here .", "pair-nouns-kept"
            ),
            (
                "In that year Malaya produced most of the rubber in the world , beating out tin .",
                "In that year Malaya produced most of the rubber in the global , beating out tin .", "pos-in-context"
            ),
            (
                "Cloth made by the new machine was of similar quality to cloth from the loom .",
                "Cloth made by the new machine was of similar choice to cloth from the loom .", "pos-in-context"
            ),
            (
                "Eleanor had trained hard for the Olympic triathlon in the spring .",
                "Eleanor had trained difficult for the Olympic triathlon in the spring .", "pos-in-context"
            ),
            (
                "They simply don't have the money to put into that sort of thing .",
                "They only don't have the money to put into that sort of thing .", "protected-words"
            ),
            (
                "It is worth a visit , if only to see the old theater itself .",
                "It is deserving a visit , if only to see the old theater itself .", "collocations-kept"
            ),
            (
                "The licences were awarded to small businesses across the whole region .",
                "The licences were awarded to little businesses across the whole region .", "collocations-kept"
            ),
            (
                "The party took a hard line stance on the new immigration policy .",
                "The party took a difficult line stance on the new immigration policy .", "protected-words"
            ),
            // An adjective's synonym where an adjective stands passes.
            (
                "Reading texts with such labored figures is difficult for most readers .",
                "Reading texts with such labored figures is hard for most readers .", nil
            ),
        ] as [(String, String, String?)])
    func pairCases(_ before: String, _ after: String, _ refusedBy: String?) async throws {
        let reasons = try await Self.judge(before, after, task: .mnli)
        if refusedBy == "any" {
            #expect(!reasons.isEmpty, "\(after) was accepted")
        } else if let refusedBy {
            #expect(reasons.contains(refusedBy), "\(after): \(reasons)")
        } else {
            #expect(reasons.isEmpty, "\(after): \(reasons)")
        }
    }

    /// GloVe's cosines as the reading found them: words used alike pass, WordNet synonyms
    /// in the right sense but not used in the word's place, unknown words and multi-word
    /// replacements with a distant word do not; typos are not this filter's business.
    @Test func wordEmbeddingSimilarity() throws {
        let folder = Fixtures.resources.lexicons
        let vectors = try WordVectors.load(
            vectors: folder.appending(path: "glove-6b-50d.safetensors"),
            words: folder.appending(path: "glove-6b-50d-words.txt"))
        #expect(vectors.count > 60_000 && vectors.dimensions == 50)
        #expect(abs((vectors.cosine("Movie", "film") ?? 0) - 0.93) < 0.01)
        #expect(vectors.cosine("movie", "xqzvw") == nil)
        let filter = WordEmbeddingSimilarity(vectors: vectors)
        for (word, replacement) in [
            ("movie", "film"), ("perhaps", "possibly"), ("brilliant", "superb"), ("say", "tell"),
            // A possessive, words only added or only removed (advglue validate's spans), case.
            ("film's", "movie's"), ("film", "film indeed"), ("very good", "good"), ("good", ""), ("Movie", "movie"),
            // Word for word across a span.
            ("great movie", "great film"),
        ] {
            #expect(filter.keeps(original: word, replacement: replacement), "\(word) → \(replacement)")
        }
        for (word, replacement) in [
            ("get", "acquire"), ("job", "occupation"), ("needed", "necessitated"), ("lows", "moos"),
            ("past", "yesteryear"), ("plenty", "plenitude"), ("movie", "xqzvw"), ("movie", "film xqzvw"),
            ("good job", "good occupation"), ("job", "occupation training"),
        ] {
            #expect(!filter.keeps(original: word, replacement: replacement), "\(word) → \(replacement)")
        }
        let typo = Modification(
            position: WordPosition(field: 0, word: 0), original: "movie", replacement: "mvoie",
            transformation: "character-typo.swap")
        #expect(filter.keeps(typo))
    }

    @Test func partOfSpeechAndSenseInContext() throws {
        let wordnet = try WordNet.locate()
        let pos = PartOfSpeechInContext(wordnet: wordnet)
        #expect(pos.expected(in: ["the", "movie", "lacks", "both", "thrills"], at: 2) == [.verb])
        #expect(pos.expected(in: ["every", "bad", "idea"], at: 1) == [.adjective])
        #expect(pos.expected(in: ["and", "despite", "an", "overbearing", "series"], at: 1) == [])
        // The head of a noun phrase: before a verb, a preposition or the end of the clause.
        #expect(pos.expected(in: ["the", "essence", "of", "magic", "is", "its"], at: 3) == [.noun])
        #expect(pos.expected(in: ["conjures", "the", "magic", "of", "author"], at: 2) == [.noun])
        #expect(pos.expected(in: ["full", "of", "magic", "and", "wit"], at: 2, endsClause: true) == [.noun])
        #expect(pos.expected(in: ["full", "of", "magic", "moments"], at: 2) == [.noun, .adjective])
        #expect(pos.expected(in: ["by", "making", "it"], at: 1)?.contains(.verb) == true, "a gerund")
        // An adjective ending its phrase: after "that", "than", or before a comma.
        #expect(pos.expected(in: ["is", "n't", "that", "funny"], at: 3, endsClause: true) != [.noun])
        #expect(pos.expected(in: ["less", "than", "stellar"], at: 2, endsClause: true) != [.noun])
        let smart = try SegmentedText("a smart , funny look")
        #expect(!PartOfSpeechInContext.endsClause(smart, at: 1) && PartOfSpeechInContext.endsClause(smart, at: 3))
        #expect(PartOfSpeechInContext.endsClause(try SegmentedText("the magic . then"), at: 1))
        let stopwords = Set(
            WordList.parse(
                try String(contentsOf: Fixtures.resources.lexicons.appending(path: "stopwords-en.txt"), encoding: .utf8)
            ))
        let sense = SenseInContext(wordnet: wordnet, stopwords: stopwords)
        // Three shared content words pick a rarer sense ("rap" as music over the reproach);
        // one is not enough.
        let rap = sense.chosenSenses(for: "rap", as: .noun, context: ["music", "lyrics", "genre"])
        #expect(rap.contains { $0.words.contains("hip-hop") }, "\(rap.map(\.words))")
        let one = sense.chosenSenses(for: "rap", as: .noun, context: ["music"])
        #expect(one.count == 1 && !one[0].words.contains("hip-hop"), "\(one.map(\.words))")
        // Without evidence, the most frequent sense.
        let chance = sense.chosenSenses(for: "chance", as: .noun, context: [])
        #expect(chance.count == 1 && chance[0].words.contains("opportunity"), "\(chance.map(\.words))")
    }

    @Test func wordFamiliesSyllablesAndPossessives() throws {
        #expect(DistinctStems.shareStem("magical", "magic"))
        #expect(DistinctStems.shareStem("anatomical", "anatomic"))
        #expect(DistinctStems.shareStem("theater", "theatre"))
        #expect(DistinctStems.shareStem("sick", "sickly"))
        #expect(!DistinctStems.shareStem("use", "usage"))
        #expect(!DistinctStems.shareStem("movie", "film"))
        #expect(!DistinctStems.shareStem("especially", "particularly"))
        // A shared prefix is no shared stem.
        #expect(!DistinctStems.shareStem("interior", "internal"))
        #expect(!DistinctStems.shareStem("superfluous", "supernumerary"))
        #expect(FitsNeighbours.syllables("subtle") == 2 && FitsNeighbours.syllables("people") == 2)
        // "more" before a noun is no comparison: "more movies" → "more films" fits.
        let films = Modification(
            position: WordPosition(field: 0, word: 2), original: "movies", replacement: "films",
            transformation: "wordnet-synonym.noun")
        let more = PerturbedInput(
            try SegmentedInput(TextInput(fields: [TextField(name: "sentence", text: "we want more movies like it")])))
        #expect(FitsNeighbours().keeps(films, in: more.applying(films)))
        // Invisible characters are no substitution (the recipe's modifications are "invisible.*").
        #expect(ModificationKind(transformation: "invisible.zero-width-space") == .invisible)
        #expect(FitsNeighbours.syllables("hard") == 1 && FitsNeighbours.syllables("large") == 1)
        #expect(FitsNeighbours.syllables("difficult") == 3)
        let wordnet = try WordNet.locate()
        #expect(try wordnet.isRelationalAdjective("comic") && wordnet.isRelationalAdjective("epic"))
        #expect(try !wordnet.isRelationalAdjective("funny") && !wordnet.isRelationalAdjective("brilliant"))
        let pos = PartOfSpeechInContext(wordnet: wordnet)
        // A possessive marks a noun phrase: "on Barik's hard after" is a noun (a typo for "hand").
        #expect(pos.expected(in: ["on", "barik's", "hard", "after"], at: 2) == [.noun])
        #expect(pos.expected(in: ["it's", "hard", "to"], at: 1) != [.noun])
        // After a verb that takes no predicate, before a preposition: an adverb.
        #expect(pos.expected(in: ["had", "trained", "hard", "for"], at: 2) == [.adverb])
        #expect(pos.expected(in: ["was", "getting", "hard", "to"], at: 2) != [.adverb])
        // A word reviews never write: "luggage" is in no SST-2 training phrase. (`advglue
        // validate` reads "baggage" → "luggage" as a two-letter typo, so the filter is asked
        // directly, as an attack asks it.)
        let lexicon = try PolarityLexicon.load(Fixtures.resources.lexicons.appending(path: "polarity-sst2.tsv"))
        func synonym(_ original: String, _ replacement: String) -> Modification {
            Modification(
                position: WordPosition(field: 0, word: 1), original: original, replacement: replacement,
                transformation: "wordnet-synonym.noun")
        }
        #expect(!ReviewVocabulary(lexicon: lexicon).keeps(synonym("baggage", "luggage")))
        #expect(ReviewVocabulary(lexicon: lexicon).keeps(synonym("movie", "film")))
        // Rare in reviews, or much rarer than the word replaced: the held-out reading's failures.
        for (original, replacement) in [
            ("despair", "desperation"), ("teenagers", "adolescents"), ("style", "fashion"), ("hard", "difficult"),
            ("story", "narrative"), ("ideas", "thoughts"), ("notion", "impression"),
        ] {
            #expect(
                !ReviewVocabulary(lexicon: lexicon).keeps(synonym(original, replacement)),
                "\(original) → \(replacement)")
        }
        // Common words about as common as the word replaced, read valid.
        for (original, replacement) in [
            ("films", "movies"), ("particularly", "especially"), ("probably", "likely"), ("difficult", "hard"),
            ("fashion", "style"),
        ] {
            #expect(
                ReviewVocabulary(lexicon: lexicon).keeps(synonym(original, replacement)), "\(original) → \(replacement)"
            )
        }
        // A typo is no substitution: the filter does not ask it.
        let typo = Modification(
            position: WordPosition(field: 0, word: 1), original: "movie", replacement: "mvoie",
            transformation: "character-typo.swap")
        #expect(ReviewVocabulary(lexicon: lexicon).keeps(typo))
        // Capitals are no other word; a phrase is as common as its rarest word.
        #expect(!ReviewVocabulary(lexicon: lexicon).keeps(synonym("Style", "Fashion")))
        #expect(!ReviewVocabulary(lexicon: lexicon).keeps(synonym("movie", "moving picture")))
        // What `advglue validate` reads from other tools: only the words a change brings in
        // are asked ("is" → "is very" adds the common "very"), and a dropped word brings none.
        func external(_ original: String, _ replacement: String) -> Modification {
            Modification(
                position: WordPosition(field: 0, word: 1), original: original, replacement: replacement,
                transformation: "substitution.external")
        }
        #expect(ReviewVocabulary(lexicon: lexicon).keeps(external("is", "is very")))
        #expect(ReviewVocabulary(lexicon: lexicon).keeps(external("very good", "good")))
        #expect(!ReviewVocabulary(lexicon: lexicon).keeps(external("is", "is luggage")))
        #expect(lexicon.phrases("luggage") == 0 && lexicon.phrases("film") > 1000)
        // "see this coming" → "upcoming": a word used mostly as a verb is no adjective there.
        let coming = PerturbedInput(
            try SegmentedInput(TextInput(fields: [TextField(name: "sentence", text: "did not see this coming .")])))
        let upcoming = Modification(
            position: WordPosition(field: 0, word: 4), original: "coming", replacement: "upcoming",
            transformation: "wordnet-synonym.adjective")
        #expect(!pos.keeps(upcoming, in: coming.applying(upcoming)))
        // "in the world is" → "global": "is" is no noun for an adjective to modify.
        let world = PerturbedInput(
            try SegmentedInput(
                TextInput(fields: [TextField(name: "sentence", text: "the rubber in the world is cheap")])))
        let global = Modification(
            position: WordPosition(field: 0, word: 4), original: "world", replacement: "global",
            transformation: "wordnet-synonym.adjective")
        #expect(!pos.keeps(global, in: world.applying(global)))
        // Contractions take a predicate; a possessive does not.
        #expect(PartOfSpeechInContext.takesPredicate("it's") && PartOfSpeechInContext.takesPredicate("it’s"))
        #expect(PartOfSpeechInContext.takesPredicate("isn't") && PartOfSpeechInContext.takesPredicate("s"))
        #expect(!PartOfSpeechInContext.takesPredicate("barik's"))
        #expect(pos.expected(in: ["on", "barik’s", "hard", "after"], at: 2) == [.noun])
        #expect(pos.expected(in: ["it’s", "hard", "to"], at: 1) != [.noun])
        // Single-sentence tasks keep their nouns' synonyms; pairs do not.
        let film = Modification(
            position: WordPosition(field: 0, word: 1), original: "movie", replacement: "film",
            transformation: "wordnet-synonym.noun")
        let single = PerturbedInput(
            try SegmentedInput(TextInput(fields: [TextField(name: "sentence", text: "the movie")])))
        #expect(PairNounsKept().keeps(film, in: single))
        let pair = PerturbedInput(
            try SegmentedInput(
                TextInput(fields: [
                    TextField(name: "premise", text: "a movie"), TextField(name: "hypothesis", text: "the movie"),
                ])))
        var inHypothesis = film
        inHypothesis.position = WordPosition(field: 1, word: 1)
        #expect(!PairNounsKept().keeps(inHypothesis, in: pair))
    }

    /// Either word of an open compound the word list or WordNet writes hyphenated; not across
    /// a sentence's end.
    @Test func openCompoundsAreKept() throws {
        let kept = CollocationsKept(words: try EnglishWords.locate(), wordnet: try WordNet.locate())
        #expect(kept.inOpenCompound(try SegmentedText("they sell big ticket items here"), at: 2))
        #expect(kept.inOpenCompound(try SegmentedText("they sell big ticket items here"), at: 3))
        #expect(kept.inOpenCompound(try SegmentedText("a good looking man"), at: 1))
        #expect(!kept.inOpenCompound(try SegmentedText("it was good . Looking back , fine"), at: 2))
        #expect(!kept.inOpenCompound(try SegmentedText("they sell cheap items here"), at: 2))
    }

    @Test func idiomsAndNamesAreProtected() throws {
        let protected = ProtectedWords(
            words: try EnglishWords.locate(), negations: ["not"], wordnet: try WordNet.locate())
        #expect(protected.inIdiom(["if", "you", "'re", "hard", "up", "for", "humor"], at: 3))
        #expect(protected.inIdiom(["covers", "a", "lot", "of", "ground"], at: 2))
        #expect(!protected.inIdiom(["seems", "to", "bubble", "up", "from"], at: 2), "verb particles are not idioms")
        #expect(protected.isProtected("Lusadas", at: 1))
        #expect(protected.isProtected("forster", at: 3), "a name the word list spells with a capital")
        #expect(protected.isProtected("4:51", at: 0) && protected.isProtected("not", at: 2))
        #expect(!protected.isProtected("film", at: 2))
        #expect(protected.inIdiom(["the", "special", "effects", "are", "good"], at: 1), "special effect, plural")
        #expect(!protected.inIdiom(["the", "special", "day", "is", "good"], at: 1))
        #expect(protected.isProtected("last", at: 4) && protected.isProtected("absolutely", at: 1))
    }

    /// "a"/"an" before the replacement, and repeats as the text stands; what fits passes.
    @Test func fitsNeighbours() throws {
        for word in ["engrossing", "unknown", "unidentified", "onerous", "hour", "honest", "idea"] {
            #expect(FitsNeighbours.startsWithVowelSound(word), "an \(word)")
        }
        for word in ["unique", "university", "usual", "European", "one", "once", "film", "house"] {
            #expect(!FitsNeighbours.startsWithVowelSound(word), "a \(word)")
        }
        #expect(FitsNeighbours.stem("attorney's") == "attorney" && FitsNeighbours.stem("attorneys") == "attorney")
        #expect(FitsNeighbours.stem("duties") == "duty" && FitsNeighbours.stem("boxes") == "box")
        #expect(FitsNeighbours.stem("houses") == "house" && FitsNeighbours.stem("glass") == "glass")
        let filter = FitsNeighbours()
        func keeps(_ text: String, _ changes: [(Int, String)]) throws -> Bool {
            var state = PerturbedInput(try SegmentedInput(TextInput([("sentence", text)])))
            var last: Modification?
            for (word, replacement) in changes {
                let change = Modification(
                    position: WordPosition(field: 0, word: word),
                    original: state.word(at: WordPosition(field: 0, word: word)),
                    replacement: replacement, transformation: "wordnet-synonym.adjective")
                state = state.applying(change)
                last = change
            }
            return filter.keeps(last!, in: state)
        }
        #expect(try !keeps("it is a fascinating film", [(3, "engrossing")]))
        #expect(try keeps("it is an original film", [(3, "unusual")]))
        #expect(try keeps("it is an unidentified man", [(3, "unknown")]))
        #expect(try !keeps("responsibilities and duties", [(0, "duties")]))
        #expect(try keeps("duties of the people who live here and responsibilities", [(8, "obligations")]))
        // Two substitutions that build a repeat together.
        #expect(try !keeps("lawyers and solicitors", [(0, "attorneys"), (2, "attorneys")]))
    }

    /// A capitalised word that the input writes as a name elsewhere is a name: "AGENCY" in
    /// the premise makes the hypothesis's first word "Agency" one.
    @Test func aWordWrittenAsANameElsewhereIsProtected() async throws {
        let validator = try Self.validator(.mnli)
        let premise = TextField(name: "premise", text: "ENVIRONMENTAL PROTECTION AGENCY")
        func judge(_ hypothesis: String) async throws -> [String] {
            let original = TextInput(fields: [
                premise, TextField(name: "hypothesis", text: "Agency which is responsible for the environment ."),
            ])
            let perturbed = TextInput(fields: [premise, TextField(name: "hypothesis", text: hypothesis)])
            return try await validator.judge(original: original, perturbed: perturbed).reasons.map(\.filter)
        }
        #expect(try await judge("Bureau which is responsible for the environment .").contains("protected-words"))
        let protected = ProtectedWords(words: try EnglishWords.locate(), negations: [], wordnet: try WordNet.locate())
        let input = try SegmentedInput(
            TextInput(fields: [
                TextField(name: "premise", text: "the agency"), TextField(name: "hypothesis", text: "Agency"),
            ]))
        #expect(!protected.isNamed("Agency", in: input), "written in lower case elsewhere, and first: no name")
    }

    /// A typo is reverted before meanings are compared; a substitution is not.
    @Test func fieldSimilarityComparesSubstitutionsOnly() async throws {
        let check = FieldSimilarity(threshold: 0.8)
        let segmented = try SegmentedInput(TextInput([("sentence", "it 's slow -- very , very slow .")]))
        let start = PerturbedInput(segmented)
        let typo = start.applying(
            Modification(
                position: WordPosition(field: 0, word: 2), original: "slow", replacement: "slwo",
                transformation: "character-typo.swap"))
        #expect(try await check.measure(typo).value == 1)
        var swapped = start
        for word in [2, 5] {
            swapped = swapped.applying(
                Modification(
                    position: WordPosition(field: 0, word: word), original: "slow", replacement: "unhurried",
                    transformation: "wordnet-synonym.adjective"))
        }
        let measure = try await check.measure(swapped)
        #expect(measure.value < 0.8 && !measure.passes, "\(measure)")
    }
}
