import AdvGlueAttacks
import AdvGlueCorpora
import AdvGlueMiniLM
import AdvGlueSupport

/// Everything `advglue attack` decides before anything runs: the data, the model, the
/// recipes and their overrides, the seed and parallelism, where outputs go, whether it
/// resumes a journal or attacks one shard, and the probe and gates that follow.
///
/// ```swift
/// var plan = AttackPlan(task: .sst2, jobs: 2)
/// plan.data = DataChoice(path: "../shared/corpora/glue_data", numExamples: 200)
/// plan.recipes = ["typo", "pwws"]
/// try await AttackRun(plan: plan, console: console).run()
/// ```
public struct AttackPlan: Sendable {
    public var task: GlueTask
    public var data = DataChoice()
    public var model = ModelChoice()
    /// Recipe names in `Attacks/` or paths to recipe files, in `--attack` order.
    public var recipes = ["typo"]
    /// `--fields`: overrides each recipe's fields.
    public var fields: FieldSelection?
    /// `--query-budget`: overrides each recipe's query budget.
    public var queryBudget: Int?
    /// `--validity`: overrides each recipe's validity scorer.
    public var validity: ValidityChoice?
    /// `--filters`: the validity filters applied on top of every recipe.
    public var filters = FilterSet.advglue
    public var seed: UInt64 = 42
    /// Examples attacked at once.
    public var jobs: Int
    /// The most inputs sent to the model in one call.
    public var batchSize = 256
    /// `--out`; nil for `Reports/TASK-RECIPE` (or the resumed journal's folder).
    public var out: String?
    /// The journal to continue (`--resume`).
    public var resume: String?
    /// Start again over a journal that holds an unfinished run (`--overwrite`).
    public var overwrite = false
    /// The longest one example may take (`--max-seconds-per-example`).
    public var maxSecondsPerExample = Attack.defaultMaxSecondsPerExample
    /// The shard this process attacks; nil for the whole run.
    public var shard: ShardChoice?
    /// Run the calibration probe after each recipe (`--probe`), on the examples after
    /// the attacked ones or on `calibrationData`.
    public var probe = false
    public var calibrationData: String?
    /// A gate config to check the results against (`--gate`).
    public var gate: String?
    public var journalSync: JournalWriter.Durability = .groupCommit

    public init(task: GlueTask, jobs: Int) {
        self.task = task
        self.jobs = jobs
    }
}

/// One shard of a run: which, and where the choice came from (`--shard`, a Kubernetes
/// or Slurm variable), for the note on standard error.
public struct ShardChoice: Sendable {
    public var spec: ShardSpec
    public var source: String

    public init(spec: ShardSpec, source: String) {
        self.spec = spec
        self.source = source
    }
}

/// `--shard I/N`: one shard of a run, numbered from 0 as Kubernetes numbers completions.
public struct ShardSpec: Sendable, Hashable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Parses `I/N`; nil unless 0 <= I < N.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1,
            (0..<count).contains(index)
        else { return nil }
        self.init(index: index, count: count)
    }

    public var description: String { "\(index)/\(count)" }
    /// The shard's own folder under `--out`.
    public var folderName: String { "shard-\(index)-of-\(count)" }
}

/// `--validity`: how successful adversarial examples are scored for the report.
public enum ValidityChoice: String, Sendable, CaseIterable {
    case minilm, none

    /// The scorer; for `minilm`, checks the model is installed before any example runs.
    public func scorer() throws -> (any ValidityScorer)? {
        switch self {
        case .none: return nil
        case .minilm:
            _ = try ModelLocation.locate()
            return MiniLMValidity()
        }
    }
}
