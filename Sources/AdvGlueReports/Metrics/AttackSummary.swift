import AdvGlueAttacks

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

    public init(_ results: [AttackResult]) {
        func count(_ outcome: AttackOutcome) -> Int { results.filter { $0.outcome == outcome }.count }
        examples = results.count
        successful = count(.successful)
        failed = count(.failed)
        skipped = count(.skipped)
        errors = count(.error)
        budgetExhausted = results.filter { $0.outcome == .failed && $0.budgetExhausted }.count
        let attacked = successful + failed + skipped
        originalAccuracy = attacked == 0 ? nil : Double(successful + failed) / Double(attacked)
        accuracyUnderAttack = attacked == 0 ? nil : Double(failed) / Double(attacked)
        attackSuccessRate = successful + failed == 0 ? nil : Double(successful) / Double(successful + failed)
        let successes = results.filter { $0.outcome == .successful }
        averagePerturbedWordShare = successes.isEmpty ? nil : successes.map(\.perturbedWordShare).reduce(0, +) / Double(successes.count)
        let scored = results.filter { $0.outcome != .error }
        averageWordsPerInput = scored.isEmpty ? nil : Double(scored.map(\.wordCount).reduce(0, +)) / Double(scored.count)
        let searched = results.filter { $0.outcome == .successful || $0.outcome == .failed }.map(\.queries)
        averageQueries = searched.isEmpty ? nil : Double(searched.reduce(0, +)) / Double(searched.count)
        p95Queries = Self.percentile(searched, 0.95)
        func mean(_ values: [Double]) -> Double? { values.isEmpty ? nil : values.reduce(0, +) / Double(values.count) }
        averageSimilarity = mean(successes.compactMap { $0.validity?.similarity })
        averageBERTScoreF1 = mean(successes.compactMap { $0.validity?.bertScoreF1 })
    }

    /// Nearest-rank percentile: the smallest value with at least p of the values at or below it.
    static func percentile(_ values: [Int], _ p: Double) -> Int? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return sorted[max(0, min(sorted.count - 1, rank - 1))]
    }
}
