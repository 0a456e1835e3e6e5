import AdvGlueAttacks
import AdvGlueCorpora
import AdvGlueRun
import AdvGlueSupport
import ArgumentParser
import Foundation

struct Recipes: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recipes", abstract: "List the attack recipes in Attacks/ with one-line descriptions.")

    func run() throws {
        guard let resources = RunEnvironment.resources else {
            throw AdvGlueError(.notFound, "cannot find the Attacks/ folder; run from the checkout or set ADVGLUE_HOME")
        }
        let recipes = try RecipeLoader.available(in: resources)
        let width = recipes.map(\.name.count).max() ?? 0
        for recipe in recipes {
            print(
                recipe.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + recipe.description
                    + " (follows \(recipe.follows.attack))")
        }
        for line in RecipeCatalog.partsListing { print(line) }
    }
}
