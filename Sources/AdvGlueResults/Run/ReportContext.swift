import Foundation

/// What a report shows beyond its results file: things that differ between otherwise
/// identical runs (date, duration, command line, commit), saved as `run.json` beside the
/// results so that `advglue report` regenerates every format byte for byte. Reports keep
/// the date and timing in their own "Run" block at the end.
public struct ReportContext: Sendable, Codable, Hashable {
    public static let schemaName = "advglue.run-context"
    public static let currentSchemaVersion = 1
    public static let fileName = "run.json"

    public var schema: String = schemaName
    public var schemaVersion: Int = currentSchemaVersion
    public var commandLine: [String]
    public var commit: String?
    public var icuVersion: String
    /// ISO 8601, when the run started.
    public var date: String
    public var elapsedSeconds: Double
    /// Where the results JSON was written, relative to the report.
    public var resultsFileName: String
    /// For a run of several recipes: the sub-folders holding each recipe's results, in order.
    public var parts: [String]?
    /// How the attack used the model during `elapsedSeconds`; nil where not measured.
    public var modelUsage: ModelUsage?
    /// For a run merged from shards (`advglue merge`): each shard's own timing, by shard.
    /// `date` is then the earliest shard's start and `elapsedSeconds` the time from it to
    /// the last shard's end.
    public var shards: [ShardTiming]?
    /// Examples this process attacked, when it resumed a journal (the others were
    /// finished before); the speed figures count only these. Nil: all of them.
    public var examplesThisRun: Int?

    public init(
        commandLine: [String], commit: String?, icuVersion: String, date: String, elapsedSeconds: Double,
        resultsFileName: String = "results.json", parts: [String]? = nil, modelUsage: ModelUsage? = nil,
        shards: [ShardTiming]? = nil
    ) {
        self.commandLine = commandLine
        self.commit = commit
        self.icuVersion = icuVersion
        self.date = date
        self.elapsedSeconds = elapsedSeconds
        self.resultsFileName = resultsFileName
        self.parts = parts
        self.modelUsage = modelUsage
        self.shards = shards
    }

    public func encoded() throws -> Data {
        try JSONFiles.encode(self)
    }

    public static func decode(_ data: Data) throws -> ReportContext {
        let context = try JSONFiles.decoder.decode(ReportContext.self, from: data)
        try JSONFiles.check(
            schema: context.schema, version: context.schemaVersion, expected: schemaName,
            supported: currentSchemaVersion)
        return context
    }
}

/// When one shard of a merged run started and how long it took.
public struct ShardTiming: Sendable, Codable, Hashable {
    public var index: Int
    public var count: Int
    /// ISO 8601; nil when the shard left no `run.json` beside its journal.
    public var date: String?
    public var elapsedSeconds: Double?

    public init(index: Int, count: Int, date: String?, elapsedSeconds: Double?) {
        self.index = index
        self.count = count
        self.date = date
        self.elapsedSeconds = elapsedSeconds
    }
}
