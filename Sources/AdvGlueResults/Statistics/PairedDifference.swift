import Foundation

extension Interval {
    /// The confidence interval of the difference p₁ − p₂ between two rates measured on the
    /// same examples: `both` examples count for either rate, `firstOnly` for p₁ alone,
    /// `secondOnly` for p₂ alone, `neither` for none. Newcombe's hybrid score interval for
    /// paired data (Newcombe 1998, Statistics in Medicine 17:2635, method 10): the Wilson
    /// intervals of the two rates combined with their correlation φ, whose numerator is
    /// continuity-corrected as the paper does. It stays inside −1...1 and, unlike the Wald
    /// interval, is reliable for small samples and rates near 0 or 1. Nil for no examples.
    ///
    /// ```swift
    /// Interval.pairedDifference(both: 40, firstOnly: 2, secondOnly: 9, neither: 49)  // p₁ − p₂ = −7 pp, −13.3...−0.9
    /// ```
    /// Complexity: O(1).
    public static func pairedDifference(
        both a: Int, firstOnly b: Int, secondOnly c: Int, neither d: Int, confidence: Double = 0.95
    ) -> Interval? {
        let n = a + b + c + d
        guard n > 0, let first = wilson(a + b, of: n, confidence: confidence),
            let second = wilson(a + c, of: n, confidence: confidence)
        else { return nil }
        let total = Double(n)
        let p1 = Double(a + b) / total
        let p2 = Double(a + c) / total
        let marginals = Double(a + b) * Double(c + d) * Double(a + c) * Double(b + d)
        var phi = 0.0
        if marginals > 0 {
            let cross = Double(a) * Double(d) - Double(b) * Double(c)
            let corrected = cross > total / 2 ? cross - total / 2 : (cross < 0 ? cross : 0)
            phi = corrected / marginals.squareRoot()
        }
        let (l1, u1, l2, u2) = (first.lower, first.upper, second.lower, second.upper)
        let below = ((p1 - l1) * (p1 - l1) - 2 * phi * (p1 - l1) * (u2 - p2) + (u2 - p2) * (u2 - p2)).squareRoot()
        let above = ((u1 - p1) * (u1 - p1) - 2 * phi * (u1 - p1) * (p2 - l2) + (p2 - l2) * (p2 - l2)).squareRoot()
        let difference = p1 - p2
        return Interval(lower: max(-1, difference - below), upper: min(1, difference + above))
    }
}
