import AdvGlueCorpora

/// CheckList-style entity swaps: a person's first name, a city or a country replaced by
/// another from the same list the team wrote (a female English name by another,
/// a city by a city), everywhere it occurs in every field at once, so that a premise and its
/// hypothesis keep talking about the same one and the label cannot change.
///
/// In a pair, an entity is swapped only if both texts name it: one the other text does not
/// name may still be meant there by another name ("the French president" for a swapped
/// "President of France"), and no place is swapped where a demonym ("French") occurs.
///
/// Nothing is swapped in a lower-case text (SST-2), where names and titles cannot be told
/// from words ("alice through the looking glass"), nor inside a quotation.
///
/// A word is taken for an entity only where it stands alone: capitalised, with no capitalised
/// word before or after it, so never a real person's full name ("Joseph Priestley"), a
/// longer name ("Paris Hilton", "George Washington University") or a king ("Louis XIV"); a
/// place is swapped only where the input names no other proper noun, since the others
/// ("Warsaw" and "the Vistula") are tied to it by facts a swap would break. If any of its
/// occurrences fails that, lies in a field the attack may not change, or in a text the
/// templates cannot read, the entity is left alone: a swap is made everywhere or nowhere.
///
/// ```swift
/// // premise "Maria met her sister in Lisbon." / hypothesis "Maria was in Lisbon."
/// // → "Ana met her sister in Lisbon." / "Ana was in Lisbon." (and Lisbon → Oslo, ...)
/// ```
/// Complexity: O(n) per field to find entities, then O(n) per swap offered.
struct EntitySwaps: Sendable {
    struct Group: Sendable {
        var name: String
        var isPerson: Bool
        var members: [String]
    }

    var groups: [Group]
    var tasks: Set<GlueTask>
    /// Replacements offered for each entity found, drawn with the example's random stream.
    var offers: Int
    /// Classes or words whose presence anywhere rules out place swaps (demonyms).
    var placesUnless: [String]
    /// Each listed name, lower-cased, and the index of its group.
    let lookup: [String: Int]

    init(groups: [Group], tasks: Set<GlueTask>, offers: Int, placesUnless: [String] = []) {
        self.groups = groups
        self.tasks = tasks
        self.offers = offers
        self.placesUnless = placesUnless
        var lookup: [String: Int] = [:]
        for (index, group) in groups.enumerated() {
            for member in group.members { lookup[member.lowercased()] = index }
        }
        self.lookup = lookup
    }

    /// The swaps of `fields` (nil where a field cannot be read), each as the new tokens of
    /// every field it changes, named like `person:female-english`.
    func swaps(
        of fields: [FieldTokens?], raw: [String], modifiable: [Bool], classes: WordClasses,
        using rng: inout some RandomNumberGenerator
    ) -> [(name: String, fields: [Int: [String]])] {
        var found: [(entity: String, group: Int)] = []
        for field in fields.compactMap({ $0 }) {
            for token in field.tokens {
                let key = token.lowercased()
                guard let group = lookup[key], !found.contains(where: { $0.entity == key }) else { continue }
                found.append((key, group))
            }
        }
        let present = Set(fields.compactMap { $0 }.flatMap { $0.tokens.map { $0.lowercased() } })
        let placesAllowed =
            !present.contains { word in placesUnless.contains { classes.contains(word, in: $0) } }
            && namesOnlyListedEntities(fields, classes: classes)
        var result: [(name: String, fields: [Int: [String]])] = []
        for (entity, groupIndex) in found {
            let group = groups[groupIndex]
            guard group.isPerson || placesAllowed,
                let occurrences = occurrences(of: entity, in: fields, raw: raw, modifiable: modifiable, group.isPerson)
            else { continue }
            var pool = group.members.filter { !present.contains($0.lowercased()) }
            pool.shuffle(using: &rng)
            for replacement in pool.prefix(offers) {
                var changed: [Int: [String]] = [:]
                for (fieldIndex, positions) in occurrences {
                    guard let field = fields[fieldIndex] else { continue }
                    var tokens = field.tokens
                    for at in positions { tokens[at] = field.lowercase ? replacement.lowercased() : replacement }
                    changed[fieldIndex] = tokens
                }
                result.append(("\(group.isPerson ? "person" : "place"):\(group.name)", changed))
            }
        }
        return result
    }

    /// Where `entity` occurs, by field, if every occurrence reads as the entity and may change.
    private func occurrences(
        of entity: String, in fields: [FieldTokens?], raw: [String], modifiable: [Bool], _ isPerson: Bool
    ) -> [Int: [Int]]? {
        var result: [Int: [Int]] = [:]
        for (index, field) in fields.enumerated() {
            guard let field else {
                // An unreadable text that mentions the entity would keep the old name.
                if raw[index].lowercased().split(whereSeparator: { !$0.isLetter }).contains(Substring(entity)) {
                    return nil
                }
                continue
            }
            let positions = field.tokens.indices.filter { field.tokens[$0].lowercased() == entity }
            guard !positions.isEmpty else { continue }
            // A lower-case text (SST-2) hides what is a name and what a title ("alice through
            // the looking glass"), and a quotation is never rewritten.
            guard modifiable[index], !field.lowercase, !positions.contains(where: { field.quoted[$0] }) else {
                return nil
            }
            for at in positions where !field.lowercase {
                guard readsAsEntity(at, field.tokens, isPerson) else { return nil }
            }
            result[index] = positions
        }
        // A pair swaps only what both of its texts name.
        return result.isEmpty || (fields.count > 1 && result.count < fields.count) ? nil : result
    }

    /// Whether the word at `at` stands alone as the entity: capitalised, with no capitalised
    /// neighbour (a sentence's first word aside). A first name before a surname ("Joseph
    /// Priestley"), a city in a longer name ("Paris Hilton", "Lake Victoria") or a king with
    /// his number ("Louis XIV") names a particular real one, which no swap may rename.
    private func readsAsEntity(_ at: Int, _ tokens: [String], _ isPerson: Bool) -> Bool {
        func capital(_ index: Int) -> Bool {
            index >= 0 && index < tokens.count && tokens[index].first?.isUppercase == true
        }
        guard capital(at) else { return false }
        if !Self.startsSentence(at, tokens), capital(at - 1) { return false }
        return !capital(at + 1)
    }

    /// Whether `fields` name no proper noun but the entities of the lists: a place among
    /// other names ("Warsaw" beside "the Vistula", "Honolulu" beside "Kamehameha") is tied to
    /// them by facts a swap would break.
    func namesOnlyListedEntities(_ fields: [FieldTokens?], classes: WordClasses) -> Bool {
        for field in fields.compactMap({ $0 }) {
            let tokens = field.tokens
            for (at, token) in tokens.enumerated() where token.first?.isUppercase == true && token != "I" {
                if lookup[token.lowercased()] != nil { continue }
                // A sentence's first word is a name too unless it is a common word
                // ("Kamehameha conquered Honolulu" names two).
                if Self.startsSentence(at, tokens),
                    classes.contains(token.lowercased(), in: "lowerable") || classes.isCommonWord(token)
                {
                    continue
                }
                return false
            }
        }
        return true
    }

    /// Whether `at` starts a sentence: the text's start, or after a closing mark that is
    /// not an abbreviation's full stop ("St. Louis" is one name).
    static func startsSentence(_ at: Int, _ tokens: [String]) -> Bool {
        guard at > 0 else { return true }
        let before = tokens[at - 1]
        if ["!", "?", ":", "\"", "``", "("].contains(before) { return true }
        guard before == "." else { return false }
        let word = at > 1 ? tokens[at - 2].lowercased() : ""
        return !(word.contains(".") || ParaphraseTemplate.abbreviations.contains(word))
    }
}
