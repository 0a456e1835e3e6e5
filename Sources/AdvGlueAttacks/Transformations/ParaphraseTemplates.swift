import AdvGlueCorpora
import AdvGlueResults
import AdvGlueSupport
import AdvGlueText
import AdvGlueWordNet
import Foundation

/// Meaning-preserving paraphrases from the team's catalogue (`Corpora/templates/paraphrase.yaml`):
/// - sentence templates: clauses reordered around a subordinator ("X because Y" → "Because
///   Y, X"), passive ↔ active for a listed verb, question rewrites that keep the information
///   need ("How do I X?" → "What is the best way to X?"), adverbs moved;
/// - phrase templates: contractions ↔ expansions where the context allows them;
/// - entity swaps (names, cities, countries) and number formats (3 ↔ three), each made in
///   every field at once so that a pair keeps its label.
///
/// Each template names the tasks whose labels it cannot change; one applies to a field only
/// if the field is one the attack may change. Rewrites combine: ``TemplateSearch`` applies
/// up to its depth of them, each template at most once.
///
/// ```swift
/// let rewriter = try ParaphraseTemplates(contentsOf: url, words: try EnglishWords.locate())
/// rewriter.rewrites(of: RewriteState(start), from: start, using: &rng)
/// ```
/// Complexity: O(t · f) template applications per step for t templates and f fields, plus
/// O(e · offers) entity swaps.
public struct ParaphraseTemplates: FieldRewriter {
    let catalogue: TemplateCatalog

    init(catalogue: TemplateCatalog) {
        self.catalogue = catalogue
    }

    /// Loads the catalogue at `url` (errors name the file, line and key); the English word
    /// list (`wamerican`) tells names from common words.
    public init(contentsOf url: URL, words: EnglishWords) throws(AdvGlueError) {
        catalogue = try TemplateCatalog.load(url, words: words)
    }

    public var name: String { "paraphrase" }

    /// The template ids of the catalogue, in its order.
    public var templateIDs: [String] { catalogue.templates.map(\.id) }

    /// Nothing at a single word position: paraphrases rewrite whole fields.
    public func candidates(
        for state: PerturbedInput, at position: WordPosition,
        using rng: inout some RandomNumberGenerator
    ) -> [Modification] { [] }

    public func mayChange(_ word: String) -> Bool { false }

    static func tasks(for input: TextInput) -> Set<GlueTask> {
        let names = input.fields.map(\.name)
        return Set(GlueTask.allCases.filter { $0.fieldNames == names })
    }

    public func rewrites(
        of state: RewriteState, from start: PerturbedInput, using rng: inout some RandomNumberGenerator
    ) -> [RewriteState] {
        let tasks = Self.tasks(for: start.original.input)
        let modifiable = state.fields.indices.map { start.mayChange(field: $0) }
        let current = state.fields.map(FieldTokens.init)
        let plain = state.plain.map(FieldTokens.init)
        var result: [RewriteState] = []
        for template in catalogue.templates
        where !template.tasks.isDisjoint(with: tasks) && !state.applied.contains(template.id) {
            for index in state.fields.indices where modifiable[index] {
                guard let field = current[index], let plainField = plain[index] else { continue }
                let outputs = template.apply(to: field, classes: catalogue.classes, maps: catalogue.maps)
                let plainOutputs = template.apply(to: plainField, classes: catalogue.classes, maps: catalogue.maps)
                // The swaps change names only, so the plain text must take the same rewrite.
                guard outputs.count == plainOutputs.count else { continue }
                for (output, plainOutput) in zip(outputs, plainOutputs) {
                    result.append(
                        state.adding(
                            template.id, fields: [index: field.rendered(output)],
                            plain: [index: plainField.rendered(plainOutput)]))
                }
            }
        }
        if !catalogue.numbers.tasks.isDisjoint(with: tasks) {
            let changes = catalogue.numbers.changes(
                of: current, raw: state.fields, modifiable: modifiable, classes: catalogue.classes)
            let plainChanges = catalogue.numbers.changes(
                of: plain, raw: state.plain, modifiable: modifiable, classes: catalogue.classes)
            if changes.count == plainChanges.count {
                for (change, plainChange) in zip(changes, plainChanges)
                where change.name == plainChange.name && Set(change.fields.keys) == Set(plainChange.fields.keys)
                    && !state.applied.contains(change.name)
                {
                    result.append(
                        state.adding(
                            change.name,
                            fields: Dictionary(
                                uniqueKeysWithValues: change.fields.map {
                                    ($0.key, current[$0.key]!.rendered($0.value))
                                }),
                            plain: Dictionary(
                                uniqueKeysWithValues: plainChange.fields.map {
                                    ($0.key, plain[$0.key]!.rendered($0.value))
                                })))
                }
            }
        }
        if !catalogue.entities.tasks.isDisjoint(with: tasks) {
            for swap in catalogue.entities.swaps(
                of: current, raw: state.fields, modifiable: modifiable, classes: catalogue.classes, using: &rng)
            where !state.applied.contains(swap.name) {
                let texts = Dictionary(
                    uniqueKeysWithValues: swap.fields.map { ($0.key, current[$0.key]!.rendered($0.value)) })
                result.append(state.adding(swap.name, fields: texts, plain: [:]))
            }
        }
        return result
    }
}

extension ParaphraseTemplates {
    /// `type: paraphrase` in a recipe's `transformation`.
    static let recipePart = RecipePart<any Transformation>(
        type: "paraphrase",
        summary:
            "Meaning-preserving rewrites from a template catalogue: clause order, passive ↔ active, question rewrites, contractions, entity swaps and number formats consistent across fields (search: templates).",
        options: [
            RecipeOption(
                "templates", "the template file, beside the recipe or in Corpora/ (e.g. templates/paraphrase.yaml)")
        ]
    ) { map, context throws(AdvGlueError) in
        let templatesNode = try map.required("templates")
        return try ParaphraseTemplates(
            contentsOf: try context.dataFile(try templatesNode.string(), node: templatesNode),
            words: try EnglishWords.locate())
    }
}
