import AdvGlueCorpora
import AdvGlueModels
import AdvGlueText
import Foundation

/// `eval.json`: a model scored on the AdvGLUE dev set, every item with its predictions,
/// and AdvGLUE's metrics. Like `results.json` it holds nothing that varies between two
/// runs with the same inputs (no dates or durations). Schema `advglue.eval-results`,
/// documented in `docs/results-schema.md`.
public struct EvalFile: Sendable, Codable, Hashable {
    public static let schemaName = "advglue.eval-results"
    public static let currentSchemaVersion = 1

    public var schema: String = schemaName
    public var schemaVersion: Int = currentSchemaVersion
    public var tool: ToolInfo
    /// `advglue`.
    public var benchmark: String
    /// False when the run was interrupted; tasks then hold the items scored so far.
    public var complete: Bool
    /// `dev.json`.
    public var data: DataInfo
    /// `dev_ann.json`, when found: originals, levels and methods come from it.
    public var annotations: DataInfo?
    public var tasks: [EvalTask]
    public var summary: EvalSummary

    public init(
        tool: ToolInfo, benchmark: String, complete: Bool, data: DataInfo, annotations: DataInfo?, tasks: [EvalTask]
    ) {
        self.tool = tool
        self.benchmark = benchmark
        self.complete = complete
        self.data = data
        self.annotations = annotations
        self.tasks = tasks
        self.summary = EvalSummary(tasks)
    }

    public func encoded() throws -> Data { try JSONFiles.encode(self) }

    public static func decode(_ data: Data) throws -> EvalFile {
        let file = try JSONFiles.decode(EvalFile.self, from: data)
        try JSONFiles.check(
            schema: file.schema, version: file.schemaVersion, expected: schemaName, supported: currentSchemaVersion)
        return file
    }
}

/// One task of the benchmark.
public struct EvalTask: Sendable, Codable, Hashable {
    public var task: GlueTask
    public var labels: [String]
    public var model: ModelIdentity
    public var items: [EvalItem]
    public var summary: EvalTaskSummary

    public init(task: GlueTask, model: ModelIdentity, items: [EvalItem]) {
        self.task = task
        self.labels = task.labelNames
        self.model = model
        self.items = items
        self.summary = EvalTaskSummary(task: task, items: items)
    }
}

/// One AdvGLUE item: the adversarial input, its original where AdvGLUE kept one, and
/// the model's predictions on both.
public struct EvalItem: Sendable, Codable, Hashable {
    public var id: String
    public var label: Int
    public var input: TextInput
    public var original: TextInput?
    /// `word`, `sentence` or `human` (AdvGLUE's `data_construction`).
    public var level: String?
    public var method: String?
    public var prediction: Int?
    public var probabilities: [Float]?
    public var originalPrediction: Int?
    public var originalProbabilities: [Float]?
    /// Why the model could not score the item; such an item counts as wrong.
    public var error: String?

    public init(id: String, label: Int, input: TextInput, original: TextInput?, level: String?, method: String?) {
        self.id = id
        self.label = label
        self.input = input
        self.original = original
        self.level = level
        self.method = method
    }

    public var correct: Bool { prediction == label }
    /// nil when there is no original to score.
    public var originalCorrect: Bool? { original == nil ? nil : originalPrediction == label }
    /// Inputs sent to the model for this item.
    public var queries: Int { original == nil ? 1 : 2 }
}
