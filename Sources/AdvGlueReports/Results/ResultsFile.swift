import AdvGlueAttacks
import AdvGlueCorpora
import AdvGlueModels
import Foundation

/// The JSON results of an attack run; the schema is documented in `docs/results-schema.md`.
///
/// It holds nothing that varies between two runs with the same inputs and seed (no
/// dates, durations, output paths or job counts), so such runs write identical bytes.
public struct ResultsFile: Sendable, Codable, Hashable {
    public static let schemaName = "advglue.attack-results"
    public static let currentSchemaVersion = 1

    public var schema: String = schemaName
    public var schemaVersion: Int = currentSchemaVersion
    public var tool: ToolInfo
    /// False when the run was interrupted; `results` then holds the first examples only.
    public var complete: Bool
    public var run: RunInfo
    public var summary: AttackSummary
    public var results: [AttackResult]

    public init(tool: ToolInfo, complete: Bool, run: RunInfo, results: [AttackResult]) {
        self.tool = tool
        self.complete = complete
        self.run = run
        self.summary = AttackSummary(results)
        self.results = results
    }

    public static func decode(_ data: Data) throws -> ResultsFile {
        let file = try JSONFiles.decode(ResultsFile.self, from: data)
        try JSONFiles.check(schema: file.schema, version: file.schemaVersion, expected: schemaName, supported: currentSchemaVersion)
        return file
    }
}

public struct ToolInfo: Sendable, Codable, Hashable {
    public var name: String
    public var version: String

    public init(name: String = "advglue", version: String) {
        self.name = name
        self.version = version
    }
}

public struct RunInfo: Sendable, Codable, Hashable {
    public var task: GlueTask
    public var labels: [String]
    public var recipe: RecipeInfo
    public var model: ModelIdentity
    public var data: DataInfo
    /// The fields the attack was allowed to change.
    public var fields: [String]
    public var seed: UInt64
    public var queryBudget: Int?
    /// `--num-examples` as given; nil for all.
    public var numExamplesRequested: Int?
    /// Examples selected for the run (an interrupted run finished fewer).
    public var examplesSelected: Int

    public init(task: GlueTask, labels: [String], recipe: RecipeInfo, model: ModelIdentity, data: DataInfo, fields: [String], seed: UInt64,
                queryBudget: Int?, numExamplesRequested: Int?, examplesSelected: Int) {
        self.task = task
        self.labels = labels
        self.recipe = recipe
        self.model = model
        self.data = data
        self.fields = fields
        self.seed = seed
        self.queryBudget = queryBudget
        self.numExamplesRequested = numExamplesRequested
        self.examplesSelected = examplesSelected
    }
}

public struct RecipeInfo: Sendable, Codable, Hashable {
    public var name: String
    public var file: String
    public var sha256: String
    public var follows: Recipe.Citation
    public var deviations: [String]

    public init(_ recipe: Recipe) {
        name = recipe.name
        file = recipe.file
        sha256 = recipe.sha256
        follows = recipe.follows
        deviations = recipe.deviations
    }
}

public struct DataInfo: Sendable, Codable, Hashable {
    public var file: String
    public var sha256: String
    public var format: DataFormat
    /// True for the demo corpus shipped in `Corpora/demo` (not GLUE).
    public var demo: Bool
    public var examplesInFile: Int
    /// Rows skipped under `--lenient`.
    public var skippedRows: [SkippedRow]

    public init(file: String, sha256: String, format: DataFormat, demo: Bool, examplesInFile: Int, skippedRows: [SkippedRow]) {
        self.file = file
        self.sha256 = sha256
        self.format = format
        self.demo = demo
        self.examplesInFile = examplesInFile
        self.skippedRows = skippedRows
    }
}
