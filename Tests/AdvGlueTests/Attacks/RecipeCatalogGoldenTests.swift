import AdvGlueAttacks
import Foundation
import Testing

/// `docs/recipes.md` is generated from ``RecipeParts``: it must match the code, and
/// every part the loader knows must be described there.
@Suite("Recipe catalog golden")
struct RecipeCatalogGoldenTests {
    static var document: URL { Fixtures.packageRoot.appending(path: "docs/recipes.md") }

    @Test func docsRecipesIsCurrent() throws {
        let generated = try RecipeCatalog.markdown(resources: Fixtures.resources)
        if ProcessInfo.processInfo.environment["ADVGLUE_REGENERATE_GOLDENS"] == "1" {
            try Data(generated.utf8).write(to: Self.document)
            return
        }
        let written = try String(contentsOf: Self.document, encoding: .utf8)
        #expect(written == generated, "docs/recipes.md is stale; run scripts/regenerate-goldens.sh")
    }

    /// Every part's type appears in the catalog and in the "known:" list of an unknown type.
    @Test func everyPartIsListedAndKnown() throws {
        let markdown = try RecipeCatalog.markdown(resources: Fixtures.resources)
        for seam in RecipeParts.seams {
            #expect(Set(seam.parts.map(\.type)).count == seam.parts.count, "a type is declared twice in \(seam.key)")
            for part in seam.parts {
                #expect(markdown.contains("### `\(part.type)`"))
                #expect(RecipeCatalog.partsListing.joined(separator: "\n").contains(part.type))
            }
        }
        let folder = FileManager.default.temporaryDirectory.appending(path: "advglue-catalog-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let recipe = try String(contentsOf: Fixtures.resources.attacks.appending(path: "typo.yaml"), encoding: .utf8)
        let file = folder.appending(path: "bad.yaml")
        try Data(recipe.replacingOccurrences(of: "type: character-typo", with: "type: no-such-part").utf8).write(
            to: file)
        do {
            _ = try RecipeLoader.load(file, resources: Fixtures.resources)
            Issue.record("loaded an unknown part")
        } catch {
            #expect(
                error.description.contains(
                    "unknown transformation 'no-such-part' (known: "
                        + RecipeParts.transformations.map(\.type).joined(separator: ", ") + ")"))
        }
    }
}
