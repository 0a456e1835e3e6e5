import AdvGlueCorpora
import AdvGlueSupport

/// A candidate run compared with a baseline run on the same examples, recipe and seed:
/// each example's transition, the change in accuracy under attack with its interval, and
/// McNemar's exact test of whether the candidate is less robust.
///
/// ```swift
/// let comparison = try RunComparison(baseline: shipped, candidate: release)
/// comparison.difference       // −0.07: seven points less robust
/// comparison.pValue           // 0.033: significantly worse at the 5% level
/// ```
/// Complexity: O(n) in the examples.
public struct RunComparison: Sendable, Hashable, Codable {
    public static let schemaName = "advglue.comparison"
    public static let currentSchemaVersion = 1

    /// What happened to one example between the runs.
    public enum Transition: String, Sendable, Codable, CaseIterable {
        /// Robust in both runs.
        case bothRobust = "both_robust"
        /// Fooled (or wrong) in both runs.
        case bothBroken = "both_broken"
        /// Robust in the baseline, not in the candidate: a regression.
        case newlyBroken = "newly_broken"
        /// Not robust in the baseline, robust in the candidate.
        case newlyFixed = "newly_fixed"
    }

    /// One side of the comparison.
    public struct Side: Sendable, Hashable, Codable {
        public var source: String
        public var model: String
        /// Robust examples among the paired ones.
        public var robust: Int
        /// Accuracy under attack over the paired examples.
        public var accuracyUnderAttack: Double?
        public var accuracyInterval: Interval?
    }

    public var schema = schemaName
    public var schemaVersion = currentSchemaVersion
    public var task: GlueTask
    public var recipe: String
    /// The conditions both runs share (data, recipe, seed, filters, …).
    public var conditions: [String: String]
    public var baseline: Side
    public var candidate: Side
    /// Examples in both runs without an error in either: what the figures are over.
    public var paired: Int
    /// Examples left out because either run ended in an error on them.
    public var excludedErrors: [String]
    public var counts: [String: Int]
    /// Candidate minus baseline accuracy under attack (negative: less robust).
    public var difference: Double?
    /// The 95% interval of ``difference`` (Newcombe's paired score interval).
    public var differenceInterval: Interval?
    /// McNemar's exact one-sided p-value for "the candidate is less robust".
    public var pValue: Double
    /// Example ids robust in the baseline and not in the candidate, in data order.
    public var newlyBroken: [String]
    /// Example ids robust in the candidate and not in the baseline, in data order.
    public var newlyFixed: [String]

    public func count(_ transition: Transition) -> Int { counts[transition.rawValue] ?? 0 }

    /// The difference's interval at another confidence level (0.9 for 90%).
    public func differenceInterval(confidence: Double) -> Interval? {
        Interval.pairedDifference(
            both: count(.bothRobust), firstOnly: count(.newlyFixed), secondOnly: count(.newlyBroken),
            neither: count(.bothBroken), confidence: confidence)
    }

    /// Compares two runs, or refuses with an error naming every condition they differ in
    /// (data, recipe, seed, filters, …), an incomplete run, or examples not in both.
    public init(baseline: PairedRun, candidate: PairedRun) throws(AdvGlueError) {
        let b = Dictionary(baseline.conditions.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        let c = Dictionary(candidate.conditions.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        let names = baseline.conditions.map(\.name) + candidate.conditions.map(\.name).filter { b[$0] == nil }
        let differences = names.filter { b[$0] != c[$0] }.map {
            "\($0): baseline \(b[$0] ?? "not recorded"), candidate \(c[$0] ?? "not recorded")"
        }
        if !differences.isEmpty {
            throw AdvGlueError(
                .usage,
                "cannot compare \(baseline.source) with \(candidate.source): the runs differ in "
                    + differences.joined(separator: "; "),
                hint: "compare runs of the same data, recipe, seed and filters; rerun the candidate with the baseline's"
            )
        }
        for (side, run) in [("baseline", baseline), ("candidate", candidate)] where !run.complete {
            throw AdvGlueError(
                .usage, "cannot compare: the \(side) \(run.source) is incomplete",
                hint: "finish it with advglue attack --resume before comparing")
        }
        let baseIDs = baseline.outcomes.map(\.id) + baseline.errors
        let candIDs = candidate.outcomes.map(\.id) + candidate.errors
        if Set(baseIDs) != Set(candIDs) || baseIDs.count != candIDs.count {
            let onlyBase = Set(baseIDs).subtracting(candIDs).sorted().prefix(3)
            let onlyCand = Set(candIDs).subtracting(baseIDs).sorted().prefix(3)
            throw AdvGlueError(
                .usage,
                "cannot compare \(baseline.source) with \(candidate.source): they attacked different examples"
                    + (onlyBase.isEmpty ? "" : "; only the baseline has \(onlyBase.joined(separator: ", "))")
                    + (onlyCand.isEmpty ? "" : "; only the candidate has \(onlyCand.joined(separator: ", "))"),
                hint: "run both with the same --data and --num-examples")
        }
        let candidateRobust = Dictionary(candidate.outcomes.map { ($0.id, $0.robust) }, uniquingKeysWith: { a, _ in a })
        let excluded = Set(baseline.errors).union(candidate.errors)
        var counts = Dictionary(uniqueKeysWithValues: Transition.allCases.map { ($0.rawValue, 0) })
        var broken: [String] = []
        var fixed: [String] = []
        for (id, wasRobust) in baseline.outcomes {
            guard let isRobust = candidateRobust[id] else { continue }
            let transition: Transition
            switch (wasRobust, isRobust) {
            case (true, true): transition = .bothRobust
            case (false, false): transition = .bothBroken
            case (true, false):
                transition = .newlyBroken
                broken.append(id)
            case (false, true):
                transition = .newlyFixed
                fixed.append(id)
            }
            counts[transition.rawValue, default: 0] += 1
        }
        let paired = counts.values.reduce(0, +)
        let both = counts[Transition.bothRobust.rawValue] ?? 0
        func side(_ run: PairedRun, robust: Int) -> Side {
            Side(
                source: run.source, model: run.model, robust: robust,
                accuracyUnderAttack: paired > 0 ? Double(robust) / Double(paired) : nil,
                accuracyInterval: Interval.wilson(robust, of: paired))
        }
        self.task = baseline.task
        self.recipe = baseline.recipe
        self.conditions = b
        self.baseline = side(baseline, robust: both + broken.count)
        self.candidate = side(candidate, robust: both + fixed.count)
        self.paired = paired
        self.excludedErrors =
            baseline.outcomes.map(\.id).filter(excluded.contains)
            + baseline.errors.filter(excluded.contains)
        self.counts = counts
        self.difference = paired > 0 ? Double(fixed.count - broken.count) / Double(paired) : nil
        self.newlyBroken = broken
        self.newlyFixed = fixed
        self.pValue = McNemar.oneSided(worse: broken.count, better: fixed.count)
        self.differenceInterval = nil
        self.differenceInterval = differenceInterval(confidence: 0.95)
    }
}
