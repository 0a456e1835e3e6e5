import AdvGlueCorpora
import AdvGlueResults
import AdvGlueSupport
import AdvGlueText
import AdvGlueWordNet
import AdvGlueYAML
import Foundation

/// Meaning-preserving rewrite rules read from `Corpora/templates/paraphrase.yaml`, each
/// marked with the tasks it is valid for:
/// - contractions: "do not" ↔ "don't" (a phrase of two words, or one word expanded);
/// - person-name and location swaps from the project's own lists (one word);
/// - discourse prefixes before the first word and suffixes after the last.
///
/// A rule applies to an input only if its task list holds a task with the input's
/// field names (SST-2's `sentence`, MNLI's `premise`/`hypothesis`, ...).
///
/// Complexity: O(r) per position for r rules.
public struct ParaphraseTemplates: Transformation {
    public struct Rules: Sendable {
        public var contractions: [(expanded: [String], contracted: String)]
        public var contractionTasks: Set<GlueTask>
        public var people: [String]
        public var locations: [String]
        public var nameTasks: Set<GlueTask>
        public var prefixes: [String]
        public var suffixes: [String]
        public var discourseTasks: Set<GlueTask>
    }

    public let rules: Rules

    public init(rules: Rules) {
        self.rules = rules
    }

    public var name: String { "paraphrase" }

    static func tasks(for state: PerturbedInput) -> Set<GlueTask> {
        let names = state.original.input.fields.map(\.name)
        return Set(GlueTask.allCases.filter { $0.fieldNames == names })
    }

    public func candidates(
        for state: PerturbedInput, at position: WordPosition,
        using rng: inout some RandomNumberGenerator
    ) -> [Modification] {
        let tasks = Self.tasks(for: state)
        let field = state.original.fields[position.field]
        let words = field.words
        let word = state.word(at: position)
        let key = Normalization.key(word)
        var result: [Modification] = []
        func add(_ span: Int, _ original: String, _ replacement: String, _ kind: String) {
            result.append(
                Modification(
                    position: position, span: span, original: original,
                    replacement: replacement, transformation: "\(name).\(kind)"))
        }
        if !tasks.isDisjoint(with: rules.contractionTasks) {
            for rule in rules.contractions {
                if key == Normalization.key(rule.contracted) {
                    add(1, word, Inflection.matchCase(rule.expanded.joined(separator: " "), to: word), "expand")
                }
                let run = rule.expanded.count
                if position.word + run <= words.count,
                    (0..<run).allSatisfy({
                        Normalization.key(String(words[position.word + $0].text)) == rule.expanded[$0]
                    })
                {
                    let original = String(
                        field.text[
                            words[position.word].range.lowerBound..<words[position.word + run - 1].range.upperBound])
                    // Only the plain spelling ("do not", one space) contracts, so nothing else is swallowed.
                    if original.lowercased() == rule.expanded.joined(separator: " ") {
                        add(run, original, Inflection.matchCase(rule.contracted, to: original), "contract")
                    }
                }
            }
        }
        if !tasks.isDisjoint(with: rules.nameTasks), word.first?.isUppercase == true {
            for list in [rules.people, rules.locations] where list.contains(word) {
                for other in list where other != word {
                    add(1, word, other, list == rules.people ? "person" : "location")
                }
            }
        }
        if !tasks.isDisjoint(with: rules.discourseTasks) {
            if position.word == 0 {
                for prefix in rules.prefixes { add(1, word, prefix + " " + word, "prefix") }
            }
            if position.word == words.count - 1 {
                for suffix in rules.suffixes { add(1, word, word + " " + suffix, "suffix") }
            }
        }
        return result
    }

    /// Reads the rules file; errors name the file and key.
    public static func load(_ url: URL) throws(AdvGlueError) -> Rules {
        let file = url.path
        guard let data = FileManager.default.contents(atPath: file) else {
            throw AdvGlueError(.badConfig, "cannot read the paraphrase templates", at: .file(file))
        }
        var top = try YAMLNode.root(of: data, file: file).mapping()
        let versionNode = try top.required("version")
        guard try versionNode.int() == 1 else {
            throw versionNode.error("unsupported templates version; this advglue reads version 1")
        }
        func taskList(_ node: YAMLNode) throws(AdvGlueError) -> Set<GlueTask> {
            var tasks: Set<GlueTask> = []
            for item in try node.sequence() {
                let raw = try item.string()
                guard let task = GlueTask(rawValue: raw) else { throw item.error("unknown task '\(raw)'") }
                tasks.insert(task)
            }
            return tasks
        }
        func strings(_ node: YAMLNode) throws(AdvGlueError) -> [String] {
            var values: [String] = []
            for item in try node.sequence() { values.append(try item.string()) }
            return values
        }
        var contractions = try top.required("contractions").mapping()
        let contractionTasks = try taskList(try contractions.required("tasks"))
        var pairs: [(expanded: [String], contracted: String)] = []
        for pair in try contractions.required("pairs").sequence() {
            let values = try strings(pair)
            guard values.count == 2 else { throw pair.error("expected [expanded, contracted]") }
            pairs.append((values[0].split(separator: " ").map { Normalization.key(String($0)) }, values[1]))
        }
        try contractions.finish()
        var names = try top.required("names").mapping()
        let nameTasks = try taskList(try names.required("tasks"))
        let people = try strings(try names.required("people"))
        let locations = try strings(try names.required("locations"))
        try names.finish()
        var discourse = try top.required("discourse").mapping()
        let discourseTasks = try taskList(try discourse.required("tasks"))
        let prefixes = try strings(try discourse.required("prefixes"))
        let suffixes = try strings(try discourse.required("suffixes"))
        try discourse.finish()
        try top.finish()
        return Rules(
            contractions: pairs, contractionTasks: contractionTasks, people: people, locations: locations,
            nameTasks: nameTasks, prefixes: prefixes, suffixes: suffixes, discourseTasks: discourseTasks)
    }
}

extension ParaphraseTemplates {
    /// `type: paraphrase` in a recipe's `transformation`.
    static let recipePart = RecipePart<any Transformation>(
        type: "paraphrase",
        summary:
            "Meaning-preserving rewrites from a template file: contractions, name and place swaps, discourse markers.",
        options: [
            RecipeOption(
                "templates", "the template file, beside the recipe or in Corpora/ (e.g. templates/paraphrase.yaml)")
        ]
    ) { map, context throws(AdvGlueError) in
        let templatesNode = try map.required("templates")
        return ParaphraseTemplates(
            rules: try ParaphraseTemplates.load(try context.dataFile(try templatesNode.string(), node: templatesNode)))
    }
}
