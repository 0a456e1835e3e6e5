import AdvGlueCorpora
import AdvGlueWordNet

/// One meaning-preserving rewrite from the catalogue (`Corpora/templates/paraphrase.yaml`):
/// a whole-sentence pattern ("{A} because {B}" → "because {B} , {A}") or a phrase replaced
/// wherever its context allows ("do n't" → "do not").
///
/// A template applies only where its conditions hold, and a sentence template only where
/// its pattern matches one way: an ambiguous sentence is left alone rather than guessed at.
///
/// ```swift
/// let field = FieldTokens("The film fails because it is dull.")!
/// template.apply(to: field, classes: catalogue.classes, maps: catalogue.maps)
/// // [["Because", "it", "is", "dull", ",", "the", "film", "fails", "."]]
/// ```
/// Complexity: a sentence template costs one pattern match (see ``TokenPattern``); a phrase
/// template O(n) per occurrence.
struct ParaphraseTemplate: Sendable {
    enum Form: Sendable {
        /// The pattern covers the whole sentence but its closing punctuation.
        case sentence(pattern: TokenPattern, question: Bool)
        /// The pattern (words and choices, no open slot) is rewritten wherever it occurs
        /// and its context allows.
        case phrase(pattern: TokenPattern, context: PhraseContext)
    }

    enum RewriteElement: Hashable, Sendable {
        case literal(String)
        case slot(String)
        /// A one-word slot looked up in a map (a participle to its past tense).
        case mapped(slot: String, map: String)
    }

    /// Conditions on a slot's words. Each list holds class names or words.
    struct SlotRule: Sendable {
        var maxWords: Int?
        var first: [String] = []
        var notFirst: [String] = []
        var notLast: [String] = []
        /// Endings the last word must not have ("ed": a participle, "Where is X located").
        var notLastSuffix: [String] = []
        /// The slot holds a clause: a word of the `verbs` class, or a subject pronoun followed
        /// by a word ending in "s" or "ed" ("it never finds", "they drifted"). "my whole first
        /// year" is no clause.
        var clause = false
        var forbid: [String] = []
        var needs: [String] = []
        /// The slot does not end in a participle that modifies a noun ("a house built"): a
        /// final word of `participles` must follow an auxiliary ("was made"). A regular "-ed"
        /// word is let through, being a past tense as often ("de Gaulle died").
        var noTrailingParticiple = false
        /// The last word does not look plural (an "s" ending that is not "ss", "us" or "is":
        /// "a virus" yes, "dogs" no), for a rewrite that needs "is".
        var singular = false
        /// A proper name: every word capitalised and the first no common word of the English
        /// word list ("Steve Jobs", not "Researchers" capitalised for starting a sentence).
        var proper = false
    }

    /// Conditions on the words around a phrase.
    struct PhraseContext: Sendable {
        var before: [String] = []
        var notBefore: [String] = []
        var notAfter: [String] = []
        /// If not empty, the phrase must end the text or be followed by one of these.
        var followedBy: [String] = []
        /// Phrases (or classes of them) left as they are: fixed binomials ("sick and tired").
        var keep: [String] = []
        /// Only where the phrase occurs once in the field: a contraction expanded in one of
        /// two repeats ("that is a that's a") makes the text inconsistent.
        var unique = false
        /// A word (not punctuation, not the end) must follow.
        var wordAfter = false
        /// Not as the sentence's first words ("Don't you...?" is a question's inversion).
        var notAtStart = false
        /// A number in digits must follow ("about 300"), not a year ("a book about 1999").
        var numberAfter = false
        /// Endings the word after must not have ("she's lived": "'s" is "has" before "-ed").
        var notAfterSuffix: [String] = []
        /// Endings the word before must not have ("darkly funny and moving": an adverb would
        /// move onto the other adjective).
        var notBeforeSuffix: [String] = []
        /// A list's comma: an earlier comma in the sentence, and one to three words since it
        /// with no verb or relative word (so not the comma closing "who was tired, and").
        var listComma = false
        /// A plural noun must follow (a word of four letters or more ending in one "s").
        var pluralAfter = false
        /// The phrase must start a clause: the sentence's start, after a mark, or after a
        /// word of the `clause-openers` class ("there is" existential, not "missing there is").
        var atClauseStart = false
    }

    var id: String
    var family: String
    var tasks: Set<GlueTask>
    var form: Form
    var rewrite: [RewriteElement]
    /// Classes or words that must not appear anywhere in the sentence.
    var unless: [String] = []
    var slots: [String: SlotRule] = [:]
    var source: String
    var note: String
    /// Inputs with a rewrite the template must produce, and inputs it must leave alone.
    var examples: [(input: String, output: String)]
    var nonExamples: [String]

    /// Every rewrite of `field` this template makes: at most one for a sentence template,
    /// one per allowed occurrence for a phrase template.
    func apply(to field: FieldTokens, classes: WordClasses, maps: [String: [String: String]]) -> [[String]] {
        let lowered = field.tokens.map { $0.lowercased() }
        if unless.contains(where: { word in lowered.contains { classes.contains($0, in: word) } }) { return [] }
        switch form {
        case .sentence(let pattern, let question):
            var results: [[String]] = []
            for range in Self.sentences(field) {
                let sentence = Array(field.tokens[range])
                let terminal = sentence.last.flatMap { [".", "!", "?"].contains($0) ? $0 : nil }
                guard (terminal == "?") == question else { continue }
                let body = Array(terminal == nil ? sentence[...] : sentence.dropLast())
                let found = pattern.matches(body)
                guard found.count == 1, let bindings = found.first, slotsAllow(bindings, body, classes),
                    var output = fill(
                        bindings, body, pattern, sentenceStart: 0, shouted: Self.shouted(body[...]), field, classes,
                        maps)
                else { continue }
                if let terminal { output.append(terminal) }
                if output != sentence {
                    results.append(
                        Array(field.tokens[..<range.lowerBound]) + output + Array(field.tokens[range.upperBound...]))
                }
            }
            return results
        case .phrase(let pattern, let context):
            let tokens = field.tokens
            let quoted = field.quoted
            var results: [[String]] = []
            let matches = tokens.indices.compactMap { start in pattern.match(tokens, at: start).map { (start, $0) } }
            if context.unique, matches.count > 1 { return [] }
            let sentenceStarts = Set(Self.sentences(field).map(\.lowerBound))
            for (start, bindings) in matches where !quoted[start] && slotsAllow(bindings, tokens, classes) {
                let end = start + pattern.elements.count
                guard !quoted[start..<end].contains(true), context.allows(lowered, start, end, classes),
                    let replacement = fill(
                        bindings, tokens, pattern, sentenceStart: sentenceStarts.contains(start) ? start : nil,
                        shouted: Self.shouted(tokens[start..<end]),
                        field, classes, maps)
                else { continue }
                let output = Array(tokens[..<start]) + replacement + Array(tokens[end...])
                if output != tokens { results.append(output) }
            }
            return results
        }
    }

    /// The sentences of `field`, as token ranges: a sentence ends at ".", "!" or "?" before a
    /// capitalised word or a number, unless the full stop closes an abbreviation ("Mr.", "U.S."). A
    /// lower-case text (SST-2) is one sentence: without capitals its boundaries are guesses.
    static func sentences(_ field: FieldTokens) -> [Range<Int>] {
        let tokens = field.tokens
        guard !field.lowercase else { return [0..<tokens.count] }
        var ranges: [Range<Int>] = []
        var start = 0
        for index in tokens.indices.dropLast() where [".", "!", "?"].contains(tokens[index]) {
            let next = tokens[index + 1]
            guard
                next.first?.isUppercase == true || next.first?.isNumber == true || FieldTokens.opening.contains(next)
                    || next == "\""
            else {
                continue
            }
            if tokens[index] == ".", index > start {
                let previous = tokens[index - 1]
                if previous.contains(".") || abbreviations.contains(previous.lowercased()) { continue }
            }
            ranges.append(start..<index + 1)
            start = index + 1
        }
        ranges.append(start..<tokens.count)
        return ranges.filter { !$0.isEmpty }
    }

    static let abbreviations: Set<String> = [
        "mr", "mrs", "ms", "dr", "st", "jr", "sr", "inc", "co", "corp", "ltd", "no", "vs", "etc", "gen", "gov", "sen",
        "rep", "prof", "mt", "ft", "col", "lt", "sgt", "capt", "u.s", "u.k", "a", "b", "c", "d", "e",
    ]

    private func slotsAllow(_ bindings: [String: Range<Int>], _ tokens: [String], _ classes: WordClasses) -> Bool {
        slots.allSatisfy { name, rule in
            bindings[name].map { rule.allows(Array(tokens[$0]), classes: classes) } ?? false
        }
    }

    /// Whether the words are written in capitals ("DON'T THINK"), so a rewrite's own words
    /// must be too ("DO NOT THINK", never "DO not THINK").
    static func shouted(_ tokens: ArraySlice<String>) -> Bool {
        let letters = tokens.joined().filter(\.isLetter)
        return letters.count > 1 && letters.allSatisfy(\.isUppercase)
    }

    /// The rewrite's tokens for a match. When the match starts a sentence (at `sentenceStart`
    /// of `tokens`), the new first
    /// word is capitalised, and the old one, if it moves inside, is lower-cased only if it is
    /// known to be capitalised just for starting the sentence: a word of the `lowerable` class
    /// ("The", "It", "Although"), never a month ("March"). It keeps its capital if it reads as a name: in a slot
    /// of names, in the entity lists (`known-names`) or `capitalised-words` (months, days), no lower-case word of the English word
    /// list ("Cyprus"), followed by another capitalised word ("Steve Jobs") or capitalised
    /// inside ("McCain", "EU"). Any other capitalised word ("Critics"? "Bill"?) leaves the
    /// sentence alone.
    private func fill(
        _ bindings: [String: Range<Int>], _ tokens: [String], _ pattern: TokenPattern, sentenceStart: Int?,
        shouted: Bool,
        _ field: FieldTokens, _ classes: WordClasses, _ maps: [String: [String: String]]
    ) -> [String]? {
        var output: [String] = []
        var firstWordAt: Int?
        var firstSlot: String?
        let firstIndex = sentenceStart ?? -1
        for element in rewrite {
            switch element {
            case .literal(let word):
                output.append(shouted ? word.uppercased() : field.cased(word))
            case .slot(let name):
                guard let range = bindings[name] else { return nil }
                if range.lowerBound == firstIndex, !range.isEmpty { (firstWordAt, firstSlot) = (output.count, name) }
                output += tokens[range]
            case .mapped(let name, let map):
                guard let range = bindings[name], range.count == 1,
                    let value = maps[map]?[tokens[range.lowerBound].lowercased()]
                else { return nil }
                if range.lowerBound == firstIndex { (firstWordAt, firstSlot) = (output.count, name) }
                output.append(shouted ? value.uppercased() : field.cased(value))
            }
        }
        guard !output.isEmpty, sentenceStart != nil, !field.lowercase else { return output.isEmpty ? nil : output }
        if let at = firstWordAt, at != 0, output[at] != "I", output[at].first?.isUppercase == true,
            firstSlot.flatMap({ slots[$0]?.proper }) != true
        {
            let word = output[at]
            if classes.contains(word.lowercased(), in: "lowerable") {
                output[at] = word.lowercased()
            } else {
                let next = firstIndex + 1 < tokens.count ? tokens[firstIndex + 1] : ""
                let readsAsName =
                    classes.contains(word.lowercased(), in: "known-names")
                    || classes.contains(word.lowercased(), in: "capitalised-words") || !classes.isCommonWord(word)
                    || next.first?.isUppercase == true || word.dropFirst().contains { $0.isUppercase }
                guard readsAsName else { return nil }
            }
        }
        output[0] = output[0].prefix(1).uppercased() + output[0].dropFirst()
        return output
    }
}

extension ParaphraseTemplate.PhraseContext {
    /// Whether the words around `start..<end` of `lowered` allow the phrase's rewrite.
    func allows(_ lowered: [String], _ start: Int, _ end: Int, _ classes: WordClasses) -> Bool {
        let before = start > 0 ? lowered[start - 1] : nil
        let after = end < lowered.count ? lowered[end] : nil
        func inAny(_ word: String, _ names: [String]) -> Bool { names.contains { classes.contains(word, in: $0) } }
        if notAtStart, start == 0 || before.map(FieldTokens.isMark) == true { return false }
        if !self.before.isEmpty, !(before.map { inAny($0, self.before) } ?? false) { return false }
        if let before, inAny(before, notBefore) { return false }
        if let after, inAny(after, notAfter) { return false }
        if let after, !followedBy.isEmpty, !inAny(after, followedBy) { return false }
        if !keep.isEmpty, inAny(lowered[start..<end].joined(separator: " "), keep) { return false }
        if wordAfter, after.map(FieldTokens.isMark) ?? true { return false }
        if numberAfter,
            !(after.map {
                $0.first?.isNumber == true && $0.allSatisfy { $0.isNumber || $0 == "," || $0 == "." }
                    && !TokenPattern.isYear($0)
            } ?? false)
        {
            return false
        }
        if let after, notAfterSuffix.contains(where: { after.hasSuffix($0) && after.count > $0.count + 2 }) {
            return false
        }
        if let before, notBeforeSuffix.contains(where: { before.hasSuffix($0) && before.count > $0.count + 2 }) {
            return false
        }
        if listComma {
            guard let comma = lowered[..<start].lastIndex(of: ","),
                !lowered[..<comma].contains(where: { [".", "!", "?"].contains($0) }),
                (1...3).contains(start - comma - 1),
                !lowered[(comma + 1)..<start].contains(where: {
                    FieldTokens.isMark($0) || inAny($0, ["verbs", "wh-words", "that"])
                })
            else { return false }
        }
        if pluralAfter,
            !(after.map { $0.count > 3 && $0.hasSuffix("s") && !$0.hasSuffix("ss") && $0.allSatisfy(\.isLetter) }
                ?? false)
        {
            return false
        }
        if atClauseStart,
            !(start == 0 || before.map { FieldTokens.isMark($0) || inAny($0, ["clause-openers"]) } == true)
        {
            return false
        }
        return true
    }
}

extension ParaphraseTemplate.SlotRule {
    /// Whether `words` (a slot's match) meets this rule.
    func allows(_ words: [String], classes: WordClasses) -> Bool {
        let lowered = words.map { $0.lowercased() }
        func inAny(_ word: String, _ names: [String]) -> Bool { names.contains { classes.contains(word, in: $0) } }
        if let maxWords, words.count > maxWords { return false }
        if let first = lowered.first {
            if !self.first.isEmpty, !inAny(first, self.first) { return false }
            if inAny(first, notFirst) { return false }
        } else if !self.first.isEmpty {
            return false
        }
        if let last = lowered.last, inAny(last, notLast) || notLastSuffix.contains(where: { last.hasSuffix($0) }) {
            return false
        }
        if lowered.contains(where: { inAny($0, forbid) }) { return false }
        if !needs.isEmpty, !lowered.contains(where: { inAny($0, needs) }) { return false }
        if clause, !lowered.contains(where: { classes.contains($0, in: "verbs") }) {
            let subjects = lowered.indices.filter { classes.contains(lowered[$0], in: "subject-pronouns") }
            let verbAfter = subjects.contains { at in
                lowered[(at + 1)...].prefix(2).contains { ($0.hasSuffix("s") || $0.hasSuffix("ed")) && $0.count > 2 }
            }
            if !verbAfter { return false }
        }
        if noTrailingParticiple, let last = lowered.last,
            classes.contains(last, in: "participles"),
            !(lowered.dropLast().last.map { classes.contains($0, in: "auxiliaries") } ?? false)
        {
            return false
        }
        if singular, let last = lowered.last, last.hasSuffix("s"),
            !["ss", "us", "is"].contains(where: { last.hasSuffix($0) })
        {
            return false
        }
        if proper, !words.allSatisfy({ $0.first?.isUppercase == true }) { return false }
        if proper, let first = words.first,
            classes.isCommonWord(first) || classes.contains(first.lowercased(), in: "lowerable")
        {
            return false
        }

        return true
    }
}

/// The catalogue's named word classes ("negations", "lowerable", ...). A name that is not a
/// class stands for itself, so a rule may list classes and words together. The English word
/// list tells a proper noun ("Cyprus": no lower-case entry) from a common word.
struct WordClasses: Sendable {
    var classes: [String: Set<String>]
    var words: EnglishWords

    /// Whether `word` is a lower-case word of the list, so a capital on it may only mark a
    /// sentence's start ("Critics", but also "Bill").
    func isCommonWord(_ word: String) -> Bool { words.containsCommon(word) }

    func contains(_ word: String, in name: String) -> Bool {
        classes[name]?.contains(word) ?? (word == name.lowercased())
    }
}
