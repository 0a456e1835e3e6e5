import AdvGlueCorpora
import AdvGlueMiniLM
import AdvGlueResults
import AdvGlueSupport
import AdvGlueText
import AdvGlueWordNet
import Foundation

/// `--filters`: which validity filters a run applies on top of each recipe.
public enum FilterSet: String, Sendable, CaseIterable {
    /// AdvGLUE's filters and the team's (docs/validity.md): the default. A success counts
    /// only if it passes them all.
    case advglue
    /// None: each recipe runs exactly as its paper and TextAttack run it, and its
    /// successes include adversarial examples no one has validated.
    case none
}

/// The validity filters of a run: word-level filters that drop candidates before the model
/// sees them, pre-transformation rules that keep label-bearing words unchanged, and an
/// acceptance check the search asks about each flip it would return. Under
/// ``FilterSet/advglue``:
///
/// | filter | refuses |
/// |---|---|
/// | `max-modification-rate` | more than 15% of the attacked words changed (AdvGLUE) |
/// | `protected-words` | changing numbers, dates, ordinals, names (also a word capitalised elsewhere in the input), negations, quantifiers, degree and focus words, light nouns, idioms, half a spaced compound |
/// | `same-case`, `digits-kept` | a change of letter case; a digit changed or added |
/// | `typos-stay-typos` | a character edit that makes a real word |
/// | `real-words` | a substitution that is not a word |
/// | `verbs-kept` | a WordNet synonym for a verb (it takes other objects and particles) |
/// | `pair-nouns-kept` | (sentence pairs) a WordNet synonym for a noun, which names a neighbouring concept |
/// | `relational-adjectives-kept` | a WordNet synonym for or by a relational adjective ("comic heights" → "funny") |
/// | `distinct-stems` | a substitution by the word's derivative or variant ("magical" → "magic") |
/// | `word-embedding-similarity` | a substitution whose GloVe cosine with the word is below 0.6 |
/// | `review-vocabulary` | (sentiment) a substitution by a word fewer than 50 SST-2 training phrases use, or under half as many as the word it replaces ("luggage", "style" → "fashion") |
/// | `polarity-kept` | (sentiment) a substitution of another polarity or strength |
/// | `collocations-kept` | a synonym for a size adjective, a particle, "worth"/"like", or a word of an open compound ("big ticket") |
/// | `fits-neighbours` | "a" before a vowel sound ("a engrossing"); a synonym that repeats a word beside it; "more hard" |
/// | `pos-in-context`, `sense-in-context` | a synonym of another part of speech or sense than the word has in context |
/// | `field-similarity` | a flip whose changed field's meaning drifts (MiniLM cosine below 0.80) |
///
/// Hyphenated compounds are one word for every recipe ("cookie-cutter" is never half changed).
///
/// ```swift
/// let filters = try ValidityFilters.load(.advglue, task: .sst2, resources: resources)
/// recipe.attack = recipe.attack.filtered(by: filters)
/// ```
public struct ValidityFilters: Sendable {
    public var set: FilterSet
    public var preConstraints: [any PreTransformationConstraint] = []
    public var constraints: [any Constraint] = []
    public var acceptance: [any AcceptanceCheck] = []
    /// The segmentation every recipe uses under these filters; nil to keep the recipe's.
    public var segmentation: WordSegmentation?
    /// The files the filters read, with checksums, for the report.
    public var dataFiles: [DataFileInfo] = []

    /// AdvGLUE's limit on the share of attacked words changed.
    public static let maxWordShare = 0.15
    /// The least MiniLM cosine between a changed field and its original (see docs/validity.md).
    public static let similarityThreshold = 0.80

    /// Every filter's name, in the order they apply.
    public var names: [String] {
        preConstraints.map(\.name) + constraints.map(\.name) + acceptance.map(\.name)
    }

    /// The record of these filters in results and reports.
    public var info: FilterInfo {
        FilterInfo(
            set: set.rawValue, filters: names,
            similarityThreshold: acceptance.isEmpty ? nil : Self.similarityThreshold,
            dataFiles: dataFiles.isEmpty ? nil : dataFiles)
    }

    public static let none = ValidityFilters(set: .none)

    /// The filters of `set` for `task`. Needs WordNet, an English word list and MiniLM for
    /// ``FilterSet/advglue``; each missing one is an error that says how to install it or
    /// to pass `--filters none`.
    public static func load(_ set: FilterSet, task: GlueTask, resources: ProjectResources?) throws(AdvGlueError)
        -> ValidityFilters
    {
        guard set == .advglue else { return .none }
        func needs<T>(_ what: String, _ load: () throws(AdvGlueError) -> T) throws(AdvGlueError) -> T {
            do {
                return try load()
            } catch {
                throw AdvGlueError(
                    error.code, "the validity filters need \(what): \(error.message)",
                    hint: (error.hint.map { $0 + "; " } ?? "") + "or pass --filters none to run without them",
                    at: error.location)
            }
        }
        let wordnet = try needs("WordNet") { () throws(AdvGlueError) in try SharedWordNet.instance() }
        let words = try needs("an English word list") { () throws(AdvGlueError) in try EnglishWords.locate() }
        _ = try needs("the MiniLM encoder") { () throws(AdvGlueError) in try ModelLocation.locate() }
        guard let lexicons = resources?.lexicons else {
            throw AdvGlueError(
                .notFound, "the validity filters read Corpora/lexicons/, which is not found",
                hint: "run from the checkout or set ADVGLUE_HOME, or pass --filters none")
        }
        let log = DataFileLog()
        func lexicon(_ name: String) throws(AdvGlueError) -> URL {
            let url = lexicons.appending(path: name)
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw AdvGlueError(.notFound, "a lexicon of the validity filters is missing", at: .file(url.path))
            }
            log.record(url)
            return url
        }
        func list(_ name: String) throws(AdvGlueError) -> Set<String> {
            let url = try lexicon(name)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                throw AdvGlueError(.notFound, "cannot read the word list", at: .file(url.path))
            }
            return Set(WordList.parse(text).map { $0.lowercased() })
        }
        log.record(words.file)
        var filters = ValidityFilters(set: .advglue)
        filters.segmentation = .joiningHyphens
        filters.preConstraints = [
            MaxModificationRate(rate: maxWordShare),
            ProtectedWords(words: words, negations: try list("negation-cues-en.txt"), wordnet: wordnet),
        ]
        // Cheapest first: each filter sees only what the ones before it kept.
        filters.constraints = [
            SameCase(), DigitsKept(), TyposStayTypos(words: words, wordnet: wordnet), RealWordsOnly(words: words),
            VerbsKept(), PairNounsKept(), RelationalAdjectivesKept(wordnet: wordnet), DistinctStems(),
            WordEmbeddingSimilarity(
                vectors: try WordVectors.load(
                    vectors: try lexicon("glove-6b-50d.safetensors"), words: try lexicon("glove-6b-50d-words.txt"))),
        ]
        if task == .sst2 {
            let polarity = try PolarityLexicon.load(try lexicon("polarity-sst2.tsv"))
            filters.constraints += [ReviewVocabulary(lexicon: polarity), PolarityKept(lexicon: polarity)]
        }
        filters.constraints += [
            CollocationsKept(words: words, wordnet: wordnet), FitsNeighbours(),
            PartOfSpeechInContext(wordnet: wordnet),
            SenseInContext(wordnet: wordnet, stopwords: try list("stopwords-en.txt")),
        ]
        filters.acceptance = [FieldSimilarity(threshold: similarityThreshold)]
        filters.dataFiles = log.recorded
        return filters
    }
}

extension Attack {
    /// This attack under `filters`: their pre-transformation rules and word-level filters
    /// join the recipe's (before its own constraints, being cheaper), the search asks their
    /// acceptance checks about each flip, and their segmentation replaces the recipe's.
    public func filtered(by filters: ValidityFilters) -> Attack {
        var copy = self
        copy.filters = filters
        if let segmentation = filters.segmentation { copy.segmentation = segmentation }
        return copy
    }
}
