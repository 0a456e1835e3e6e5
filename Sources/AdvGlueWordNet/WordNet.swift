import AdvGlueSupport
import Foundation
import Synchronization

/// WordNet 3.0 read directly from its database files (Debian's `wordnet-base`).
///
/// ```swift
/// let wordnet = try WordNet.locate()
/// try wordnet.lemmas(of: "geese", as: .noun)   // ["goose"]
/// try wordnet.synonyms(of: "movie", as: .noun) // ["film", "picture", "pic", "flick", ...]
/// ```
/// Each part of speech's files are memory-mapped on first use and searched in place.
public final class WordNet: Sendable {
    /// What to do when WordNet is missing.
    public static let installHint =
        "install WordNet 3.0 with `apt-get install wordnet-base` (or run scripts/setup.sh), or point WNHOME at a folder holding index.noun and data.noun"

    public let folder: URL
    private let loaded = Mutex<[PartOfSpeech: WordNetFiles]>([:])
    /// Answers are pure functions of the database, so they are kept: attacks ask about
    /// the same words over and over (every candidate's part of speech, say). Bounded, so
    /// that memory does not grow with the number of examples attacked.
    private let lemmaCache = Mutex(BoundedMemo<String, [String]>(limit: WordNet.memoLimit))
    private let synonymCache = Mutex(BoundedMemo<String, [Synonym]>(limit: WordNet.memoLimit))
    /// Answers kept per generation (see ``BoundedMemo``): a few thousand words cover
    /// the examples in flight many times over.
    public static let memoLimit = 4096

    public init(folder: URL) throws(AdvGlueError) {
        guard FileManager.default.fileExists(atPath: folder.appending(path: "index.noun").path) else {
            throw AdvGlueError(
                .notFound, "no WordNet database (index.noun) here", hint: WordNet.installHint, at: .file(folder.path))
        }
        self.folder = folder
    }

    /// `WNHOME` (or its `dict/` folder), else Debian's `/usr/share/wordnet`.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) throws(AdvGlueError)
        -> WordNet
    {
        var candidates: [URL] = []
        if let home = environment["WNHOME"], !home.isEmpty {
            candidates += [URL(filePath: home), URL(filePath: home).appending(path: "dict")]
        }
        candidates.append(URL(filePath: "/usr/share/wordnet"))
        for folder in candidates where FileManager.default.fileExists(atPath: folder.appending(path: "index.noun").path)
        {
            return try WordNet(folder: folder)
        }
        throw AdvGlueError(
            .notFound, "no WordNet database found", hint: WordNet.installHint,
            at: .file(candidates.map(\.path).joined(separator: ", ")))
    }

    func files(_ pos: PartOfSpeech) throws(AdvGlueError) -> WordNetFiles {
        if let files = loaded.withLock({ $0[pos] }) { return files }
        let files = try WordNetFiles(folder: folder, pos: pos)
        loaded.withLock { $0[pos] = files }
        return files
    }

    /// Base forms of `word` as `pos` that WordNet knows, by its morphy rules: the
    /// exception list first, then the word itself, then each detachment rule.
    ///
    /// Complexity: O(r) dictionary look-ups for r rules.
    public func lemmas(of word: String, as pos: PartOfSpeech) throws(AdvGlueError) -> [String] {
        let cacheKey = "\(pos.rawValue) \(word)"
        if let cached = lemmaCache.withLock({ $0.value(for: cacheKey) }) { return cached }
        let files = try files(pos)
        let key = word.lowercased().swapping(" ", for: "_")
        var result: [String] = []
        func add(_ lemma: String) {
            if !result.contains(lemma), files.contains(lemma) { result.append(lemma) }
        }
        for base in files.exceptions[key] ?? [] { add(base) }
        add(key)
        for (suffix, replacement) in pos.detachmentRules where key.hasSuffix(suffix) && key.count > suffix.count {
            add(String(key.dropLast(suffix.count)) + replacement)
        }
        let lemmas = result.map { $0.swapping("_", for: " ") }
        lemmaCache.withLock { $0.insert(lemmas, for: cacheKey) }
        return lemmas
    }

    /// Whether `lemma` is in WordNet as `pos`.
    public func contains(_ lemma: String, as pos: PartOfSpeech) throws(AdvGlueError) -> Bool {
        try files(pos).contains(lemma.lowercased().swapping(" ", for: "_"))
    }

    /// The synsets of `lemma` as `pos`, each a list of its words (spaces for underscores).
    public func synsets(of lemma: String, as pos: PartOfSpeech) throws(AdvGlueError) -> [[String]] {
        let files = try files(pos)
        let offsets = files.offsets(of: lemma.lowercased().swapping(" ", for: "_")) ?? []
        return offsets.map { files.synsetWords(at: $0).map { $0.swapping("_", for: " ") } }
    }

    /// Synonyms of `word` (any inflected form) as `pos`: the other words of every synset
    /// of each of its lemmas, in WordNet's sense order, without duplicates.
    public func synonyms(of word: String, as pos: PartOfSpeech, multiWord: Bool = false) throws(AdvGlueError)
        -> [Synonym]
    {
        let cacheKey = "\(pos.rawValue) \(multiWord) \(word)"
        if let cached = synonymCache.withLock({ $0.value(for: cacheKey) }) { return cached }
        var result: [Synonym] = []
        var seen: Set<String> = []
        for lemma in try lemmas(of: word, as: pos) {
            seen.insert(lemma.lowercased())
            for synset in try synsets(of: lemma, as: pos) {
                for candidate in synset where multiWord || !candidate.contains(" ") {
                    let key = candidate.lowercased()
                    if seen.insert(key).inserted { result.append(Synonym(word: candidate, lemma: lemma, pos: pos)) }
                }
            }
        }
        synonymCache.withLock { $0.insert(result, for: cacheKey) }
        return result
    }
}

extension WordNet {
    /// One sense of a lemma: the words of its synset and its gloss (definition and examples).
    public struct Sense: Sendable, Hashable {
        /// The synset's byte offset in its data file: its identity.
        public var offset: Int
        public var words: [String]
        public var gloss: String
    }

    /// The senses of `lemma` as `pos`, in WordNet's order (most frequent first).
    public func senses(of lemma: String, as pos: PartOfSpeech) throws(AdvGlueError) -> [Sense] {
        let files = try files(pos)
        let offsets = files.offsets(of: lemma.lowercased().swapping(" ", for: "_")) ?? []
        return offsets.map {
            Sense(
                offset: $0, words: files.synsetWords(at: $0).map { $0.swapping("_", for: " ") },
                gloss: files.gloss(at: $0))
        }
    }

    /// The offsets of `lemma`'s senses as `pos`, most frequent first (no data-file read).
    public func senseOffsets(of lemma: String, as pos: PartOfSpeech) throws(AdvGlueError) -> [Int] {
        try files(pos).offsets(of: lemma.lowercased().swapping(" ", for: "_")) ?? []
    }

    /// The offsets of the senses in which the SemCor corpus attests `lemma` as `pos`: the
    /// senses a reader knows it in ("flick" is attested as a stroke, not as a film).
    public func attestedSenses(of lemma: String, as pos: PartOfSpeech) throws(AdvGlueError) -> Set<Int> {
        Set(try files(pos).taggedOffsets(of: lemma.lowercased().swapping(" ", for: "_")))
    }

    /// Whether the adjective `lemma` is relational in some sense: WordNet gives it a
    /// pertainym, the noun it means "of or relating to" ("comic" → "comedy", "epic" →
    /// "epic", "anatomical" → "anatomy").
    public func isRelationalAdjective(_ lemma: String) throws(AdvGlueError) -> Bool {
        try files(.adjective).pointerSymbols(of: lemma.lowercased().swapping(" ", for: "_")).contains("\\")
    }

    /// Whether `word` is an inflected form in WordNet's exception list for `pos`.
    public func isIrregularForm(_ word: String, as pos: PartOfSpeech) throws(AdvGlueError) -> Bool {
        try files(pos).exceptions[word.lowercased().swapping(" ", for: "_")] != nil
    }

    /// The irregular forms WordNet's exception list gives `lemma` as `pos` ("child" →
    /// ["children"]; "go" → ["went", "gone"]): a regular suffix on such a lemma may make a
    /// word that does not exist ("childs", "goed").
    public func irregularForms(of lemma: String, as pos: PartOfSpeech) throws(AdvGlueError) -> [String] {
        try files(pos).irregularForms[lemma.lowercased().swapping(" ", for: "_")] ?? []
    }
}

/// A synonym lemma and the lemma of the original word it came from.
public struct Synonym: Sendable, Hashable {
    public var word: String
    public var lemma: String
    public var pos: PartOfSpeech
}

extension String {
    /// Every `old` character replaced by `new`, both ASCII (WordNet's files spell a space
    /// in a lemma as `_`); no `NSString` bridging, which look-ups would otherwise pay.
    func swapping(_ old: Unicode.Scalar, for new: Unicode.Scalar) -> String {
        let from = UInt8(ascii: old)
        let to = UInt8(ascii: new)
        guard utf8.contains(from) else { return self }
        return String(decoding: utf8.map { $0 == from ? to : $0 }, as: UTF8.self)
    }
}
