import AdvGlueText
import AdvGlueWordNet

/// Words whose change can change the gold label are never attacked: numbers and anything
/// with a digit ("1979", "4:51"), number words, months and weekdays, negations ("not",
/// "never"), quantifiers ("all", "some", "most") and names ("Os Lusadas", "forster"):
/// MNLI's "days" → "years" or "new governor" → "young governor" turn an entailment into a
/// contradiction. A name is a word with a capital letter that does not start its text, or
/// one the word list spells only with a capital.
///
/// ```swift
/// protected.isProtected("1979", at: 3, in: words)   // true
/// protected.isProtected("Lusadas", at: 5, in: words) // true
/// protected.isProtected("film", at: 2, in: words)    // false
/// ```
/// Complexity: O(1) look-ups per position.
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
    ]

    public init(words: EnglishWords, negations: Set<String>, wordnet: WordNet? = nil) {
        self.words = words
        self.negations = negations
        self.wordnet = wordnet
    }

    /// Whether the word at `index` is inside a multi-word noun, adjective or adverb of
    /// WordNet's of up to four words.
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
            }
        }
        return false
    }

    public var name: String { "protected-words" }

    public func isProtected(_ word: String, at index: Int) -> Bool {
        let lower = word.lowercased()
        if word.contains(where: \.isNumber) { return true }
        if Self.numberWords.contains(lower) || Self.timeWords.contains(lower) || Self.quantifiers.contains(lower)
            || negations.contains(lower)
        {
            return true
        }
        if index > 0, word.first?.isUppercase == true { return true }
        return words.isName(lower)
    }

    public func allows(_ position: WordPosition, in state: PerturbedInput) -> Bool {
        let word = state.original.word(at: position)
        if isProtected(String(word.text), at: position.word) { return false }
        let words = state.original.fields[position.field].words.map { String($0.text).lowercased() }
        // A word after a first name is most likely a surname ("glenn close").
        if position.word > 0, self.words.isName(words[position.word - 1]),
            !Self.quantifiers.contains(words[position.word - 1])
        {
            return false
        }
        return !inIdiom(words, at: position.word)
    }
}
