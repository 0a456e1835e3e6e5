import AdvGlueSupport

/// The percentile bootstrap, for figures that are not a single proportion (QQP's score,
/// the mean of accuracy and F1; AdvGLUE's average over tasks): resample each stratum's
/// items with replacement, recompute the figure, and take the central `confidence` share
/// of the resampled values (Efron and Tibshirani 1993, ch. 13). Seeded, so a report
/// regenerates byte for byte.
///
/// ```swift
/// Bootstrap.interval(strata: [qqpItems], seed: 2021) { score($0[0]) }
/// ```
/// Complexity: O(resamples × items × the statistic's cost).
public enum Bootstrap {
    public static let resamples = 2000
    public static let seed: UInt64 = 2021

    public static func interval<T>(
        strata: [[T]], resamples: Int = resamples, seed: UInt64 = seed, confidence: Double = 0.95,
        statistic: ([[T]]) -> Double?
    ) -> Interval? {
        guard strata.contains(where: { !$0.isEmpty }), resamples > 0 else { return nil }
        var rng = SplitMix64(seed: seed)
        var values: [Double] = []
        values.reserveCapacity(resamples)
        for _ in 0..<resamples {
            let sample = strata.map { items in
                items.isEmpty
                    ? items : (0..<items.count).map { _ in items[Int.random(in: 0..<items.count, using: &rng)] }
            }
            if let value = statistic(sample) { values.append(value) }
        }
        guard !values.isEmpty else { return nil }
        values.sort()
        let tail = (1 - confidence) / 2
        func quantile(_ q: Double) -> Double {
            // Linear interpolation between order statistics (type 7, as R and NumPy default).
            let h = Double(values.count - 1) * q
            let low = Int(h.rounded(.down))
            let high = min(low + 1, values.count - 1)
            return values[low] + (h - Double(low)) * (values[high] - values[low])
        }
        return Interval(lower: quantile(tail), upper: quantile(1 - tail))
    }
}
