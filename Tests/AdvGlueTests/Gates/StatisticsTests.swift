import AdvGlueGates
import AdvGlueResults
import Foundation
import Testing

/// Intervals and tests against values computed independently: Wilson intervals by a
/// reference that inverts the score test numerically (and by Python's statistics module),
/// McNemar's exact p-values from the binomial tables.
@Suite("Statistics")
struct StatisticsTests {
    /// The Wilson interval as the set of p the score test does not reject:
    /// |p̂ − p| ≤ z √(p(1 − p)/n), found by bisection on each side of p̂.
    static func reference(_ k: Int, _ n: Int, z: Double) -> (Double, Double) {
        let phat = Double(k) / Double(n)
        func inside(_ p: Double) -> Bool { abs(phat - p) <= z * (p * (1 - p) / Double(n)).squareRoot() }
        func edge(_ outside: Double, _ inner: Double) -> Double {
            var (a, b) = (outside, inner)
            for _ in 0..<200 {
                let m = (a + b) / 2
                if inside(m) { b = m } else { a = m }
            }
            return b
        }
        return (inside(0) ? 0 : edge(0, phat), inside(1) ? 1 : edge(1, phat))
    }

    @Test(arguments: [(51, 100), (0, 10), (10, 10), (1, 3), (102, 200), (7, 48), (199, 200), (1, 1)])
    func wilsonMatchesTheInvertedScoreTest(_ k: Int, _ n: Int) throws {
        for (confidence, z) in [(0.95, 1.9599639845400536), (0.99, 2.5758293035489), (0.9, 1.6448536269514722)] {
            let interval = try #require(Interval.wilson(k, of: n, confidence: confidence))
            let (lower, upper) = Self.reference(k, n, z: z)
            #expect(abs(interval.lower - lower) < 1e-9, "\(k)/\(n) at \(confidence): \(interval.lower) vs \(lower)")
            #expect(abs(interval.upper - upper) < 1e-9, "\(k)/\(n) at \(confidence): \(interval.upper) vs \(upper)")
        }
    }

    /// Values from Python's statistics.NormalDist and the closed form, printed to 17 digits.
    @Test func wilsonKnownValues() throws {
        let a = try #require(Interval.wilson(51, of: 100))
        #expect(abs(a.lower - 0.41348011934027173) < 1e-12 && abs(a.upper - 0.6057800106955886) < 1e-12)
        let b = try #require(Interval.wilson(102, of: 200, confidence: 0.99))
        #expect(abs(b.lower - 0.4201009480263952) < 1e-12 && abs(b.upper - 0.599256866485078) < 1e-12)
        #expect(Interval.wilson(0, of: 10)?.lower == 0 && Interval.wilson(10, of: 10)?.upper == 1)
        #expect(Interval.wilson(1, of: 0) == nil)
        #expect(abs(Normal.quantile(0.975) - 1.9599639845400536) < 1e-14)
        #expect(abs(Normal.quantile(0.01) - -2.3263478740408408) < 1e-12)
    }

    /// Exact binomial tails: P(X ≥ k), X ~ Binomial(n, ½), from the binomial table.
    static let tails: [(Int, Int, Double)] = [
        (9, 1, 11.0 / 1024), (5, 5, 638.0 / 1024), (10, 0, 1.0 / 1024), (0, 0, 1.0), (3, 0, 1.0 / 8),
        (15, 5, 21700.0 / 1_048_576),
    ]

    @Test func mcNemarOneSided() {
        for (worse, better, expected) in Self.tails {
            #expect(abs(McNemar.oneSided(worse: worse, better: better) - expected) < 1e-12, "\(worse), \(better)")
        }
    }

    @Test func mcNemarTwoSided() {
        // 2 × P(X ≤ 1), n = 10: 2 × 11 / 1024.
        #expect(abs(McNemar.twoSided(9, 1) - 22.0 / 1024) < 1e-12)
        #expect(McNemar.twoSided(5, 5) == 1)
    }

    /// `at: 95%` tests the lower bound of a minimum and the upper bound of a maximum.
    @Test func gatesTestTheBoundTheThresholdFaces() throws {
        let config = try GateConfig.parse(
            Data(
                """
                version: 1
                gates:
                  - name: point
                    min_accuracy_under_attack: 45%
                  - name: bound
                    min_accuracy_under_attack: 45%
                    max_success_rate: 60%
                    at: 95%
                """.utf8), file: "g.yaml")
        var subject = GateSubject(
            task: .sst2, recipe: "typo", model: "m", source: "s", complete: true, originalAccuracy: 0.8,
            accuracyUnderAttack: 0.51, attackSuccessRate: 0.3625, averageSimilarity: nil, averageBERTScoreF1: nil,
            probe: nil)
        subject.counts = GateSubject.Counts(attacked: 200, robust: 102, fooled: 58, searched: 160)
        subject.successful = 58
        let evaluation = GateEvaluation(config: config, subjects: [subject])
        let point = try #require(evaluation.checks.first { $0.gate == "point" })
        #expect(point.passed && point.actual == 0.51 && point.basis == nil)
        let bound = try #require(
            evaluation.checks.first { $0.gate == "bound" && $0.check == "min_accuracy_under_attack" })
        let wilson = try #require(Interval.wilson(102, of: 200))
        #expect(!bound.passed && bound.actual == wilson.lower)
        #expect(bound.basis == "lower bound of the 95% interval")
        #expect(bound.message.contains("44.1%") || bound.message.contains("44.2%"), "\(bound.message)")
        let rate = try #require(evaluation.checks.first { $0.check == "max_success_rate" })
        #expect(rate.actual == Interval.wilson(58, of: 160)!.upper && rate.passed)
        #expect(!evaluation.passed)
    }

    /// A similarity gate with no successful attack has nothing to measure: not applicable.
    @Test func similarityWithoutSuccessesIsNotApplicable() throws {
        let config = try GateConfig.parse(
            Data("version: 1\ngates:\n  - name: close\n    min_similarity: 0.8\n".utf8), file: "g.yaml")
        var subject = GateSubject(
            task: .sst2, recipe: "typo", model: "m", source: "s", complete: true, originalAccuracy: 0.8,
            accuracyUnderAttack: 0.8, attackSuccessRate: 0, averageSimilarity: nil, averageBERTScoreF1: nil,
            probe: nil)
        subject.successful = 0
        let evaluation = GateEvaluation(config: config, subjects: [subject])
        #expect(evaluation.passed && evaluation.checks.isEmpty)
        #expect(evaluation.notApplicable.count == 1 && evaluation.notApplicable[0].contains("no attack succeeded"))
    }

    /// The bootstrap of a proportion lands near its Wilson interval (both estimate the same
    /// sampling spread), is reproducible, and is nil with nothing to resample.
    @Test func bootstrapAgreesWithWilsonOnAProportion() throws {
        let items = (0..<200).map { $0 < 102 }
        func rate(_ strata: [[Bool]]) -> Double? { Double(strata[0].filter { $0 }.count) / Double(strata[0].count) }
        let boot = try #require(Bootstrap.interval(strata: [items], statistic: rate))
        let wilson = try #require(Interval.wilson(102, of: 200))
        #expect(abs(boot.lower - wilson.lower) < 0.015 && abs(boot.upper - wilson.upper) < 0.015, "\(boot) \(wilson)")
        #expect(Bootstrap.interval(strata: [items], statistic: rate) == boot)
        #expect(Bootstrap.interval(strata: [[Bool]()], statistic: rate) == nil)
    }
}
