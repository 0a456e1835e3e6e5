import AdvGlueCorpora
import AdvGlueMiniLM
import AdvGlueResults
import AdvGlueSupport
import AdvGlueText
import AdvGlueWordNet
import AdvGlueYAML
import Foundation

/// Builds each seam's concrete type from its recipe entry. New parts are added here
/// with their keys; anything else is rejected with the list of known types.
struct RecipeParts {
    let file: String
    let resources: ProjectResources?

    func goal(_ node: YAMLNode) throws(AdvGlueError) -> any GoalFunction {
        var map = try node.mapping()
        let typeNode = try map.required("type")
        let goal: any GoalFunction
        switch try typeNode.string() {
        case "untargeted-classification":
            let temperature = try map.optional("temperature")?.double() ?? 1
            guard temperature > 0 else { throw node.error("must be positive", key: "temperature") }
            goal = UntargetedClassification(temperature: Float(temperature))
        case "targeted-classification":
            let targetNode = try map.required("target")
            let target = try targetNode.int()
            guard target >= 0 else { throw targetNode.error("must be a label id (0, 1, ...)") }
            let temperature = try map.optional("temperature")?.double() ?? 1
            guard temperature > 0 else { throw node.error("must be positive", key: "temperature") }
            goal = TargetedClassification(target: target, temperature: Float(temperature))
        case let other:
            throw typeNode.error("unknown goal '\(other)' (known: untargeted-classification, targeted-classification)")
        }
        try map.finish()
        return goal
    }

    func transformation(_ node: YAMLNode) throws(AdvGlueError) -> any Transformation {
        var map = try node.mapping()
        let typeNode = try map.required("type")
        let transformation: any Transformation
        switch try typeNode.string() {
        case "character-typo":
            var operations: [CharacterTypo.Operation] = []
            for op in try map.optional("operations")?.sequence() ?? [] {
                let raw = try op.string()
                guard let operation = CharacterTypo.Operation(rawValue: raw) else {
                    throw op.error("unknown operation '\(raw)' (known: \(CharacterTypo.Operation.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                operations.append(operation)
            }
            let perWordNode = map.optional("candidates_per_word")
            let perWord = try perWordNode?.int() ?? 8
            guard perWord >= 1 else { throw perWordNode!.error("must be at least 1") }
            if let layoutNode = map.optional("keyboard") {
                guard try layoutNode.string() == "qwerty" else { throw layoutNode.error("unknown keyboard (known: qwerty)") }
            }
            transformation = CharacterTypo(operations: operations.isEmpty ? CharacterTypo.Operation.allCases : operations,
                                           candidatesPerWord: perWord)
        case "random-character-edit":
            var operations: [RandomCharacterEdit.Operation] = []
            for op in try map.optional("operations")?.sequence() ?? [] {
                let raw = try op.string()
                guard let operation = RandomCharacterEdit.Operation(rawValue: raw) else {
                    throw op.error("unknown operation '\(raw)' (known: \(RandomCharacterEdit.Operation.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                operations.append(operation)
            }
            transformation = RandomCharacterEdit(operations: operations.isEmpty ? RandomCharacterEdit.Operation.allCases : operations)
        case "wordnet-synonym":
            let maxNode = map.optional("max_candidates")
            let maximum = try maxNode?.int() ?? 50
            guard maximum >= 1 else { throw maxNode!.error("must be at least 1") }
            let multiWord = try map.optional("multi_word").map { node throws(AdvGlueError) in try node.bool() } ?? false
            transformation = WordNetSynonym(wordnet: try wordnet(node), maxCandidates: maximum, multiWord: multiWord)
        case "homoglyph":
            transformation = Homoglyph(candidatesPerWord: try positive(map.optional("candidates_per_word"), default: 8))
        case "invisible":
            var kinds: [InvisibleCharacter.Kind] = []
            for kindNode in try map.optional("kinds")?.sequence() ?? [] {
                let raw = try kindNode.string()
                guard let kind = InvisibleCharacter.Kind(rawValue: raw) else {
                    throw kindNode.error("unknown kind '\(raw)' (known: \(InvisibleCharacter.Kind.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                kinds.append(kind)
            }
            transformation = InvisibleCharacter(kinds: kinds.isEmpty ? InvisibleCharacter.Kind.allCases : kinds,
                                                candidatesPerWord: try positive(map.optional("candidates_per_word"), default: 8))
        case "distraction":
            var tautologies: [String] = []
            for item in try map.optional("tautologies")?.sequence() ?? [] { tautologies.append(try item.string()) }
            let urls = try map.optional("urls")?.int() ?? 1
            let handles = try map.optional("handles")?.int() ?? 1
            guard urls >= 0, handles >= 0 else { throw node.error("urls and handles must not be negative") }
            transformation = Distraction(tautologies: tautologies.isEmpty ? ["and true is true", "and false is not true"] : tautologies,
                                         urls: urls, handles: handles)
        case "paraphrase":
            let templatesNode = try map.required("templates")
            transformation = ParaphraseTemplates(rules: try ParaphraseTemplates.load(try dataFile(try templatesNode.string(), node: templatesNode)))
        case "composite":
            var parts: [any Transformation] = []
            for part in try map.required("parts").sequence() { parts.append(try self.transformation(part)) }
            guard !parts.isEmpty else { throw node.error("needs at least one part", key: "parts") }
            transformation = CompositeTransformation(parts: parts)
        case let other:
            throw typeNode.error("unknown transformation '\(other)' (known: character-typo, random-character-edit, wordnet-synonym, homoglyph, invisible, distraction, paraphrase, composite)")
        }
        try map.finish()
        return transformation
    }

    func preConstraint(_ node: YAMLNode) throws(AdvGlueError) -> any PreTransformationConstraint {
        var map = try node.mapping()
        let typeNode = try map.required("type")
        let constraint: any PreTransformationConstraint
        switch try typeNode.string() {
        case "stopwords":
            let listNode = try map.required("list")
            constraint = StopwordModification(stopwords: try wordList(try listNode.string(), node: listNode))
        case "max-modification-rate":
            let rateNode = try map.required("rate")
            let rate = try rateNode.double()
            guard (0...1).contains(rate) else { throw rateNode.error("must be between 0 and 1") }
            constraint = MaxModificationRate(rate: rate)
        case "repeat-modification":
            constraint = RepeatModification()
        case "min-word-length":
            constraint = MinWordLength(minimum: try map.required("minimum").int())
        case let other:
            throw typeNode.error("unknown pre-transformation constraint '\(other)' (known: stopwords, max-modification-rate, repeat-modification, min-word-length)")
        }
        try map.finish()
        return constraint
    }

    func constraint(_ node: YAMLNode) throws(AdvGlueError) -> any Constraint {
        var map = try node.mapping()
        let typeNode = try map.required("type")
        let constraint: any Constraint
        switch try typeNode.string() {
        case "max-edit-distance":
            constraint = MaxEditDistance(maximum: try map.required("maximum").int())
        case "levenshtein-edit-distance":
            let maximumNode = try map.required("maximum")
            let maximum = try maximumNode.int()
            guard maximum >= 0 else { throw maximumNode.error("must not be negative") }
            constraint = LevenshteinEditDistance(maximum: maximum)
        case "pos-agreement":
            constraint = PartOfSpeechAgreement(wordnet: try wordnet(node))
        case "sentence-similarity":
            if let encoderNode = map.optional("encoder") {
                guard try encoderNode.string() == "minilm" else { throw encoderNode.error("unknown encoder (known: minilm)") }
            }
            let thresholdNode = try map.required("threshold")
            let threshold = try thresholdNode.double()
            guard (-1...1).contains(threshold) else { throw thresholdNode.error("must be between -1 and 1") }
            let metric = try choice(map.optional("metric"), default: SentenceSimilarity.Metric.cosine)
            let comparison = try choice(map.optional("compare_against"), default: SentenceSimilarity.Comparison.reference)
            let windowNode = map.optional("window")
            let window = try windowNode?.int()
            if let window, window < 1 { throw windowNode!.error("must be at least 1 word") }
            let skip = try map.optional("skip_shorter_than_window").map { node throws(AdvGlueError) in try node.bool() } ?? false
            try miniLM(node)
            constraint = SentenceSimilarity(threshold: threshold, metric: metric, window: window, compareAgainst: comparison,
                                            skipShorterThanWindow: skip)
        case "bertscore":
            let thresholdNode = try map.required("threshold")
            let threshold = try thresholdNode.double()
            guard (0...1).contains(threshold) else { throw thresholdNode.error("must be between 0 and 1") }
            try miniLM(node)
            constraint = BERTScoreThreshold(threshold: threshold)
        case let other:
            throw typeNode.error("unknown constraint '\(other)' (known: max-edit-distance, levenshtein-edit-distance, pos-agreement, sentence-similarity, bertscore)")
        }
        try map.finish()
        return constraint
    }

    func search(_ node: YAMLNode) throws(AdvGlueError) -> any SearchMethod {
        var map = try node.mapping()
        let typeNode = try map.required("type")
        let search: any SearchMethod
        switch try typeNode.string() {
        case "greedy-word-importance":
            var ranking = GreedyWordImportance.Ranking.delete
            if let rankingNode = map.optional("ranking") {
                let raw = try rankingNode.string()
                guard let value = GreedyWordImportance.Ranking(rawValue: raw) else {
                    throw rankingNode.error("unknown ranking '\(raw)' (known: \(GreedyWordImportance.Ranking.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                ranking = value
            }
            search = GreedyWordImportance(ranking: ranking)
        case "greedy":
            search = BeamSearch(width: 1)
        case "beam":
            search = BeamSearch(width: try positive(map.optional("width"), default: 4))
        case "genetic":
            let population = try positive(map.optional("population"), default: 20)
            guard population >= 2 else { throw node.error("must be at least 2", key: "population") }
            let temperature = try map.optional("temperature")?.double() ?? 0.3
            guard temperature > 0 else { throw node.error("must be positive", key: "temperature") }
            search = GeneticSearch(populationSize: population, generations: try positive(map.optional("generations"), default: 10),
                                   temperature: Float(temperature))
        case let other:
            throw typeNode.error("unknown search method '\(other)' (known: greedy-word-importance, greedy, beam, genetic)")
        }
        try map.finish()
        return search
    }

    /// `validity: minilm` or `none`: how successful examples are scored for the report.
    func validity(_ node: YAMLNode) throws(AdvGlueError) -> (any ValidityScorer)? {
        switch try node.string() {
        case "none": return nil
        case "minilm":
            try miniLM(node)
            return MiniLMValidity()
        case let other: throw node.error("unknown validity scorer '\(other)' (known: minilm, none)")
        }
    }

    /// A part that needs the MiniLM model checks it is installed when the recipe loads
    /// (a few file look-ups); the model itself loads on first use.
    func miniLM(_ node: YAMLNode) throws(AdvGlueError) {
        do {
            _ = try ModelLocation.locate()
        } catch {
            throw node.error("needs the MiniLM encoder: \(error)")
        }
    }

    func choice<T: RawRepresentable & CaseIterable>(_ node: YAMLNode?, default value: T) throws(AdvGlueError) -> T where T.RawValue == String {
        guard let node else { return value }
        let raw = try node.string()
        guard let result = T(rawValue: raw) else {
            throw node.error("unknown value '\(raw)' (known: \(T.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return result
    }

    func positive(_ node: YAMLNode?, default value: Int) throws(AdvGlueError) -> Int {
        guard let node else { return value }
        let number = try node.int()
        guard number >= 1 else { throw node.error("must be at least 1") }
        return number
    }

    /// WordNet, located once per process (`WNHOME`, then Debian's path).
    func wordnet(_ node: YAMLNode) throws(AdvGlueError) -> WordNet {
        do {
            return try SharedWordNet.instance()
        } catch {
            throw node.error("needs WordNet 3.0: \(error)")
        }
    }

    /// A data file named in a recipe: a relative path is looked up beside the recipe
    /// first, then in `Corpora/`.
    func dataFile(_ path: String, node: YAMLNode) throws(AdvGlueError) -> URL {
        let recipeFolder = URL(filePath: file).deletingLastPathComponent()
        var candidates = [path.hasPrefix("/") ? URL(filePath: path) : recipeFolder.appending(path: path)]
        if let resources, !path.hasPrefix("/") { candidates.append(resources.corpora.appending(path: path)) }
        guard let url = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) else {
            throw node.error("cannot find \(path); looked at \(candidates.map(\.path).joined(separator: ", "))")
        }
        return url
    }

    /// Reads a word list (see ``WordList``).
    func wordList(_ path: String, node: YAMLNode) throws(AdvGlueError) -> [String] {
        let url = try dataFile(path, node: node)
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { throw node.error("cannot read word list \(url.path)") }
        return WordList.parse(text)
    }
}

/// One word per line; `#` starts a comment; blank lines are ignored.
public enum WordList {
    public static func parse(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).compactMap { line in
            let entry = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
                .trimmingCharacters(in: .whitespaces)
            return entry.isEmpty ? nil : entry
        }
    }
}

/// One WordNet per process, so several recipes share its loaded files.
enum SharedWordNet {
    private static let cached = Mutex<WordNet?>(nil)

    static func instance() throws(AdvGlueError) -> WordNet {
        if let wordnet = cached.withLock({ $0 }) { return wordnet }
        let wordnet = try WordNet.locate()
        cached.withLock { $0 = wordnet }
        return wordnet
    }
}

import Synchronization
