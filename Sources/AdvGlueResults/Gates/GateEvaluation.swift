import Foundation

/// The outcome of checking results against a gate config: every check with its
/// threshold, the actual value and by how much it missed. Written as `gate.json`
/// (schema `advglue.gate-results`), `gate.md` and `junit.xml`.
public struct GateEvaluation: Sendable, Codable, Hashable {
    public static let schemaName = "advglue.gate-results"
    public static let currentSchemaVersion = 1

    public struct Check: Sendable, Codable, Hashable {
        public var gate: String
        public var task: String?
        public var recipe: String?
        public var model: String?
        public var source: String?
        /// The config key checked (`min_accuracy_under_attack`, ...), `complete`, or
        /// `results` for a required gate no results matched.
        public var check: String
        /// Fractions for percentages; nil where the check has no number.
        public var threshold: Double?
        public var actual: Double?
        public var passed: Bool
        /// What happened, in words: "accuracy under attack 51.0% is 9.0 points below the minimum 60.0%".
        public var message: String
        /// What `actual` is: nil for the point estimate, or the interval bound tested
        /// (`lower bound of the 95% interval`).
        public var basis: String?

        public init(
            gate: String, task: String?, recipe: String?, model: String?, source: String?, check: String,
            threshold: Double?,
            actual: Double?, passed: Bool, message: String
        ) {
            self.gate = gate
            self.task = task
            self.recipe = recipe
            self.model = model
            self.source = source
            self.check = check
            self.threshold = threshold
            self.actual = actual
            self.passed = passed
            self.message = message
        }
    }

    public var schema: String = schemaName
    public var schemaVersion: Int = currentSchemaVersion
    public var config: String
    public var configSHA256: String
    public var passed: Bool
    public var checks: [Check]
    /// Gates no results matched (and that are not `required`), and checks with nothing
    /// to measure (a similarity gate when no attack succeeded), each with the reason.
    public var notApplicable: [String]

    public var failures: [Check] { checks.filter { !$0.passed } }

    public init(config: String, configSHA256: String, passed: Bool, checks: [Check], notApplicable: [String]) {
        self.config = config
        self.configSHA256 = configSHA256
        self.passed = passed
        self.checks = checks
        self.notApplicable = notApplicable
    }

    public func encoded() throws -> Data { try JSONFiles.encode(self) }
}
