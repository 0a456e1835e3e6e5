import AdvGlueResults

/// An attack recipe read from `Attacks/*.yaml`: the composed attack plus the paper it
/// follows and where it deviates, for reports.
public struct Recipe: Sendable {
    public var name: String
    public var version: Int
    public var description: String
    public var follows: RecipeInfo.Citation
    public var deviations: [String]
    /// The recipe file and its SHA-256, for reproducibility blocks.
    public var file: String
    public var sha256: String
    /// The files the recipe's parts read (``RecipeContext/dataFile(_:node:)``).
    public var dataFiles: [DataFileInfo] = []
    /// What reading its successes found (`Attacks/readings.tsv`; shipped recipes only).
    public var readings: [RecipeInfo.Reading] = []
    public var attack: Attack

    /// What results and reports record of the recipe.
    public var info: RecipeInfo {
        RecipeInfo(
            name: name, file: file, sha256: sha256, follows: follows, deviations: deviations,
            dataFiles: dataFiles.isEmpty ? nil : dataFiles, readings: readings.isEmpty ? nil : readings)
    }
}

extension RecipeInfo {
    public init(_ recipe: Recipe) {
        self = recipe.info
    }
}
