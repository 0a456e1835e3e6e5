import AdvGlueCorpora

/// A task's figures with AdvGLUE's metrics: accuracy, and for QQP the mean of accuracy
/// and F1 (of the `duplicate` class). "Benign" figures are on the originals of the
/// items that have one (AdvGLUE's human-crafted items have none); the paired
/// adversarial accuracy is on the same items, so the drop compares like with like.
/// An item the model failed on counts as wrong.
public struct EvalTaskSummary: Sendable, Codable, Hashable {
    public var items: Int
    public var errors: Int
    public var adversarialAccuracy: Double?
    public var adversarialF1: Double?
    /// AdvGLUE's task score on the adversarial items (QQP: mean of accuracy and F1).
    public var adversarialScore: Double?
    /// Items with an original.
    public var pairs: Int
    public var benignAccuracy: Double?
    public var benignF1: Double?
    public var benignScore: Double?
    /// Adversarial accuracy on the paired items only.
    public var pairedAdversarialAccuracy: Double?
    /// 95% intervals: Wilson for the accuracies; for QQP's score (not a proportion) a
    /// seeded percentile bootstrap over the items. Nil in files written before it existed.
    public var intervals: Intervals?

    public struct Intervals: Sendable, Codable, Hashable {
        public var adversarialAccuracy: Interval?
        public var adversarialScore: Interval?
        public var benignAccuracy: Interval?
        public var pairedAdversarialAccuracy: Interval?
    }

    public init(task: GlueTask, items: [EvalItem]) {
        self.init(scoring: task, items: items)
        let paired = items.filter { $0.original != nil }
        func wilson(_ correct: [Bool]) -> Interval? { Interval.wilson(correct.filter { $0 }.count, of: correct.count) }
        let adversarial = wilson(items.map { $0.prediction == $0.label })
        intervals = Intervals(
            adversarialAccuracy: adversarial,
            adversarialScore: task == .qqp
                ? Bootstrap.interval(strata: [items]) { Self(scoring: task, items: $0[0]).adversarialScore }
                : adversarial,
            benignAccuracy: wilson(paired.map { $0.originalPrediction == $0.label }),
            pairedAdversarialAccuracy: wilson(paired.map { $0.prediction == $0.label }))
    }

    /// The figures without their intervals (what a bootstrap resample needs).
    init(scoring task: GlueTask, items: [EvalItem]) {
        self.items = items.count
        errors = items.filter { $0.error != nil }.count
        adversarialAccuracy = Self.accuracy(items.map { $0.prediction == $0.label })
        let paired = items.filter { $0.original != nil }
        pairs = paired.count
        benignAccuracy = Self.accuracy(paired.map { $0.originalPrediction == $0.label })
        pairedAdversarialAccuracy = Self.accuracy(paired.map { $0.prediction == $0.label })
        if task == .qqp {
            adversarialF1 = Self.f1(items.map { ($0.label, $0.prediction) })
            benignF1 = Self.f1(paired.map { ($0.label, $0.originalPrediction) })
            adversarialScore = Self.mean(adversarialAccuracy, adversarialF1)
            benignScore = Self.mean(benignAccuracy, benignF1)
        } else {
            adversarialScore = adversarialAccuracy
            benignScore = benignAccuracy
        }
    }

    public static func accuracy(_ correct: [Bool]) -> Double? {
        correct.isEmpty ? nil : Double(correct.filter { $0 }.count) / Double(correct.count)
    }

    /// F1 of class 1; an unscored item (nil) counts as the wrong class.
    static func f1(_ pairs: [(label: Int, prediction: Int?)]) -> Double? {
        guard !pairs.isEmpty else { return nil }
        var tp = 0
        var fp = 0
        var fn = 0
        for (label, prediction) in pairs {
            let predicted = prediction ?? (label == 1 ? 0 : 1)
            if predicted == 1 && label == 1 {
                tp += 1
            } else if predicted == 1 {
                fp += 1
            } else if label == 1 {
                fn += 1
            }
        }
        return tp == 0 ? 0 : 2 * Double(tp) / Double(2 * tp + fp + fn)
    }

    static func mean(_ a: Double?, _ b: Double?) -> Double? {
        guard let a, let b else { return nil }
        return (a + b) / 2
    }
}

/// Accuracy of a group of items (one perturbation level, one attack method).
public struct EvalGroup: Sendable, Codable, Hashable {
    public var name: String
    /// The levels the group's items come from (a method may span several).
    public var levels: [String]
    public var items: Int
    public var adversarialAccuracy: Double?
    public var pairs: Int
    public var benignAccuracy: Double?
    public var pairedAdversarialAccuracy: Double?

    init(name: String, items: [EvalItem]) {
        self.name = name
        levels = Array(Set(items.compactMap(\.level))).sorted {
            EvalSummary.levelOrder($0) < EvalSummary.levelOrder($1)
        }
        self.items = items.count
        adversarialAccuracy = EvalTaskSummary.accuracy(items.map(\.correct))
        let paired = items.filter { $0.original != nil }
        pairs = paired.count
        benignAccuracy = EvalTaskSummary.accuracy(paired.map { $0.originalCorrect == true })
        pairedAdversarialAccuracy = EvalTaskSummary.accuracy(paired.map(\.correct))
    }
}

/// The benchmark's headline figures: AdvGLUE's average over SST-2, MNLI (the mean of
/// matched and mismatched), RTE, QNLI and QQP, and accuracy by level and by method
/// pooled over the tasks.
public struct EvalSummary: Sendable, Codable, Hashable {
    public var adversarialAverage: Double?
    /// The 95% interval of ``adversarialAverage``: a seeded percentile bootstrap that
    /// resamples each task's items. Nil in files written before it existed.
    public var adversarialAverageInterval: Interval?
    public var benignAverage: Double?
    /// The leaderboard columns that went into the averages (all five when every task ran).
    public var averagedOver: [String]
    public var byLevel: [EvalGroup]
    public var byMethod: [EvalGroup]

    public static let leaderboardColumns = ["SST-2", "MNLI", "RTE", "QNLI", "QQP"]

    public init(_ tasks: [EvalTask]) {
        let columns = Self.columns(tasks)
        averagedOver = columns.filter { $0.adversarial != nil }.map(\.name)
        adversarialAverage = Self.average(columns.map(\.adversarial))
        adversarialAverageInterval =
            adversarialAverage == nil
            ? nil
            : Bootstrap.interval(strata: tasks.map(\.items)) { samples in
                let resampled = zip(tasks, samples).map { task, items in
                    var copy = task
                    copy.summary = EvalTaskSummary(scoring: task.task, items: items)
                    return copy
                }
                return Self.average(Self.columns(resampled).map(\.adversarial))
            }
        benignAverage = columns.allSatisfy({ $0.benign != nil }) ? Self.average(columns.map(\.benign)) : nil
        let items = tasks.flatMap(\.items)
        let levels = Set(items.compactMap(\.level)).sorted { Self.levelOrder($0) < Self.levelOrder($1) }
        byLevel = levels.map { level in EvalGroup(name: level, items: items.filter { $0.level == level }) }
        let methods = Dictionary(grouping: items.filter { $0.method != nil }, by: { $0.method! })
        byMethod = methods.map { EvalGroup(name: $0.key, items: $0.value) }.sorted {
            ($1.items, $0.name) < ($0.items, $1.name)
        }
    }

    /// A leaderboard column: its adversarial and benign scores (MNLI: the mean of m and mm).
    public struct Column: Sendable, Hashable {
        public var name: String
        public var adversarial: Double?
        public var benign: Double?
    }

    public static func columns(_ tasks: [EvalTask]) -> [Column] {
        func summary(_ task: GlueTask) -> EvalTaskSummary? { tasks.first { $0.task == task }?.summary }
        func mnli(_ key: KeyPath<EvalTaskSummary, Double?>) -> Double? {
            guard let m = summary(.mnli)?[keyPath: key], let mm = summary(.mnliMismatched)?[keyPath: key] else {
                return nil
            }
            return (m + mm) / 2
        }
        return [
            Column(name: "SST-2", adversarial: summary(.sst2)?.adversarialScore, benign: summary(.sst2)?.benignScore),
            Column(name: "MNLI", adversarial: mnli(\.adversarialScore), benign: mnli(\.benignScore)),
            Column(name: "RTE", adversarial: summary(.rte)?.adversarialScore, benign: summary(.rte)?.benignScore),
            Column(name: "QNLI", adversarial: summary(.qnli)?.adversarialScore, benign: summary(.qnli)?.benignScore),
            Column(name: "QQP", adversarial: summary(.qqp)?.adversarialScore, benign: summary(.qqp)?.benignScore),
        ]
    }

    static func average(_ values: [Double?]) -> Double? {
        let present = values.compactMap { $0 }
        return present.isEmpty ? nil : present.reduce(0, +) / Double(present.count)
    }

    static func levelOrder(_ level: String) -> Int {
        ["word": 0, "sentence": 1, "human": 2][level] ?? 3
    }
}
