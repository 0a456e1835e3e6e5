import AdvGlueCorpora
import AdvGlueSupport
import AdvGlueWordNet
import AdvGlueYAML
import Foundation

/// The paraphrase catalogue (`Corpora/templates/paraphrase.yaml`, version 2): word classes,
/// word maps, the templates, the entity lists and the number formats, read and checked
/// once. Every error names the file, the line and the key.
///
/// Each template must carry its source, a note on when it applies, at least one example
/// with the rewrite it must produce and at least one input it must leave alone; loading
/// runs them all, so a catalogue whose templates do not do what they say never loads.
///
/// ```swift
/// let catalogue = try TemplateCatalog.load(url, words: try EnglishWords.locate())
/// catalogue.templates.map(\.id)  // ["because-front", "although-front", ...]
/// ```
/// Complexity: O(size of the file) plus one application per example.
struct TemplateCatalog: Sendable {
    var classes: WordClasses
    var maps: [String: [String: String]]
    var templates: [ParaphraseTemplate]
    var entities: EntitySwaps
    var numbers: NumberFormats

    static func load(_ url: URL, words: EnglishWords) throws(AdvGlueError) -> TemplateCatalog {
        let file = url.path
        guard let data = FileManager.default.contents(atPath: file) else {
            throw AdvGlueError(.badConfig, "cannot read the paraphrase templates", at: .file(file))
        }
        var top = try YAMLNode.root(of: data, file: file).mapping()
        let versionNode = try top.required("version")
        guard try versionNode.int() == 2 else {
            throw versionNode.error("unsupported templates version; this advglue reads version 2")
        }
        var classes: [String: Set<String>] = [:]
        for (name, node) in try top.required("classes").mapping().entries {
            classes[name] = Set(try strings(node).map { $0.lowercased() })
        }
        var maps: [String: [String: String]] = [:]
        for (name, node) in try top.required("maps").mapping().entries {
            var map: [String: String] = [:]
            for (key, value) in try node.mapping().entries { map[key.lowercased()] = try value.string() }
            maps[name] = map
        }
        // The entity lists come first: their names are the `known-names` class, which a
        // template consults before it moves a capitalised first word.
        let entities = try Self.entities(try top.required("entities"))
        classes["known-names"] = Set(entities.groups.flatMap { $0.members.map { $0.lowercased() } })
        let wordClasses = WordClasses(classes: classes, words: words)
        var templates: [ParaphraseTemplate] = []
        for node in try top.required("templates").sequence() {
            let template = try Self.template(node, maps: maps, classes: classes)
            if let other = templates.first(where: { $0.id == template.id }) {
                throw node.error("template id '\(other.id)' is used twice")
            }
            for example in template.examples {
                let outputs = Self.rewrites(of: example.input, by: template, classes: wordClasses, maps: maps)
                guard outputs.contains(example.output) else {
                    throw node.error(
                        "template '\(template.id)' rewrites its example '\(example.input)' as "
                            + (outputs.isEmpty ? "nothing" : outputs.map { "'\($0)'" }.joined(separator: " or "))
                            + ", not as '\(example.output)'", key: "examples")
                }
            }
            for input in template.nonExamples {
                let outputs = Self.rewrites(of: input, by: template, classes: wordClasses, maps: maps)
                guard outputs.isEmpty else {
                    throw node.error(
                        "template '\(template.id)' must leave '\(input)' alone but writes '\(outputs[0])'",
                        key: "non_examples")
                }
            }
            templates.append(template)
        }
        let numbers = try Self.numbers(try top.required("numbers"))
        try top.finish()
        return TemplateCatalog(
            classes: wordClasses, maps: maps, templates: templates, entities: entities, numbers: numbers)
    }

    /// The texts `template` makes of `input`.
    static func rewrites(
        of input: String, by template: ParaphraseTemplate, classes: WordClasses, maps: [String: [String: String]]
    ) -> [String] {
        guard let field = FieldTokens(input) else { return [] }
        return template.apply(to: field, classes: classes, maps: maps).map(field.rendered)
    }

    private static func strings(_ node: YAMLNode) throws(AdvGlueError) -> [String] {
        var values: [String] = []
        for item in try node.sequence() { values.append(try item.string()) }
        return values
    }

    private static func tasks(_ node: YAMLNode) throws(AdvGlueError) -> Set<GlueTask> {
        var tasks: Set<GlueTask> = []
        for item in try node.sequence() {
            let raw = try item.string()
            guard let task = GlueTask(rawValue: raw) else {
                throw item.error(
                    "unknown task '\(raw)' (known: \(GlueTask.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            tasks.insert(task)
        }
        return tasks
    }

    private static func template(
        _ node: YAMLNode, maps: [String: [String: String]], classes: [String: Set<String>]
    ) throws(AdvGlueError) -> ParaphraseTemplate {
        var map = try node.mapping()
        let id = try map.required("id").string()
        let family = try map.required("family").string()
        let tasks = try Self.tasks(try map.required("tasks"))
        let sentenceNode = map.optional("sentence")
        let phraseNode = map.optional("phrase")
        guard let patternNode = sentenceNode ?? phraseNode, (sentenceNode == nil) != (phraseNode == nil) else {
            throw map.owner.error("a template has either a sentence pattern or a phrase", key: "sentence")
        }
        let patternText = try patternNode.string()
        let pattern: TokenPattern
        do throws(PatternError) {
            pattern = try TokenPattern(parsing: patternText, maps: maps, classes: classes)
        } catch {
            throw patternNode.error(error.message)
        }
        let rewriteNode = try map.required("rewrite")
        var rewrite: [ParaphraseTemplate.RewriteElement] = []
        for token in try rewriteNode.string().split(separator: " ").map(String.init) {
            guard token.hasPrefix("{"), token.hasSuffix("}") else {
                rewrite.append(.literal(token))
                continue
            }
            let parts = token.dropFirst().dropLast().split(separator: ">").map(String.init)
            guard let slot = parts.first, pattern.slotNames.contains(slot), parts.count <= 2 else {
                throw rewriteNode.error("'\(token)' names no slot of the pattern (expected {SLOT} or {SLOT>map})")
            }
            if parts.count == 2 {
                guard maps[parts[1]] != nil else { throw rewriteNode.error("no map named '\(parts[1])'") }
                rewrite.append(.mapped(slot: slot, map: parts[1]))
            } else {
                rewrite.append(.slot(slot))
            }
        }
        // A rewrite that leaves out an open slot would delete the words it matched.
        let used = Set(
            rewrite.compactMap { element -> String? in
                switch element {
                case .slot(let name), .mapped(let name, _): name
                case .literal: nil
                }
            })
        for case .slot(let name, _, _) in pattern.elements where !used.contains(name) {
            throw rewriteNode.error("the rewrite leaves out slot {\(name)}, which would delete its words")
        }
        let form: ParaphraseTemplate.Form
        if sentenceNode != nil {
            form = .sentence(pattern: pattern, question: try map.optional("question")?.bool() ?? false)
        } else {
            guard pattern.isFixed else {
                throw patternNode.error("a phrase holds words and choices ({X=a|b}, {X@class}), not open slots")
            }
            var context = ParaphraseTemplate.PhraseContext()
            context.before = try map.optional("before").map(Self.strings) ?? []
            context.notBefore = try map.optional("not_before").map(Self.strings) ?? []
            context.notAfter = try map.optional("not_after").map(Self.strings) ?? []
            context.followedBy = try map.optional("followed_by").map(Self.strings) ?? []
            context.keep = try map.optional("keep").map(Self.strings) ?? []
            context.unique = try map.optional("unique")?.bool() ?? false
            context.wordAfter = try map.optional("word_after")?.bool() ?? false
            context.notAtStart = try map.optional("not_at_start")?.bool() ?? false
            context.numberAfter = try map.optional("number_after")?.bool() ?? false
            context.notAfterSuffix = try map.optional("not_after_suffix").map(Self.strings) ?? []
            context.notBeforeSuffix = try map.optional("not_before_suffix").map(Self.strings) ?? []
            context.listComma = try map.optional("list_comma")?.bool() ?? false
            context.pluralAfter = try map.optional("plural_after")?.bool() ?? false
            context.atClauseStart = try map.optional("at_clause_start")?.bool() ?? false
            form = .phrase(pattern: pattern, context: context)
        }
        var slots: [String: ParaphraseTemplate.SlotRule] = [:]
        for (name, slotNode) in try map.optional("slots")?.mapping().entries ?? [] {
            guard pattern.slotNames.contains(name) else { throw slotNode.error("the pattern has no slot \(name)") }
            slots[name] = try Self.slotRule(slotNode)
        }
        let unless = try map.optional("unless").map(Self.strings) ?? []
        let source = try map.required("source").string()
        let note = try map.required("note").string()
        var examples: [(input: String, output: String)] = []
        let examplesNode = try map.required("examples")
        for item in try examplesNode.sequence() {
            let pair = try Self.strings(item)
            guard pair.count == 2 else { throw item.error("expected [input, rewrite]") }
            examples.append((pair[0], pair[1]))
        }
        let nonExamplesNode = try map.required("non_examples")
        let nonExamples = try Self.strings(nonExamplesNode)
        guard !examples.isEmpty else { throw examplesNode.error("a template needs at least one example") }
        guard !nonExamples.isEmpty else {
            throw nonExamplesNode.error("a template needs at least one input it leaves alone")
        }
        try map.finish()
        return ParaphraseTemplate(
            id: id, family: family, tasks: tasks, form: form, rewrite: rewrite, unless: unless, slots: slots,
            source: source,
            note: note, examples: examples, nonExamples: nonExamples)
    }

    private static func slotRule(_ node: YAMLNode) throws(AdvGlueError) -> ParaphraseTemplate.SlotRule {
        var map = try node.mapping()
        var rule = ParaphraseTemplate.SlotRule()
        rule.maxWords = try map.optional("max_words")?.int()
        rule.first = try map.optional("first").map(Self.strings) ?? []
        rule.notFirst = try map.optional("not_first").map(Self.strings) ?? []
        rule.notLast = try map.optional("not_last").map(Self.strings) ?? []
        rule.notLastSuffix = try map.optional("not_last_suffix").map(Self.strings) ?? []
        rule.clause = try map.optional("clause")?.bool() ?? false
        rule.forbid = try map.optional("forbid").map(Self.strings) ?? []
        rule.needs = try map.optional("needs").map(Self.strings) ?? []
        rule.proper = try map.optional("proper")?.bool() ?? false
        rule.singular = try map.optional("singular")?.bool() ?? false
        rule.noTrailingParticiple = try map.optional("no_trailing_participle")?.bool() ?? false
        try map.finish()
        return rule
    }

    private static func entities(_ node: YAMLNode) throws(AdvGlueError) -> EntitySwaps {
        var map = try node.mapping()
        let tasks = try Self.tasks(try map.required("tasks"))
        let offers = try map.required("offers").int()
        guard offers >= 1 else { throw node.error("must be at least 1", key: "offers") }
        var groups: [EntitySwaps.Group] = []
        var owner: [String: String] = [:]
        for (key, isPerson) in [("people", true), ("places", false)] {
            for (name, listNode) in try map.required(key).mapping().entries {
                let members = try Self.strings(listNode)
                guard members.count >= 2 else { throw listNode.error("a list needs at least two entries") }
                for member in members {
                    guard member.allSatisfy(\.isLetter), member.first?.isUppercase == true else {
                        throw listNode.error("'\(member)' is not one capitalised word")
                    }
                    if let other = owner[member.lowercased()] {
                        throw listNode.error("'\(member)' is also in \(other): a swap must know its list")
                    }
                    owner[member.lowercased()] = name
                }
                groups.append(EntitySwaps.Group(name: name, isPerson: isPerson, members: members))
            }
        }
        let placesUnless = try map.optional("places_unless").map(Self.strings) ?? []
        try map.finish()
        return EntitySwaps(groups: groups, tasks: tasks, offers: offers, placesUnless: placesUnless)
    }

    private static func numbers(_ node: YAMLNode) throws(AdvGlueError) -> NumberFormats {
        var map = try node.mapping()
        let tasks = try Self.tasks(try map.required("tasks"))
        var words: [Int: String] = [:]
        for (key, value) in try map.required("words").mapping().entries {
            guard let number = Int(key), number >= 0 else { throw value.error("'\(key)' is not a number") }
            words[number] = try value.string().lowercased()
        }
        var ordinals: [Int: String] = [:]
        for (key, value) in try map.optional("ordinals")?.mapping().entries ?? [] {
            guard let number = Int(key), number > 0 else { throw value.error("'\(key)' is not a number") }
            ordinals[number] = try value.string().lowercased()
        }
        let notAfter = try map.optional("not_after").map(Self.strings) ?? []
        try map.finish()
        return NumberFormats(words: words, tasks: tasks, notAfter: notAfter, ordinals: ordinals)
    }
}
