import AdvGlueText

/// One labelled example.
public struct Example: Sendable, Hashable, Codable {
    /// Stable across runs and positions: the row's own id column where the file has one
    /// (`idx`, `index`, `pairID`, `id`), else its line number.
    public var id: String
    public var input: TextInput
    public var label: Int

    public init(id: String, input: TextInput, label: Int) {
        self.id = id
        self.input = input
        self.label = label
    }
}

/// A row that `--lenient` skipped, kept so that reports can count it.
public struct SkippedRow: Sendable, Hashable, Codable {
    public var file: String
    public var line: Int
    public var problem: String

    public init(file: String, line: Int, problem: String) {
        self.file = file
        self.line = line
        self.problem = problem
    }
}

/// The examples read from one source, plus what was skipped on the way.
public struct Dataset: Sendable {
    public var task: GlueTask
    /// The file the examples came from.
    public var source: String
    public var format: DataFormat
    public var examples: [Example]
    public var skipped: [SkippedRow]

    public init(task: GlueTask, source: String, format: DataFormat, examples: [Example], skipped: [SkippedRow] = []) {
        self.task = task
        self.source = source
        self.format = format
        self.examples = examples
        self.skipped = skipped
    }
}

/// The data formats advglue reads.
public enum DataFormat: String, Sendable, Codable, CaseIterable {
    /// Classic `glue_data/` tab-separated files with a header row.
    case glueTSV = "glue-tsv"
    /// TaxiNLI's 27-column annotation of MNLI dev (`prem`, `hyp`, `label`, `genre`).
    case taxiNLITSV = "taxinli-tsv"
    /// The AdvGLUE `dev.json`: one object keyed by task.
    case advglueJSON = "advglue-json"
    /// JSON Lines, one object per line with GLUE field names and `label`.
    case jsonLines = "jsonl"
    /// `{"0": {"text_a", "text_b", "label"}, ...}` as in LM-BFF style few-shot releases.
    case keyedJSON = "keyed-json"
}
