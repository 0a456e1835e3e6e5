import Foundation

/// McNemar's exact test on paired yes/no outcomes: of the discordant pairs, `b` went one
/// way and `c` the other; under the null hypothesis each discordant pair goes either way
/// with probability ½, so `b` is Binomial(b + c, ½).
///
/// ```swift
/// McNemar.oneSided(worse: 9, better: 1)  // 0.0107: candidate significantly worse
/// ```
/// Complexity: O(b + c).
public enum McNemar {
    /// P(X ≥ worse) for X ~ Binomial(worse + better, ½): the p-value of "the candidate is
    /// worse" (more examples newly broken than newly fixed). 1 when there is no discordant pair.
    public static func oneSided(worse: Int, better: Int) -> Double {
        let n = worse + better
        guard n > 0 else { return 1 }
        return min(1, (worse...n).reduce(0) { $0 + binomialHalf(n, $1) })
    }

    /// The two-sided exact p-value: twice the smaller tail, at most 1.
    public static func twoSided(_ b: Int, _ c: Int) -> Double {
        let n = b + c
        guard n > 0 else { return 1 }
        let k = min(b, c)
        return min(1, 2 * (0...k).reduce(0) { $0 + binomialHalf(n, $1) })
    }

    /// C(n, k) / 2^n, in logarithms so large n does not overflow.
    static func binomialHalf(_ n: Int, _ k: Int) -> Double {
        exp(lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1)) - Double(n) * log(2))
    }
}
