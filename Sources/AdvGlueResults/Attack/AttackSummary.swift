import AdvGlueText

/// Aggregate figures with TextAttack's definitions, so numbers compare across tools:
/// - original accuracy = (attacked − skipped) / attacked;
/// - accuracy under attack = failed / attacked;
/// - attack success rate = successful / (successful + failed);
/// - average perturbed word share over successful attacks;
/// - queries over successful and failed attacks (skipped ones are not searched).
/// Examples that errored are left out of every ratio and counted on their own:
/// they are never counted as robust.
public struct AttackSummary: Sendable, Codable, Hashable {
    public var examples: Int
    public var successful: Int
    public var failed: Int
    public var skipped: Int
    public var errors: Int
    public var originalAccuracy: Double?
    public var accuracyUnderAttack: Double?
    public var attackSuccessRate: Double?
    public var averagePerturbedWordShare: Double?
    public var averageWordsPerInput: Double?
    public var averageQueries: Double?
    public var p95Queries: Int?
    /// Failed attacks whose search stopped at the query budget.
    public var budgetExhausted: Int
    /// Mean validity of successful attacks that were measured; nil when none was.
    public var averageSimilarity: Double?
    public var averageBERTScoreF1: Double?
    /// Candidates each validity filter rejected, over all examples; nil when the run
    /// applied no filters.
    public var rejectedCandidates: [String: Int]?
    /// Flips each acceptance check refused, over all examples; nil without filters.
    public var rejectedFlips: [String: Int]?
    /// Mean of the filters' field similarity over successful attacks; nil when not measured.
    public var averageFieldSimilarity: Double?
    /// 95% Wilson intervals of the rates above (``intervals(confidence:)`` for other levels).
    public var intervals: Intervals?
    /// For an LLM classifier (a model with a "(no answer)" label): examples whose answer
    /// named no label without attack, and with attack (those plus the successes whose
    /// answer named none). Both are counted wrong, never left out; nil for other models.
    public var noAnswerOriginal: Int?
    public var noAnswerUnderAttack: Int?

    /// Confidence intervals of a summary's rates, from its counts.
    public struct Intervals: Sendable, Codable, Hashable {
        public var confidence: Double
        public var originalAccuracy: Interval?
        public var accuracyUnderAttack: Interval?
        public var attackSuccessRate: Interval?
        /// original accuracy − accuracy under attack = successful / attacked: a proportion.
        public var drop: Interval?
        /// errors / examples.
        public var errorRate: Interval?
    }

    /// Wilson intervals of the rates at `confidence` (0.95 for 95%).
    public func intervals(confidence: Double) -> Intervals {
        let attacked = successful + failed + skipped
        return Intervals(
            confidence: confidence,
            originalAccuracy: Interval.wilson(successful + failed, of: attacked, confidence: confidence),
            accuracyUnderAttack: Interval.wilson(failed, of: attacked, confidence: confidence),
            attackSuccessRate: Interval.wilson(successful, of: successful + failed, confidence: confidence),
            drop: Interval.wilson(successful, of: attacked, confidence: confidence),
            errorRate: Interval.wilson(errors, of: examples, confidence: confidence))
    }

    /// errors / examples; nil with no examples.
    public var errorRate: Double? { examples == 0 ? nil : Double(errors) / Double(examples) }

    public init(_ results: [AttackResult], noAnswerColumn: Int? = nil) {
        var accumulator = Accumulator(noAnswerColumn: noAnswerColumn)
        for result in results { accumulator.add(result) }
        self = accumulator.summary
    }

    /// Builds a summary from results fed one at a time, keeping counts, sums and a
    /// histogram of query counts rather than the results, so a run of any size
    /// summarises in constant memory (bounded by the distinct query counts).
    ///
    /// Results must be fed in data order: the means are sums of floating-point values,
    /// and the same order gives the same bits as summarising the whole list.
    ///
    /// ```swift
    /// var accumulator = AttackSummary.Accumulator()
    /// for result in results { accumulator.add(result) }
    /// accumulator.summary == AttackSummary(results) // true
    /// ```
    public struct Accumulator: Sendable {
        private var examples = 0
        private var successful = 0
        private var failed = 0
        private var skipped = 0
        private var errors = 0
        private var budgetExhausted = 0
        private var perturbedWordShareSum = 0.0
        private var wordCount = 0
        private var searched = 0
        private var searchedQueries = 0
        /// Query count → examples with that many, for the exact p95.
        private var queryHistogram: [Int: Int] = [:]
        private var similaritySum = 0.0, similarityCount = 0
        private var f1Sum = 0.0, f1Count = 0
        private var fieldSimilaritySum = 0.0, fieldSimilarityCount = 0
        private var rejectedCandidates: [String: Int]?
        private var rejectedFlips: [String: Int]?
        private let noAnswerColumn: Int?
        private var noAnswerOriginal = 0
        private var noAnswerUnderAttack = 0

        /// `noAnswerColumn`: the model's "(no answer)" label (``RunInfo/noAnswerColumn``).
        public init(noAnswerColumn: Int? = nil) {
            self.noAnswerColumn = noAnswerColumn
        }

        /// Complexity: O(1) amortised.
        public mutating func add(_ result: AttackResult) {
            examples += 1
            switch result.outcome {
            case .successful:
                successful += 1
                perturbedWordShareSum += result.perturbedWordShare
                if let similarity = result.validity?.similarity {
                    similaritySum += similarity
                    similarityCount += 1
                }
                if let f1 = result.validity?.bertScoreF1 {
                    f1Sum += f1
                    f1Count += 1
                }
                if let similarity = result.validity?.fieldSimilarity {
                    fieldSimilaritySum += similarity
                    fieldSimilarityCount += 1
                }
            case .failed:
                failed += 1
                if result.budgetExhausted { budgetExhausted += 1 }
            case .skipped:
                skipped += 1
            case .error:
                errors += 1
            }
            if let rejected = result.rejected {
                rejectedCandidates = (rejectedCandidates ?? [:]).merging(rejected.candidates, uniquingKeysWith: +)
                rejectedFlips = (rejectedFlips ?? [:]).merging(rejected.flips, uniquingKeysWith: +)
            }
            if let noAnswerColumn, result.outcome != .error {
                if result.originalPrediction == noAnswerColumn {
                    noAnswerOriginal += 1
                    noAnswerUnderAttack += 1
                } else if result.outcome == .successful && result.perturbedPrediction == noAnswerColumn {
                    noAnswerUnderAttack += 1
                }
            }
            if result.outcome != .error { wordCount += result.wordCount }
            if result.outcome == .successful || result.outcome == .failed {
                searched += 1
                searchedQueries += result.queries
                queryHistogram[result.queries, default: 0] += 1
            }
        }

        public var summary: AttackSummary {
            let attacked = successful + failed + skipped
            let scored = examples - errors
            var summary = AttackSummary(
                examples: examples, successful: successful, failed: failed, skipped: skipped, errors: errors,
                originalAccuracy: attacked == 0 ? nil : Double(successful + failed) / Double(attacked),
                accuracyUnderAttack: attacked == 0 ? nil : Double(failed) / Double(attacked),
                attackSuccessRate: successful + failed == 0 ? nil : Double(successful) / Double(successful + failed),
                averagePerturbedWordShare: successful == 0 ? nil : perturbedWordShareSum / Double(successful),
                averageWordsPerInput: scored == 0 ? nil : Double(wordCount) / Double(scored),
                averageQueries: searched == 0 ? nil : Double(searchedQueries) / Double(searched),
                p95Queries: AttackSummary.percentile(queryHistogram, count: searched, 0.95),
                budgetExhausted: budgetExhausted,
                averageSimilarity: similarityCount == 0 ? nil : similaritySum / Double(similarityCount),
                averageBERTScoreF1: f1Count == 0 ? nil : f1Sum / Double(f1Count))
            summary.rejectedCandidates = rejectedCandidates
            summary.rejectedFlips = rejectedFlips
            summary.averageFieldSimilarity =
                fieldSimilarityCount == 0 ? nil : fieldSimilaritySum / Double(fieldSimilarityCount)
            summary.intervals = summary.intervals(confidence: 0.95)
            if noAnswerColumn != nil {
                summary.noAnswerOriginal = noAnswerOriginal
                summary.noAnswerUnderAttack = noAnswerUnderAttack
            }
            return summary
        }
    }

    private init(
        examples: Int, successful: Int, failed: Int, skipped: Int, errors: Int, originalAccuracy: Double?,
        accuracyUnderAttack: Double?, attackSuccessRate: Double?, averagePerturbedWordShare: Double?,
        averageWordsPerInput: Double?, averageQueries: Double?, p95Queries: Int?, budgetExhausted: Int,
        averageSimilarity: Double?, averageBERTScoreF1: Double?
    ) {
        self.examples = examples
        self.successful = successful
        self.failed = failed
        self.skipped = skipped
        self.errors = errors
        self.originalAccuracy = originalAccuracy
        self.accuracyUnderAttack = accuracyUnderAttack
        self.attackSuccessRate = attackSuccessRate
        self.averagePerturbedWordShare = averagePerturbedWordShare
        self.averageWordsPerInput = averageWordsPerInput
        self.averageQueries = averageQueries
        self.p95Queries = p95Queries
        self.budgetExhausted = budgetExhausted
        self.averageSimilarity = averageSimilarity
        self.averageBERTScoreF1 = averageBERTScoreF1
    }

    /// Nearest-rank percentile: the smallest value with at least p of the values at or below it.
    static func percentile(_ values: [Int], _ p: Double) -> Int? {
        percentile(Dictionary(values.map { ($0, 1) }, uniquingKeysWith: +), count: values.count, p)
    }

    /// The nearest-rank percentile of values given as value → how many.
    /// Complexity: O(d log d) for d distinct values.
    static func percentile(_ histogram: [Int: Int], count: Int, _ p: Double) -> Int? {
        guard count > 0 else { return nil }
        let rank = max(1, min(count, Int((p * Double(count)).rounded(.up))))
        var seen = 0
        for value in histogram.keys.sorted() {
            seen += histogram[value]!
            if seen >= rank { return value }
        }
        preconditionFailure("the histogram holds \(seen) values, not \(count)")
    }
}
