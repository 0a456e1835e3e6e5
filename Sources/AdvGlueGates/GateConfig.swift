import AdvGlueCorpora
import AdvGlueSupport
import AdvGlueYAML
import Foundation

/// A release gate file (`robustness.yaml`): thresholds per task and recipe that the
/// results of `advglue attack` or `advglue eval` must meet. See `robustness.example.yaml`.
///
/// Schema (version 1): `version`, optional `results` (folders or files `advglue gate`
/// reads when none are given, relative to the config), optional `baseline` (the saved
/// runs of the release that ships), and `gates`, a list of
/// {`name`, `task`, `recipe`, `min_accuracy_under_attack`, `max_drop`,
/// `max_success_rate`, `min_similarity`, `min_bertscore_f1`,
/// `fail_on_calibration_illusion`, `max_regression`, `no_significant_regression`,
/// `max_error_rate`, `required`, `at`}. Accuracy, drop and success-rate
/// thresholds are written with a percent sign (`40%`; the drop in percentage points),
/// so 0.4 and 40 cannot be confused; similarity and BERTScore F1 are plain numbers 0–1.
/// `at: 95%` tests accuracy, drop and success rate against the bound of their 95% Wilson
/// interval that faces the threshold instead of the point estimate.
/// Unknown keys are errors naming file, line and key.
public struct GateConfig: Sendable, Hashable {
    public static let supportedVersion = 1

    public struct Gate: Sendable, Hashable {
        public var name: String
        /// nil matches every task.
        public var task: GlueTask?
        /// A recipe name, `advglue` for the AdvGLUE benchmark; nil matches every one.
        public var recipe: String?
        /// Fractions 0...1.
        public var minAccuracyUnderAttack: Double?
        /// Percentage points, as a fraction (0.3 = 30 points).
        public var maxDrop: Double?
        public var maxSuccessRate: Double?
        public var minSimilarity: Double?
        public var minBERTScoreF1: Double?
        public var failOnCalibrationIllusion = false
        /// `at: 95%`: test the side of the rate's confidence interval at this level that
        /// the threshold faces (a minimum the lower bound, a maximum the upper), not the
        /// point estimate; nil for the point estimate.
        public var confidence: Double?
        /// The most accuracy under attack may fall below the baseline's on the same
        /// examples, as a fraction (0.02 = 2 points); needs `baseline`.
        public var maxRegression: Double?
        /// Fail when McNemar's exact test finds the candidate less robust than the
        /// baseline at the gate's level (`at:`, default 95%); needs `baseline`.
        public var noSignificantRegression = false
        /// The largest share of examples that may end in an error (a model error is never
        /// robust, but a run mostly made of errors measures nothing). Without the key a
        /// run with errors is held to ``defaultMaxErrorRate``.
        public var maxErrorRate: Double?
        public static let defaultMaxErrorRate = 0.05
        /// A gate no results match fails instead of being listed as not applicable.
        public var required = false

        /// Whether the gate compares with a baseline run.
        public var needsBaseline: Bool { maxRegression != nil || noSignificantRegression }

        public init(name: String) {
            self.name = name
        }

        public func matches(_ subject: GateSubject) -> Bool {
            (task == nil || task == subject.task) && (recipe == nil || recipe == subject.recipe)
        }
    }

    public var file: String
    public var sha256: String
    public var results: [String]
    /// Saved runs of the release that ships (folders or files, relative to the config),
    /// which `max_regression` and `no_significant_regression` compare with.
    public var baseline: [String]
    public var gates: [Gate]

    public static func load(_ url: URL) throws(AdvGlueError) -> GateConfig {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw AdvGlueError(.badConfig, "cannot read the gate config", at: .file(url.path))
        }
        return try parse(data, file: url.path)
    }

    public static func parse(_ data: Data, file: String) throws(AdvGlueError) -> GateConfig {
        var top = try YAMLNode.root(of: data, file: file).mapping()
        let versionNode = try top.required("version")
        guard try versionNode.int() == supportedVersion else {
            throw versionNode.error("unsupported gate config version; this advglue reads version \(supportedVersion)")
        }
        let base = URL(filePath: file).deletingLastPathComponent()
        func paths(_ key: String) throws(AdvGlueError) -> [String] {
            guard let node = top.optional(key) else { return [] }
            // One path or a list of them.
            let nodes = (try? node.sequence()) ?? [node]
            var out: [String] = []
            for node in nodes {
                let path = try node.string()
                out.append(path.hasPrefix("/") ? path : base.appending(path: path).standardizedFileURL.path)
            }
            return out
        }
        let results = try paths("results")
        let baseline = try paths("baseline")
        var gates: [Gate] = []
        let gateNodes = try top.required("gates").sequence()
        if gateNodes.isEmpty { throw AdvGlueError(.badConfig, "lists no gate", at: .file(file, key: "gates")) }
        for (index, node) in gateNodes.enumerated() {
            var map = try node.mapping()
            var gate = Gate(name: try map.optional("name")?.string() ?? "gate \(index + 1)")
            if let taskNode = map.optional("task") {
                let name = try taskNode.string()
                if name != "*" {
                    guard let task = GlueTask(rawValue: name) else {
                        throw taskNode.error(
                            "unknown task '\(name)' (expected \(GlueTask.allCases.map(\.rawValue).joined(separator: ", ")) or *)"
                        )
                    }
                    gate.task = task
                }
            }
            if let recipe = try map.optional("recipe")?.string(), recipe != "*" { gate.recipe = recipe }
            gate.minAccuracyUnderAttack = try map.optional("min_accuracy_under_attack").map(percent)
            gate.maxDrop = try map.optional("max_drop").map(percent)
            gate.maxSuccessRate = try map.optional("max_success_rate").map(percent)
            gate.minSimilarity = try map.optional("min_similarity").map(unit)
            gate.minBERTScoreF1 = try map.optional("min_bertscore_f1").map(unit)
            gate.failOnCalibrationIllusion = try map.optional("fail_on_calibration_illusion")?.bool() ?? false
            gate.required = try map.optional("required")?.bool() ?? false
            gate.maxErrorRate = try map.optional("max_error_rate").map(percent)
            gate.maxRegression = try map.optional("max_regression").map(percent)
            gate.noSignificantRegression = try map.optional("no_significant_regression")?.bool() ?? false
            if let atNode = map.optional("at") {
                let level = try percent(atNode)
                guard (0.5...0.999).contains(level) else {
                    throw atNode.error("the confidence level must be from 50% to 99.9% (e.g. 95%)")
                }
                gate.confidence = level
            }
            try map.finish(allowed: [
                "name", "task", "recipe", "min_accuracy_under_attack", "max_drop", "max_success_rate",
                "min_similarity", "min_bertscore_f1", "fail_on_calibration_illusion", "required", "at",
                "max_regression", "no_significant_regression", "max_error_rate",
            ])
            if gate.minAccuracyUnderAttack == nil, gate.maxDrop == nil, gate.maxSuccessRate == nil,
                gate.minSimilarity == nil,
                gate.minBERTScoreF1 == nil, !gate.failOnCalibrationIllusion, !gate.needsBaseline,
                gate.maxErrorRate == nil
            {
                throw node.error("the gate checks nothing: give at least one threshold")
            }
            gates.append(gate)
        }
        try top.finish(allowed: ["version", "results", "baseline", "gates"])
        if baseline.isEmpty, let gate = gates.first(where: \.needsBaseline) {
            throw AdvGlueError(
                .badConfig,
                "gate \(gate.name) compares with a baseline (max_regression or no_significant_regression), but the config names none",
                hint: "add `baseline: PATH`, the saved results of the release that ships",
                at: .file(file, key: "baseline"))
        }
        return GateConfig(file: file, sha256: SHA256.hex(data), results: results, baseline: baseline, gates: gates)
    }

    /// `40%` → 0.4. A bare number is refused, so 0.4 meaning 40% cannot slip through.
    static func percent(_ node: YAMLNode) throws(AdvGlueError) -> Double {
        let text = try node.string().trimmingCharacters(in: .whitespaces)
        guard text.hasSuffix("%"), let value = Double(text.dropLast().trimmingCharacters(in: .whitespaces)),
            value.isFinite, (0...100).contains(value)
        else {
            throw node.error("expected a percentage from 0% to 100%, written with the percent sign (e.g. 40%)")
        }
        return value / 100
    }

    static func unit(_ node: YAMLNode) throws(AdvGlueError) -> Double {
        let value = try node.double()
        guard value.isFinite, (0...1).contains(value) else { throw node.error("expected a number from 0 to 1") }
        return value
    }
}
