import AdvGlueCorpora
import AdvGlueResults
import AdvGlueSupport
import AdvGlueText
import AdvGlueYAML
import Foundation

/// Reads recipes: `--attack typo` names `Attacks/typo.yaml`; a value with a `/` or a
/// `.yaml` suffix is a path to the user's own recipe.
///
/// Schema (version 1): `version`, `name`, `description`, `follows` {`attack`,
/// `citation`}, `deviations` (list), `goal` {`type`}, `transformation` {`type`, ...},
/// `pre_constraints` (list of {`type`, ...}), `constraints` (list), `search` {`type`},
/// `fields` (`default`, `all` or a list of field names), `segmentation` (`icu`, the
/// default, or `icu-joining-hyphens`), `query_budget`, `validity`
/// (`minilm` to score successful examples' similarity and BERTScore-style F1, or `none`). Unknown keys, parts and versions are errors naming file and key.
public enum RecipeLoader {
    public static let supportedVersion = 1

    /// A recipe name that is safe as one folder name: `[A-Za-z0-9._-]`, 1–64 characters,
    /// not starting with `.` (so neither `.` nor `..`).
    public static func isSafeName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64 && !name.hasPrefix(".")
            && name.unicodeScalars.allSatisfy {
                $0.isASCII
                    && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0))
            }
    }

    public static func locate(_ name: String, resources: ProjectResources?) throws(AdvGlueError) -> URL {
        if name.contains("/") || name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
            return URL(filePath: name)
        }
        guard let resources else {
            throw AdvGlueError(
                .badConfig, "cannot find the Attacks/ folder; set ADVGLUE_HOME", at: .file("Attacks/\(name).yaml"))
        }
        let url = resources.attacks.appending(path: "\(name).yaml")
        guard FileManager.default.fileExists(atPath: url.path) else {
            let known = availableNames(in: resources).joined(separator: ", ")
            throw AdvGlueError(.badConfig, "no recipe named '\(name)' (available: \(known))", at: .file(url.path))
        }
        return url
    }

    /// Every recipe in `Attacks/`, sorted by name.
    public static func available(in resources: ProjectResources) throws(AdvGlueError) -> [Recipe] {
        var recipes: [Recipe] = []
        for name in availableNames(in: resources) {
            recipes.append(try load(resources.attacks.appending(path: "\(name).yaml"), resources: resources))
        }
        return recipes
    }

    /// The names `--attack` takes for the recipes in `Attacks/` (their file names), sorted,
    /// without loading them: building a recipe reads its word lists and tables.
    public static func availableNames(in resources: ProjectResources) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: resources.attacks.path)) ?? [])
            .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(".yaml".count)) }.sorted()
    }

    public static func load(named name: String, resources: ProjectResources?) throws(AdvGlueError) -> Recipe {
        try load(try locate(name, resources: resources), resources: resources)
    }

    public static func load(_ url: URL, resources: ProjectResources?) throws(AdvGlueError) -> Recipe {
        let file = url.path
        guard let data = FileManager.default.contents(atPath: file) else {
            throw AdvGlueError(.badConfig, "cannot read the recipe file", at: .file(file))
        }
        var top = try YAMLNode.root(of: data, file: file).mapping()
        let versionNode = try top.required("version")
        let version = try versionNode.int()
        guard version == supportedVersion else {
            throw versionNode.error(
                "unsupported recipe version \(version); this advglue reads version \(supportedVersion)")
        }
        let nameNode = try top.required("name")
        let name = try nameNode.string()
        // The name becomes a folder (OUT/NAME for several recipes, Reports/TASK-NAME by
        // default): it must stay one plain path component.
        guard Self.isSafeName(name) else {
            throw nameNode.error(
                "recipe name '\(name)' must be letters, digits, '.', '_' or '-' (at most 64), not start with '.', and not be a path",
                key: "name")
        }
        let description = try top.required("description").string()
        var follows = try top.required("follows").mapping()
        let citation = RecipeInfo.Citation(
            attack: try follows.required("attack").string(), citation: try follows.required("citation").string())
        try follows.finish()
        var deviations: [String] = []
        for node in try top.required("deviations").sequence() { deviations.append(try node.string()) }
        let context = RecipeContext(file: file, resources: resources)
        let goal = try RecipeParts.build(
            try top.required("goal"), from: RecipeParts.goals, seam: "goal", context: context)
        let transformation = try RecipeParts.build(
            try top.required("transformation"), from: RecipeParts.transformations,
            seam: "transformation", context: context)
        var preConstraints: [any PreTransformationConstraint] = []
        for node in try top.optional("pre_constraints")?.sequence() ?? [] {
            preConstraints.append(
                try RecipeParts.build(
                    node, from: RecipeParts.preConstraints, seam: "pre-transformation constraint", context: context))
        }
        var constraints: [any Constraint] = []
        for node in try top.optional("constraints")?.sequence() ?? [] {
            constraints.append(
                try RecipeParts.build(node, from: RecipeParts.constraints, seam: "constraint", context: context))
        }
        let searchNode = try top.required("search")
        let search = try RecipeParts.build(
            searchNode, from: RecipeParts.searches, seam: "search method", context: context)
        // Whole-field rewrites and word-position searches cannot meet: each would find nothing.
        if (search is TemplateSearch) != (transformation is any FieldRewriter) {
            throw searchNode.error(
                search is TemplateSearch
                    ? "search 'templates' needs transformation type 'paraphrase', which rewrites whole fields"
                    : "transformation '\(transformation.name)' rewrites whole fields; use search type 'templates'")
        }
        var fields = FieldSelection.taskDefault
        if let fieldsNode = top.optional("fields") {
            if fieldsNode.isSequence {
                var names: [String] = []
                for node in try fieldsNode.sequence() { names.append(try node.string()) }
                fields = .named(names)
            } else {
                let text = try fieldsNode.string()
                guard text == "default" || text == "all" else {
                    throw fieldsNode.error("expected default, all or a list of field names")
                }
                fields = FieldSelection(parsing: text)
            }
        }
        var segmentation = WordSegmentation.icu
        if let node = top.optional("segmentation") {
            let text = try node.string()
            guard let value = WordSegmentation(rawValue: text) else {
                throw node.error(
                    "unknown segmentation '\(text)'; expected one of \(WordSegmentation.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            segmentation = value
        }
        let validity =
            try top.optional("validity").map { node throws(AdvGlueError) in try Self.validity(node, context: context) }
            ?? nil
        let budgetNode = top.optional("query_budget")
        let budget = try budgetNode?.int()
        if let budget, budget < 1 { throw budgetNode!.error("must be at least 1") }
        try top.finish()
        var attack = Attack(
            goal: goal, transformation: transformation, preConstraints: preConstraints,
            constraints: constraints, search: search, queryBudget: budget)
        attack.fields = fields
        attack.segmentation = segmentation
        attack.validity = validity
        // Readings belong to the shipped recipes only: a copy under another name, or another
        // file with a shipped name, was never read.
        var readings: [RecipeInfo.Reading] = []
        if let resources, Self.sameFolder(url.deletingLastPathComponent(), resources.attacks) {
            let table = resources.attacks.appending(path: RecipeReadings.fileName)
            if FileManager.default.fileExists(atPath: table.path) {
                readings = try RecipeReadings.load(table)[name] ?? []
            }
        }
        return Recipe(
            name: name, version: version, description: description, follows: citation, deviations: deviations,
            file: file, sha256: SHA256.hex(data), dataFiles: context.files.recorded, readings: readings, attack: attack)
    }

    /// Whether two URLs name the same folder, however written (a trailing slash, "..", links).
    static func sameFolder(_ a: URL, _ b: URL) -> Bool {
        func key(_ url: URL) -> String {
            var path = url.standardizedFileURL.resolvingSymlinksInPath().path
            while path.count > 1, path.hasSuffix("/") { path.removeLast() }
            return path
        }
        return key(a) == key(b)
    }

    /// `validity: minilm` or `none`: how successful examples are scored for the report.
    static func validity(_ node: YAMLNode, context: RecipeContext) throws(AdvGlueError) -> (any ValidityScorer)? {
        switch try node.string() {
        case "none": return nil
        case "minilm":
            try context.requireMiniLM(node)
            return MiniLMValidity()
        case let other: throw node.error("unknown validity scorer '\(other)' (known: minilm, none)")
        }
    }
}
