import AdvGlueResults
import AdvGlueSupport

/// A rate with its confidence interval, as reports print them: `66.0% (52.2–77.6)`.
enum RateText {
    static func percent(_ value: Double?, _ interval: Interval?) -> String {
        guard let value else { return "n/a" }
        guard let interval else { return Format.percent(value) }
        return
            "\(Format.percent(value)) (\(Format.fixed(interval.lower * 100, digits: 1))–\(Format.fixed(interval.upper * 100, digits: 1)))"
    }

    /// The drop in points with the interval of successful / attacked.
    static func drop(_ summary: AttackSummary) -> String {
        let text = Format.points(from: summary.originalAccuracy, to: summary.accuracyUnderAttack)
        guard let interval = summary.intervals?.drop, summary.originalAccuracy != nil else { return text }
        // The drop is printed as a change (−10.4 pp), so its interval is too.
        return
            "\(text) (\(Format.signed(-interval.upper * 100)) to \(Format.signed(-interval.lower * 100)))"
    }

    static let note = "Figures in brackets are 95% Wilson score intervals."
}
