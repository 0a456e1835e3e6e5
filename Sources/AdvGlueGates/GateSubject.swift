import AdvGlueCorpora
import AdvGlueResults

/// One run a gate can judge: an attack recipe's results, or one task of the AdvGLUE
/// benchmark (recipe `advglue`).
public struct GateSubject: Sendable, Hashable {
    public var task: GlueTask
    public var recipe: String
    public var model: String
    /// The file or folder the figures come from, for the report.
    public var source: String
    public var complete: Bool
    public var originalAccuracy: Double?
    public var accuracyUnderAttack: Double?
    /// Accuracy under attack on the examples `originalAccuracy` was measured on, where
    /// that is a subset (the AdvGLUE items that have an original); `max_drop` uses it.
    public var pairedAccuracyUnderAttack: Double?
    public var attackSuccessRate: Double?
    public var averageSimilarity: Double?
    public var averageBERTScoreF1: Double?
    /// The calibration probe's verdict, when it ran.
    public var probe: ProbeVerdict?
    /// The counts behind the rates, for their confidence intervals; nil where unknown.
    public var counts: Counts?
    /// Successful attacks: a similarity gate with none has nothing to measure.
    public var successful: Int?
    /// Examples that ended in an error, of `examples` in all; nil where unknown.
    public var errors: Int?
    public var examples: Int?
    /// Every example's robustness, for a comparison with a baseline; nil when the
    /// subject was built from a digest (``GateBaselines`` reads it from `source`).
    public var paired: PairedRun?
    /// The comparison with the baseline run of the same task and recipe, when a gate
    /// asks for one; ``baselineProblem`` says why there is none.
    public var comparison: RunComparison?
    public var baselineProblem: String?

    /// The counts of an attack (or of the AdvGLUE benchmark's items).
    public struct Counts: Sendable, Hashable {
        /// Examples the rates are over (attacked, skipped included).
        public var attacked: Int
        /// Robust under attack.
        public var robust: Int
        /// Fooled: successful attacks.
        public var fooled: Int
        /// Attacked examples that the model got right before the attack.
        public var searched: Int

        public init(attacked: Int, robust: Int, fooled: Int, searched: Int) {
            self.attacked = attacked
            self.robust = robust
            self.fooled = fooled
            self.searched = searched
        }
    }

    public init(
        task: GlueTask, recipe: String, model: String, source: String, complete: Bool, originalAccuracy: Double?,
        accuracyUnderAttack: Double?, pairedAccuracyUnderAttack: Double? = nil, attackSuccessRate: Double?,
        averageSimilarity: Double?, averageBERTScoreF1: Double?, probe: ProbeVerdict?
    ) {
        self.task = task
        self.recipe = recipe
        self.model = model
        self.source = source
        self.complete = complete
        self.originalAccuracy = originalAccuracy
        self.accuracyUnderAttack = accuracyUnderAttack
        self.pairedAccuracyUnderAttack = pairedAccuracyUnderAttack
        self.attackSuccessRate = attackSuccessRate
        self.averageSimilarity = averageSimilarity
        self.averageBERTScoreF1 = averageBERTScoreF1
        self.probe = probe
    }

    /// An attack run's figures.
    public init(attack results: ResultsFile, probe: ProbeVerdict?, source: String) {
        self.init(attack: AttackDigest(results), probe: probe, source: source)
        paired = PairedRun(results: results, source: source)
    }

    /// An attack run's figures, from its digest.
    public init(attack results: AttackDigest, probe: ProbeVerdict?, source: String) {
        let s = results.summary
        self.init(
            task: results.run.task, recipe: results.run.recipe.name, model: results.run.model.spec, source: source,
            complete: results.complete, originalAccuracy: s.originalAccuracy,
            accuracyUnderAttack: s.accuracyUnderAttack,
            attackSuccessRate: s.attackSuccessRate, averageSimilarity: s.averageSimilarity,
            averageBERTScoreF1: s.averageBERTScoreF1, probe: probe)
        counts = Counts(
            attacked: s.successful + s.failed + s.skipped, robust: s.failed, fooled: s.successful,
            searched: s.successful + s.failed)
        successful = s.successful
        errors = s.errors
        examples = s.examples
    }
}

/// The calibration probe's finding, as a gate sees it.
public struct ProbeVerdict: Sendable, Hashable, Codable {
    public var suspected: Bool
    public var gapPoints: Double
    public var thresholdPoints: Double

    public init(suspected: Bool, gapPoints: Double, thresholdPoints: Double) {
        self.suspected = suspected
        self.gapPoints = gapPoints
        self.thresholdPoints = thresholdPoints
    }

    public init(_ probe: ProbeFile) {
        self.init(
            suspected: probe.result.illusionSuspected, gapPoints: probe.result.gapPoints,
            thresholdPoints: probe.result.thresholdPoints)
    }
}

extension EvalFile {
    /// Each task as the recipe `advglue`: accuracy under attack is the adversarial
    /// accuracy over all items, benign accuracy that on the originals; `max_drop`
    /// compares it with the adversarial accuracy on the same items.
    public func gateSubjects(source: String) -> [GateSubject] {
        tasks.map { task in
            var subject = GateSubject(
                task: task.task, recipe: benchmark, model: task.model.spec, source: source, complete: complete,
                originalAccuracy: task.summary.benignAccuracy, accuracyUnderAttack: task.summary.adversarialAccuracy,
                pairedAccuracyUnderAttack: task.summary.pairedAdversarialAccuracy, attackSuccessRate: nil,
                averageSimilarity: nil, averageBERTScoreF1: nil, probe: nil)
            subject.paired = PairedRun(eval: self, task: task, source: source)
            subject.errors = task.summary.errors
            subject.examples = task.summary.items
            return subject
        }
    }
}
