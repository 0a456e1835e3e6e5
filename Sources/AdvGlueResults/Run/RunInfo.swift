import AdvGlueCorpora
import AdvGlueModels

/// The advglue that wrote a file.
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
    /// The validity filters the run applied (`--filters`); nil in files written before
    /// filters existed, which ran none.
    public var filters: FilterInfo?

    public init(
        task: GlueTask, labels: [String], recipe: RecipeInfo, model: ModelIdentity, data: DataInfo, fields: [String],
        seed: UInt64,
        queryBudget: Int?, numExamplesRequested: Int?, examplesSelected: Int
    ) {
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

extension RunInfo {
    /// The label an LLM classifier adds for answers that name no label.
    public static let noAnswerLabel = LLMScoring.noAnswerLabel

    /// The column of ``noAnswerLabel`` when the model has it (LLM classifiers), else nil.
    public var noAnswerColumn: Int? {
        labels.count == task.labelNames.count + 1 && labels.last == Self.noAnswerLabel ? labels.count - 1 : nil
    }
}

public struct RecipeInfo: Sendable, Codable, Hashable {
    public var name: String
    public var file: String
    public var sha256: String
    public var follows: Citation
    public var deviations: [String]
    /// The files the recipe's parts read (word lists, templates, the homoglyph table),
    /// with their SHA-256: a changed file changes results as a changed recipe does. Nil
    /// when the parts read none.
    public var dataFiles: [DataFileInfo]?
    /// What the team found when it read the recipe's successes one by one under the default
    /// validity filters (docs/validity-reading.md); nil when it has not.
    public var readings: [Reading]?

    /// The paper and attack a recipe follows.
    public struct Citation: Sendable, Codable, Hashable {
        public var attack: String
        public var citation: String

        public init(attack: String, citation: String) {
            self.attack = attack
            self.citation = citation
        }
    }

    /// A reading of a recipe's successes on one task: how many of those read a careful
    /// reader judged valid (same label, same meaning, natural English or a plausible typo).
    public struct Reading: Sendable, Codable, Hashable {
        /// The task's name as `--task` takes it ("sst2", "mnli").
        public var task: String
        public var valid: Int
        public var read: Int
        /// When it was read (YYYY-MM-DD); the filters of that day's build applied.
        public var date: String
        /// Whether the filters were written while reading these very successes, so that the
        /// share is likely higher than on other examples; nil for a reading that does not say.
        public var inSample: Bool?

        public init(task: String, valid: Int, read: Int, date: String, inSample: Bool? = nil) {
            self.task = task
            self.valid = valid
            self.read = read
            self.date = date
            self.inSample = inSample
        }

        /// Whether the counts make sense (a results file may come from anywhere).
        public var isWellFormed: Bool { read >= 1 && (0...read).contains(valid) }

        public var share: Double { isWellFormed ? Double(valid) / Double(read) : 0 }
    }

    public init(
        name: String, file: String, sha256: String, follows: Citation, deviations: [String],
        dataFiles: [DataFileInfo]? = nil, readings: [Reading]? = nil
    ) {
        self.name = name
        self.file = file
        self.sha256 = sha256
        self.follows = follows
        self.deviations = deviations
        self.dataFiles = dataFiles
        self.readings = readings
    }
}

/// The validity filters of a run (`--filters`; docs/validity.md).
public struct FilterInfo: Sendable, Codable, Hashable {
    /// `advglue` or `none`.
    public var set: String
    /// The filters' names, in the order they apply.
    public var filters: [String]
    /// The least MiniLM cosine a changed field keeps with its original; nil without that check.
    public var similarityThreshold: Double?
    /// The lexicons and word lists the filters read, with their SHA-256.
    public var dataFiles: [DataFileInfo]?

    public init(set: String, filters: [String], similarityThreshold: Double? = nil, dataFiles: [DataFileInfo]? = nil) {
        self.set = set
        self.filters = filters
        self.similarityThreshold = similarityThreshold
        self.dataFiles = dataFiles
    }

    /// Whether the run's successes passed the validity filters.
    public var validated: Bool { self.set != "none" && !filters.isEmpty }
}

/// A file a recipe read, and its SHA-256.
public struct DataFileInfo: Sendable, Codable, Hashable {
    public var file: String
    public var sha256: String

    public init(file: String, sha256: String) {
        self.file = file
        self.sha256 = sha256
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

    public init(
        file: String, sha256: String, format: DataFormat, demo: Bool, examplesInFile: Int, skippedRows: [SkippedRow]
    ) {
        self.file = file
        self.sha256 = sha256
        self.format = format
        self.demo = demo
        self.examplesInFile = examplesInFile
        self.skippedRows = skippedRows
    }
}
