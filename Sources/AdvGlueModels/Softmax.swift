import Foundation

/// Numerically stable softmax.
///
/// ```swift
/// softmax([2, 0]) // [0.8808, 0.1192]
/// ```
/// Complexity: O(n).
public func softmax(_ logits: [Float]) -> [Float] {
    guard let maximum = logits.max() else { return [] }
    let exps = logits.map { Float.exp($0 - maximum) }
    let sum = exps.reduce(0, +)
    return exps.map { $0 / sum }
}

/// The index of the largest score; the first one on ties, so predictions are reproducible.
public func argmax(_ scores: [Float]) -> Int {
    var best = 0
    for i in scores.indices where scores[i] > scores[best] { best = i }
    return best
}

extension Float {
    @inlinable static func exp(_ x: Float) -> Float {
        Float(Foundation.exp(Double(x)))
    }
}
