import AdvGlueModels
import Foundation

/// Checks the score rows an external model returned and turns them into the logits
/// the attack works on. Anything a model could get wrong is a permanent failure with
/// the reason: wrong row or class count, NaN or infinity, probabilities out of range.
enum ScoreRows {
    /// Validates `rows` for `count` inputs and `classes` labels, reorders columns by
    /// `columns` (the model's column for each task label), and maps probabilities to
    /// their logarithms (softmax maps those back to the same probabilities).
    static func logits(
        _ rows: [[Double]], count: Int, classes: Int, columns: [Int]? = nil,
        kind: ScoreKind
    ) throws(ModelCallFailure) -> [[Float]] {
        guard rows.count == count else {
            throw ModelCallFailure(.permanent, "model returned \(rows.count) score rows for \(count) inputs")
        }
        var result: [[Float]] = []
        result.reserveCapacity(count)
        for (number, row) in rows.enumerated() {
            guard row.count == classes else {
                throw ModelCallFailure(
                    .permanent, "model returned \(row.count) scores in row \(number + 1) for \(classes) labels")
            }
            guard row.allSatisfy(\.isFinite) else {
                throw ModelCallFailure(.permanent, "model returned a NaN or infinite score in row \(number + 1)")
            }
            let ordered = columns.map { $0.map { row[$0] } } ?? row
            switch kind {
            case .probabilities:
                guard ordered.allSatisfy({ $0 >= 0 && $0 <= 1 }) else {
                    throw ModelCallFailure(
                        .permanent, "model declared probabilities but row \(number + 1) has a value outside 0...1")
                }
                let sum = ordered.reduce(0, +)
                guard abs(sum - 1) <= 1e-3 else {
                    throw ModelCallFailure(
                        .permanent, "model declared probabilities but row \(number + 1) sums to \(sum)")
                }
                // A probability that underflows Float becomes the smallest positive one,
                // so its logarithm stays finite.
                result.append(ordered.map { Float(log(max($0, Double(Float.leastNonzeroMagnitude)))) })
            case .logits, .labels:
                result.append(ordered.map { Float($0) })
            }
        }
        return result
    }
}
