/// `human-validation.json` (`advglue.human-validation`, version 1): people's verdicts on a
/// run's successful adversarial examples, read back from the CSV `advglue export
/// --annotation` wrote and they filled in (`advglue report RESULTS --annotations CSV`). The
/// report then gives the human-validated robust accuracy, as AdvGLUE computed it, and how
/// well the validity filters agree with the people (Cohen's kappa).
public struct HumanValidationFile: Sendable, Codable, Hashable {
    public static let fileName = "human-validation.json"
    public static let schemaName = "advglue.human-validation"
    public static let currentSchemaVersion = 1

    public var schema = schemaName
    public var schemaVersion = currentSchemaVersion
    /// The filled-in CSV, and its SHA-256.
    public var source: String
    public var sha256: String
    public var judgments: [Judgment]

    /// One person's verdict on one successful adversarial example.
    public struct Judgment: Sendable, Codable, Hashable {
        public var exampleID: String
        /// `valid`, `invalid` or `unsure`.
        public var verdict: String
        /// The label the person would give the perturbed text; nil when not given.
        public var humanLabel: String?
        /// What the validity filters said when the CSV was exported: `valid` or `invalid`.
        public var filtersVerdict: String?
        public var comment: String?

        public init(
            exampleID: String, verdict: String, humanLabel: String?, filtersVerdict: String?, comment: String?
        ) {
            self.exampleID = exampleID
            self.verdict = verdict
            self.humanLabel = humanLabel
            self.filtersVerdict = filtersVerdict
            self.comment = comment
        }
    }

    public init(source: String, sha256: String, judgments: [Judgment]) {
        self.source = source
        self.sha256 = sha256
        self.judgments = judgments
    }

    /// The figures of a run under these verdicts.
    public struct Summary: Sendable, Hashable {
        public var successes: Int
        /// Successes with a verdict of valid or invalid.
        public var judged: Int
        /// Judged valid, with the gold label when the person gave one.
        public var valid: Int
        public var invalid: Int
        public var unsure: Int
        public var unjudged: Int
        /// (failed + successes judged invalid) / (attacked − successes not judged).
        public var accuracyUnderAttack: Double?
        /// valid / (valid + invalid + failed).
        public var attackSuccessRate: Double?
        /// The share of the human labels given that equal the gold label.
        public var labelAgreement: Double?
        public var labelsGiven: Int
        /// Cohen's kappa between the filters' verdict and the people's, over examples
        /// both judged valid or invalid; nil when undefined (fewer than two, or one side
        /// gave a single verdict to all).
        public var kappa: Double?
        /// Examples both the filters and the people judged.
        public var compared: Int
        /// Where they agreed.
        public var agreed: Int
    }

    public func summary(of results: ResultsFile) -> Summary {
        let labels = results.run.labels
        let successes = results.results.filter { $0.outcome == .successful }
        let byID = Dictionary(judgments.map { ($0.exampleID, $0) }, uniquingKeysWith: { a, _ in a })
        var valid = 0
        var invalid = 0
        var unsure = 0
        var labelsGiven = 0
        var labelsAgreeing = 0
        var pairs: [(filters: Bool, people: Bool)] = []
        for success in successes {
            guard let judgment = byID[success.exampleID] else { continue }
            let gold = labels.indices.contains(success.groundTruth) ? labels[success.groundTruth] : nil
            if let label = judgment.humanLabel, !label.isEmpty {
                labelsGiven += 1
                if label.lowercased() == gold?.lowercased() { labelsAgreeing += 1 }
            }
            switch judgment.verdict {
            case "valid", "invalid":
                let keepsLabel = judgment.humanLabel.map { $0.isEmpty || $0.lowercased() == gold?.lowercased() } ?? true
                let isValid = judgment.verdict == "valid" && keepsLabel
                if isValid { valid += 1 } else { invalid += 1 }
                if let filters = judgment.filtersVerdict, filters == "valid" || filters == "invalid" {
                    pairs.append((filters == "valid", isValid))
                }
            default: unsure += 1
            }
        }
        let s = results.summary
        let unjudged = successes.count - valid - invalid
        let counted = s.successful + s.failed + s.skipped - unjudged
        let agreed = pairs.filter { $0.filters == $0.people }.count
        return Summary(
            successes: successes.count, judged: valid + invalid, valid: valid, invalid: invalid, unsure: unsure,
            unjudged: unjudged,
            accuracyUnderAttack: counted <= 0 ? nil : Double(s.failed + invalid) / Double(counted),
            attackSuccessRate: valid + invalid + s.failed == 0
                ? nil : Double(valid) / Double(valid + invalid + s.failed),
            labelAgreement: labelsGiven == 0 ? nil : Double(labelsAgreeing) / Double(labelsGiven),
            labelsGiven: labelsGiven, kappa: Self.kappa(pairs), compared: pairs.count, agreed: agreed)
    }

    /// Cohen's kappa of two raters' yes/no verdicts: (observed − expected agreement) /
    /// (1 − expected), expected from each rater's own rate of yes.
    public static func kappa(_ pairs: [(filters: Bool, people: Bool)]) -> Double? {
        guard pairs.count >= 2 else { return nil }
        let n = Double(pairs.count)
        let observed = Double(pairs.filter { $0.filters == $0.people }.count) / n
        let a = Double(pairs.filter(\.filters).count) / n
        let b = Double(pairs.filter(\.people).count) / n
        let expected = a * b + (1 - a) * (1 - b)
        guard expected < 1 else { return nil }
        return (observed - expected) / (1 - expected)
    }
}
