import AdvGlueText
import AdvGlueWordNet

/// Words whose change can change the gold label are never attacked: numbers and anything
/// with a digit ("1979", "4:51"), number words and ordinals ("first", "last"), months and
/// weekdays, negations ("not", "never"), quantifiers ("all", "some", "most"), degree words
/// ("very", "absolutely"), focus adverbs ("simply"), light nouns ("way", "thing"), words of
/// idioms, either half of a compound the corpus spaced out ("hard - boiled") and names ("Os
/// Lusadas", "forster"):
/// MNLI's "days" → "years" or "new governor" → "young governor" turn an entailment into a
/// contradiction. A name is a word with a capital letter that does not start its text, one
/// the word list spells only with a capital, or a capitalised word that the input writes as
/// a name elsewhere.
///
/// ```swift
/// protected.isProtected("1979", at: 3, in: words)   // true
/// protected.isProtected("Lusadas", at: 5, in: words) // true
/// protected.isProtected("film", at: 2, in: words)    // false
/// ```
/// Complexity: O(1) look-ups per position, and for a capitalised word a scan of the input's
/// words.
public struct ProtectedWords: PreTransformationConstraint {
    public let words: EnglishWords
    public let negations: Set<String>
    /// For idioms: a word inside one of WordNet's multi-word lemmas ("hard up", "a lot",
    /// "at hand", "for the most part") changes the idiom, not the word.
    public let wordnet: WordNet?

    static let numberWords: Set<String> = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty",
        "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "hundreds", "thousand", "thousands", "million",
        "millions", "billion", "billions", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
        "ninth", "tenth", "once", "twice", "half", "double", "single", "dozen", "dozens", "couple",
        // Ordinal positions in words: "last summer" → "close summer", "the final rule" →
        // "the concluding rule" change which one is meant, or read as nonsense.
        "last", "final", "next", "previous", "latest", "former", "latter",
    ]
    static let timeWords: Set<String> = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
        "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
        "yesterday", "tomorrow", "day", "days", "week", "weeks", "month", "months", "year", "years", "decade",
        "decades", "century", "centuries", "hour", "hours", "minute", "minutes", "morning", "evening", "night",
        "weekend", "annual", "daily", "weekly", "monthly", "yearly",
    ]
    static let quantifiers: Set<String> = [
        "all", "every", "each", "some", "any", "many", "much", "few", "fewer", "several", "most", "more", "less",
        "least", "both", "either", "neither", "none", "no", "only", "always", "sometimes", "often", "rarely",
        "seldom", "usually", "never", "ever", "everyone", "everything", "everybody", "someone", "something", "somebody",
        "anyone", "anything", "nobody", "nothing", "majority", "minority", "entire", "whole", "numerous", "multiple",
        // Degree words grade a claim as quantifiers do, and each has its own collocations:
        // "absolutely has" → "utterly has", "really only" → "truly only".
        "very", "really", "quite", "rather", "fairly", "pretty", "somewhat", "slightly", "extremely", "highly",
        "absolutely", "totally", "completely", "utterly", "entirely", "wholly", "truly", "too", "so", "almost",
        "nearly", "barely", "hardly", "scarcely", "just", "little", "enough", "plenty", "perfectly",
        // Focus adverbs pick out what a claim is about ("simply don't" → "only don't").
        "simply", "merely", "purely", "solely", "even",
    ]
    /// Light nouns carry idioms more than meaning: "in no way", "in a good way" → "in a
    /// good manner", "a good deal", "the point".
    static let lightNouns: Set<String> = [
        "way", "ways", "thing", "things", "lot", "lots", "kind", "sort", "bit", "matter", "deal", "point",
    ]

    public init(words: EnglishWords, negations: Set<String>, wordnet: WordNet? = nil) {
        self.words = words
        self.negations = negations
        self.wordnet = wordnet
    }

    /// Whether the word at `index` is inside a multi-word noun, adjective or adverb of
    /// WordNet's of up to four words, or follows the verb of one of its multi-word verbs.
    public func inIdiom(_ words: [String], at index: Int) -> Bool {
        guard let wordnet else { return false }
        for length in 2...4 {
            for start in max(0, index - length + 1)...index where start + length <= words.count {
                let phrase = words[start..<start + length].joined(separator: " ")
                // Noun, adjective and adverb idioms only: WordNet lists thousands of verbs
                // with particles ("bubble up", "revolve around") whose verb may well change.
                if [PartOfSpeech.noun, .adjective, .adverb].contains(where: {
                    (try? wordnet.contains(phrase, as: $0)) == true
                }) {
                    return true
                }
                // The rest of a verb's idiom ("take place", "make sense"); the verb itself
                // is never replaced (verbs-kept).
                if start < index {
                    let rest = words[start + 1..<start + length].joined(separator: " ")
                    let verbs = Set([words[start]] + ((try? wordnet.lemmas(of: words[start], as: .verb)) ?? []))
                    // "be full", "be well": WordNet's idioms of "be" would protect every
                    // adjective after "is".
                    if !verbs.contains("be"),
                        verbs.contains(where: { (try? wordnet.contains($0 + " " + rest, as: .verb)) == true })
                    {
                        return true
                    }
                }
                // A plural compound noun: "special effects" is WordNet's "special effect".
                let head = words[start + length - 1]
                let stem = words[start..<start + length - 1].joined(separator: " ")
                for lemma in (try? wordnet.lemmas(of: head, as: .noun)) ?? [] where lemma != head {
                    if (try? wordnet.contains(stem + " " + lemma, as: .noun)) == true { return true }
                }
            }
        }
        return false
    }

    public var name: String { "protected-words" }

    /// Whether only " - " separates the word at `index` from the one before it.
    static func spacedHyphen(_ text: SegmentedText, before index: Int) -> Bool {
        guard index > 0, index < text.words.count else { return false }
        return text.text[text.words[index - 1].range.upperBound..<text.words[index].range.lowerBound] == " - "
    }

    public func isProtected(_ word: String, at index: Int) -> Bool {
        let lower = word.lowercased()
        if word.contains(where: \.isNumber) { return true }
        if Self.numberWords.contains(lower) || Self.timeWords.contains(lower) || Self.quantifiers.contains(lower)
            || Self.lightNouns.contains(lower) || negations.contains(lower)
        {
            return true
        }
        if index > 0, word.first?.isUppercase == true { return true }
        return words.isName(lower)
    }

    /// Whether `word` is written as a name elsewhere in `input`: capitalised after the
    /// start of its text, or in capitals ("AGENCY" in a premise makes the hypothesis's
    /// first word "Agency" a name).
    public func isNamed(_ word: String, in input: SegmentedInput) -> Bool {
        let key = word.lowercased()
        return input.fields.contains { field in
            field.words.contains { other in
                guard other.text.lowercased() == key else { return false }
                let letters = other.text.filter(\.isLetter)
                return (other.index > 0 && other.text.first?.isUppercase == true)
                    || (letters.count > 1 && letters.allSatisfy(\.isUppercase))
            }
        }
    }

    public func allows(_ position: WordPosition, in state: PerturbedInput) -> Bool {
        let word = state.original.word(at: position)
        if isProtected(String(word.text), at: position.word) { return false }
        if word.text.first?.isUppercase == true, isNamed(String(word.text), in: state.original) { return false }
        let field = state.original.fields[position.field]
        // Half of a compound that the corpus spaced out ("hard - boiled" in SST-2).
        if Self.spacedHyphen(field, before: position.word) || Self.spacedHyphen(field, before: position.word + 1) {
            return false
        }
        let words = field.words.map { String($0.text).lowercased() }
        // A word after a first name is most likely a surname ("glenn close").
        if position.word > 0, self.words.isName(words[position.word - 1]),
            !Self.quantifiers.contains(words[position.word - 1])
        {
            return false
        }
        return !inIdiom(words, at: position.word)
    }
}
