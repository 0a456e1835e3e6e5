import AdvGlueSupport
import AdvGlueText

/// The one layer every model call of an attack goes through: it memoises identical
/// inputs, counts the distinct queries sent to the model, and enforces a query budget.
///
/// One instance serves one example. Sharing the cache across examples would make
/// query counts depend on which example ran first under `--jobs`, and runs with the
/// same seed must report the same numbers.
///
/// ```swift
/// let model = QueryingModel(classifier, budget: 2000)
/// let scores = try await model.probabilities(for: [input])
/// model.queries // 1, and 1 again after asking for the same input twice
/// ```
public final class QueryingModel {
    public let classifier: any Classifier
    /// The maximum number of distinct inputs sent to the model; nil for no limit.
    public let budget: Int?
    /// The most inputs sent in one model call; larger requests are split.
    public let maxBatchSize: Int
    public private(set) var queries = 0
    private var cache: [TextInput: [Float]] = [:]
    /// When the example's time is up (``Attack/maxSecondsPerExample``); nil for never.
    public let deadline: (at: ContinuousClock.Instant, seconds: Double)?

    public init(
        _ classifier: any Classifier, budget: Int? = nil, maxBatchSize: Int = 256, maxSeconds: Double? = nil
    ) {
        precondition(maxBatchSize >= 1, "batch size must be at least 1")
        self.classifier = classifier
        self.budget = budget
        self.maxBatchSize = maxBatchSize
        deadline = maxSeconds.map { (ContinuousClock.now.advanced(by: .seconds($0)), $0) }
    }

    public var remaining: Int? { budget.map { max(0, $0 - queries) } }
    public var isExhausted: Bool { remaining == 0 }

    /// Logits for each input; cached inputs cost nothing. Inputs beyond the budget are
    /// not sent and come back as nil, so a search can stop where its budget ends.
    public func logits(for inputs: [TextInput]) async throws -> [[Float]?] {
        var missing: [TextInput] = []
        var seen: Set<TextInput> = []
        for input in inputs where cache[input] == nil && !seen.contains(input) {
            seen.insert(input)
            missing.append(input)
        }
        if let remaining, missing.count > remaining { missing = Array(missing.prefix(remaining)) }
        for start in stride(from: 0, to: missing.count, by: maxBatchSize) {
            // Checked before each model call: a search that would run on for minutes (a huge
            // input, a crawling model) ends the example with an error instead of a stall.
            if let deadline, ContinuousClock.now > deadline.at {
                throw AdvGlueError(
                    .modelFailed,
                    "took longer than \(deadline.seconds == deadline.seconds.rounded() ? String(Int(deadline.seconds)) : String(deadline.seconds)) s, the limit per example (--max-seconds-per-example)"
                )
            }
            let batch = Array(missing[start..<min(start + maxBatchSize, missing.count)])
            let rows = try await classifier.logits(for: batch)
            guard rows.count == batch.count else {
                throw AdvGlueError(.modelFailed, "model returned \(rows.count) rows for \(batch.count) inputs")
            }
            for (input, row) in zip(batch, rows) {
                guard row.count == classifier.labels.count else {
                    throw AdvGlueError(
                        .modelFailed, "model returned \(row.count) scores for \(classifier.labels.count) labels")
                }
                guard row.allSatisfy(\.isFinite) else {
                    throw AdvGlueError(.modelFailed, "model returned a NaN or infinite score")
                }
                cache[input] = row
            }
            queries += batch.count
        }
        return inputs.map { cache[$0] }
    }

    /// Softmax probabilities for each input; nil where the budget ran out.
    public func probabilities(for inputs: [TextInput]) async throws -> [[Float]?] {
        try await logits(for: inputs).map { $0.map(softmax) }
    }
}
