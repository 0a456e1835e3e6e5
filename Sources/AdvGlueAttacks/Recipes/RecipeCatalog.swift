import AdvGlueCorpora
import AdvGlueSupport
import AdvGlueYAML
import Foundation

/// What a user may write in a recipe, drawn from ``RecipeParts``: `docs/recipes.md`
/// (every part with its keys, every shipped recipe with its parts) and the listing
/// `advglue recipes` prints.
///
/// ```swift
/// let markdown = try RecipeCatalog.markdown(resources: resources)  // docs/recipes.md
/// ```
public enum RecipeCatalog {
    /// The parts, one line per seam, for `advglue recipes`.
    public static var partsListing: [String] {
        ["", "Recipe parts (docs/recipes.md describes each and its keys):"]
            + RecipeParts.seams.map { "  \($0.key): " + $0.parts.map(\.type).joined(separator: ", ") }
    }

    /// `docs/recipes.md`.
    public static func markdown(resources: ProjectResources) throws -> String {
        var lines = [
            "# Recipes and their parts",
            "",
            "Generated from the code by `scripts/regenerate-goldens.sh` (a test fails when this file is stale); do not edit it by hand.",
            "",
            "A recipe (`Attacks/*.yaml`, or any file given to `--attack`) composes one part of each seam, as TextAttack does:",
            "a goal, a transformation, pre-transformation constraints, constraints and a search method. Each part is a mapping",
            "with a `type` and the keys below; a key a part does not take is an error naming file, line and key.",
            "Top-level keys: `version` (1), `name`, `description`, `follows` {`attack`, `citation`}, `deviations` (list), `goal`,",
            "`transformation`, `pre_constraints` (list), `constraints` (list), `search`, `fields` (`default`, `all` or a list),",
            "`segmentation` (`icu` or `icu-joining-hyphens`), `query_budget`, `validity` (`minilm` or `none`).",
            "What reading the shipped recipes' successes found is kept apart, in `Attacks/readings.tsv` (recipe, task, valid,",
            "read, date, and sample: `held-out` or `in-sample`), so that a new reading does not change a recipe's checksum; reports",
            "quote it ([validity.md](validity.md)).",
            "",
        ]
        for seam in RecipeParts.seams {
            lines += ["## \(seam.name.prefix(1).uppercased() + seam.name.dropFirst())s (`\(seam.key)`)", ""]
            for part in seam.parts {
                lines += ["### `\(part.type)`", "", part.summary, ""]
                guard !part.options.isEmpty else { continue }
                lines += ["| key | meaning | default |", "|---|---|---|"]
                lines += part.options.map { "| `\($0.key)` | \($0.meaning) | \($0.defaultValue ?? "required") |" }
                lines.append("")
            }
        }
        lines += ["## Shipped recipes", ""]
        for recipe in try RecipeLoader.available(in: resources) {
            lines += try describe(recipe)
        }
        return lines.joined(separator: "\n")
    }

    /// A shipped recipe: what it follows, its parts as its file writes them, its deviations.
    static func describe(_ recipe: Recipe) throws -> [String] {
        guard let data = FileManager.default.contents(atPath: recipe.file) else {
            throw AdvGlueError(.notFound, "cannot read the recipe file", at: .file(recipe.file))
        }
        var top = try YAMLNode.root(of: data, file: recipe.file).mapping()
        var lines = [
            "### `\(recipe.name)`", "",
            "\(recipe.description) Follows \(recipe.follows.attack): \(recipe.follows.citation)", "",
        ]
        for key in ["goal", "transformation", "pre_constraints", "constraints", "search"] {
            guard let node = top.optional(key) else { continue }
            let parts = node.isSequence ? try node.sequence() : [node]
            lines.append("- \(key): " + (parts.isEmpty ? "none" : try parts.map(part).joined(separator: "; ")))
        }
        for key in ["fields", "segmentation", "query_budget", "validity"] {
            if let node = top.optional(key) { lines.append("- \(key): \(node.inlineText)") }
        }
        lines += ["", "Deviations from the paper:", ""] + recipe.deviations.map { "- \($0)" } + [""]
        return lines
    }

    /// `` `type` (key: value, ...) ``.
    static func part(_ node: YAMLNode) throws -> String {
        var map = try node.mapping()
        let type = try map.required("type").string()
        let options = map.entries.filter { $0.0 != "type" }.map { "\($0.0): \($0.1.inlineText)" }
        return "`\(type)`" + (options.isEmpty ? "" : " (" + options.joined(separator: ", ") + ")")
    }
}
