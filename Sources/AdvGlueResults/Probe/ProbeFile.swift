import AdvGlueCorpora
import AdvGlueModels
import Foundation

/// `probe.json`: the probe's findings with the configuration that produced them, so
/// `advglue report` can regenerate `probe.md` (or the attack report's probe section)
/// without re-running anything. Schema `advglue.probe-results`, documented in
/// `docs/results-schema.md`.
public struct ProbeFile: Sendable, Codable, Hashable {
    public static let schemaName = "advglue.probe-results"
    public static let currentSchemaVersion = 1
    public static let fileName = "probe.json"

    public var schema: String = schemaName
    public var schemaVersion: Int = currentSchemaVersion
    public var tool: ToolInfo
    public var run: ProbeRunInfo
    public var result: ProbeResult

    public init(tool: ToolInfo, run: ProbeRunInfo, result: ProbeResult) {
        self.tool = tool
        self.run = run
        self.result = result
    }

    public func encoded() throws -> Data { try JSONFiles.encode(self) }

    public static func decode(_ data: Data) throws -> ProbeFile {
        let file = try JSONFiles.decode(ProbeFile.self, from: data)
        try JSONFiles.check(
            schema: file.schema, version: file.schemaVersion, expected: schemaName, supported: currentSchemaVersion)
        return file
    }
}

/// What the probe ran on.
public struct ProbeRunInfo: Sendable, Codable, Hashable {
    public var task: GlueTask
    public var recipe: RecipeInfo
    public var model: ModelIdentity
    /// The attacked examples' file.
    public var data: DataInfo
    /// Where the held-out examples came from when not from `data`.
    public var calibrationData: DataInfo?
    public var seed: UInt64

    public init(
        task: GlueTask, recipe: RecipeInfo, model: ModelIdentity, data: DataInfo, calibrationData: DataInfo?,
        seed: UInt64
    ) {
        self.task = task
        self.recipe = recipe
        self.model = model
        self.data = data
        self.calibrationData = calibrationData
        self.seed = seed
    }
}
