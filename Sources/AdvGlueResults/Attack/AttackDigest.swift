import AdvGlueText

/// What the report, the summary rows, the gates and the job summary need of an attack
/// run: its header, summary and the few examples a report shows, without the
/// per-example records. A run streams its results into a digest in constant memory;
/// a saved `results.json` gives the same digest.
///
/// ```swift
/// var builder = AttackDigest.Builder(tool: tool, complete: true, run: info)
/// for result in resultsInDataOrder { builder.add(result) }
/// AttackReport.render(builder.digest, context: context)
/// ```
public struct AttackDigest: Sendable, Hashable {
    /// Successful attacks a report shows, the first in data order.
    public static let shownSuccesses = 10
    /// Errors a report lists, the first in data order.
    public static let shownErrors = 50

    public var schema: String
    public var schemaVersion: Int
    public var tool: ToolInfo
    public var complete: Bool
    public var run: RunInfo
    public var summary: AttackSummary
    /// Results in the results file (for an interrupted run, the unbroken prefix).
    public var resultCount: Int
    /// The first ``shownSuccesses`` successful attacks, in data order.
    public var successes: [AttackResult]
    /// The first ``shownErrors`` examples that ended in an error, in data order.
    public var errors: [AttackResult]

    public init(_ file: ResultsFile) {
        var builder = Builder(tool: file.tool, complete: file.complete, run: file.run)
        for result in file.results { builder.add(result) }
        self = builder.digest
        schema = file.schema
        schemaVersion = file.schemaVersion
    }

    /// Feeds results one at a time, in data order.
    public struct Builder: Sendable {
        private var tool: ToolInfo
        private var complete: Bool
        private var run: RunInfo
        private var summary: AttackSummary.Accumulator
        private var count = 0
        private var successes: [AttackResult] = []
        private var errors: [AttackResult] = []

        public init(tool: ToolInfo, complete: Bool, run: RunInfo) {
            self.tool = tool
            self.complete = complete
            self.run = run
            summary = AttackSummary.Accumulator(noAnswerColumn: run.noAnswerColumn)
        }

        /// Complexity: O(1).
        public mutating func add(_ result: AttackResult) {
            summary.add(result)
            count += 1
            if result.outcome == .successful, successes.count < AttackDigest.shownSuccesses { successes.append(result) }
            if result.outcome == .error, errors.count < AttackDigest.shownErrors { errors.append(result) }
        }

        public var digest: AttackDigest {
            AttackDigest(
                schema: ResultsFile.schemaName, schemaVersion: ResultsFile.currentSchemaVersion, tool: tool,
                complete: complete,
                run: run, summary: summary.summary, resultCount: count, successes: successes, errors: errors)
        }
    }

    private init(
        schema: String, schemaVersion: Int, tool: ToolInfo, complete: Bool, run: RunInfo, summary: AttackSummary,
        resultCount: Int, successes: [AttackResult], errors: [AttackResult]
    ) {
        self.schema = schema
        self.schemaVersion = schemaVersion
        self.tool = tool
        self.complete = complete
        self.run = run
        self.summary = summary
        self.resultCount = resultCount
        self.successes = successes
        self.errors = errors
    }
}
