import AdvGlueAttacks
import AdvGlueCorpora
import AdvGlueModels
import AdvGlueProbe
import AdvGlueReports
import AdvGlueSupport
import AdvGlueText
import Foundation
import Testing

@Suite("Calibration probe")
struct CalibrationTests {
    @Test func measuresMatchHandComputedValues() {
        // Row 1: p = softmax([ln 3, 0]) = (0.75, 0.25), correct. Row 2: p = (0.25, 0.75), wrong (gold 0).
        let logits: [[Float]] = [[Float(log(3.0)), 0], [0, Float(log(3.0))]]
        let m = CalibrationMeasures(logits: logits, labels: [0, 0])
        #expect(m.accuracy == 0.5)
        #expect(abs(m.meanConfidence - 0.75) < 1e-6)
        // NLL = -(ln 0.75 + ln 0.25) / 2
        #expect(abs(m.negativeLogLikelihood - -(log(0.75) + log(0.25)) / 2) < 1e-6)
        // Both predictions sit in bin 11 ([0.733, 0.8)): accuracy 0.5, confidence 0.75.
        #expect(abs(m.expectedCalibrationError - 0.25) < 1e-6)
        #expect(abs(m.maximumCalibrationError - 0.25) < 1e-6)
        #expect(m.bins[11].count == 2)
        #expect(m.saturatedShare == 0)
    }

    @Test func eceWeightsBinsByCount() {
        // Three confident correct (p = 0.9, bin 13) and one unsure wrong (p = 0.6, bin 9).
        let confident: [Float] = [Float(log(9.0)), 0]
        let unsure: [Float] = [Float(log(1.5)), 0]
        let m = CalibrationMeasures(logits: [confident, confident, confident, unsure], labels: [0, 0, 0, 1])
        let expected = 0.75 * abs(1.0 - 0.9) + 0.25 * abs(0.0 - 0.6)
        #expect(abs(m.expectedCalibrationError - expected) < 1e-6)
        #expect(abs(m.maximumCalibrationError - 0.6) < 1e-6)
    }

    @Test(arguments: [(16.0, false), (16.5, false), (16.7, true), (17.0, true), (30.0, true)])
    func saturationStartsAtTheFloat32Threshold(_ margin: Double, _ saturated: Bool) {
        // 24 ln 2 ≈ 16.64: past it, 1 + e^-margin rounds to 1 in float32.
        let m = CalibrationMeasures(logits: [[Float(margin), 0]], labels: [0])
        #expect((m.saturatedShare == 1) == saturated)
        let goal = UntargetedClassification()
        #expect((goal.score(logits: [Float(margin), 0], groundTruth: 0) == 0) == saturated)
        // The margin score never saturates.
        #expect(
            UntargetedClassification(scoring: .margin).score(logits: [Float(margin), 0], groundTruth: 0)
                == Float(-margin))
    }

    @Test(arguments: [0.2, 1.0, 4.0])
    func calFindsAKnownTemperature(_ trueTemperature: Double) {
        // Labels drawn from softmax(z / T*) make T* the NLL minimiser in expectation; a
        // large deterministic sample keeps the fit close.
        var rng = SplitMix64(seed: 11)
        var logits: [[Float]] = []
        var labels: [Int] = []
        for _ in 0..<4000 {
            let z = Double.random(in: -4...4, using: &rng)
            let p = 1 / (1 + exp(-z / trueTemperature))
            logits.append([0, Float(z)])
            labels.append(Double.random(in: 0..<1, using: &rng) < p ? 1 : 0)
        }
        let fitted = TemperatureSearch.calibrated(logits: logits, labels: labels)
        #expect(abs(log(fitted / trueTemperature)) < 0.15, "fitted \(fitted) for \(trueTemperature)")
    }

    @Test func brentFindsAMinimumWithinItsBudget() async {
        let counter = Counter()
        let best = await TemperatureSearch.brent(
            { x in
                counter.count += 1
                return (x - 1.3) * (x - 1.3)
            }, low: -3, high: 5, evaluations: 10)
        #expect(abs(best.x - 1.3) < 0.05)
        #expect(counter.count <= 10)
    }

    /// The paper's pattern on real SST-2 dev: PWWS on the first 60 examples, calibration on the other 812.
    @Test(SharedCorpora.trait) func overConfidentModelsAreFlaggedAndPlainOnesAreNot() async throws {
        let examples = try DataLoader.load(try SharedCorpora.file("glue_data/SST-2/dev.tsv"), task: .sst2).examples
        let recipe = try Fixtures.recipe("pwws")
        var settings = CalibrationProbe.Settings()
        settings.optimise = false
        settings.jobs = 2
        let plain = try await CalibrationProbe(
            attack: recipe.attack, classifier: try Fixtures.model(.sst2), settings: settings
        )
        .run(attacked: Array(examples.prefix(60)), heldOut: Array(examples.dropFirst(60)))
        let overConfident = try await CalibrationProbe(
            attack: recipe.attack,
            classifier: TemperatureScaledClassifier(try Fixtures.model(.sst2), temperature: 0.001), settings: settings
        )
        .run(attacked: Array(examples.prefix(60)), heldOut: Array(examples.dropFirst(60)))
        #expect(!plain.illusionSuspected)
        #expect(overConfident.illusionSuspected)
        #expect(overConfident.before.saturatedShare > 0.9)
        #expect(abs(overConfident.calTemperature / plain.calTemperature / 1000 - 1) < 0.05)
        let atOne = try #require(overConfident.rows.first { $0.name == "T = 1" }?.summary.accuracyUnderAttack)
        let atCal = try #require(overConfident.rows.first { $0.name == "cal" }?.summary.accuracyUnderAttack)
        let plainAtOne = try #require(plain.rows.first?.summary.accuracyUnderAttack)
        #expect(atOne >= 1.5 * plainAtOne)
        #expect(abs(atCal - plainAtOne) <= 0.03 + 1e-9)
        let svg = ProbeReport.reliabilitySVG(overConfident)
        #expect(svg.hasPrefix("<svg") && svg.contains("<rect"))
        #expect(ProbeReport.appendix(overConfident).lines.contains("![Reliability diagram](reliability.svg)"))
    }

    @Test func probabilityModelsWorkThroughLogProbabilities() async throws {
        let model = try Fixtures.model(.sst2)
        let probabilities = ProbabilityModel(inner: model)
        let input = TextInput([("sentence", "a wonderful film")])
        let fromProbabilities = softmax(try await probabilities.logits(for: [input])[0])
        let fromLogits = softmax(try await model.logits(for: [input])[0])
        for (a, b) in zip(fromProbabilities, fromLogits) { #expect(abs(a - b) < 1e-5) }
        let examples = try Fixtures.demo(.sst2)
        var settings = CalibrationProbe.Settings()
        settings.optimise = false
        let result = try await CalibrationProbe(
            attack: try Fixtures.recipe("typo").attack, classifier: probabilities, settings: settings
        )
        .run(attacked: Array(examples.prefix(10)), heldOut: Array(examples.dropFirst(10)))
        #expect(result.rows.count == 3)
    }

    @Test func labelOnlyModelsAreRefused() async throws {
        let examples = try Fixtures.demo(.sst2)
        do {
            _ = try await CalibrationProbe(
                attack: try Fixtures.recipe("typo").attack,
                classifier: LabelOnlyModel(inner: try Fixtures.model(.sst2)),
                settings: CalibrationProbe.Settings()
            )
            .run(attacked: Array(examples.prefix(5)), heldOut: Array(examples.dropFirst(5)))
            Issue.record("the probe ran on a label-only model")
        } catch {
            #expect("\(error)".contains("returns only labels"))
        }
    }
}

final class Counter: @unchecked Sendable {
    var count = 0
}

/// A model that serves probabilities; its `logits` are their logarithms.
struct ProbabilityModel: Classifier {
    let inner: any Classifier
    var labels: [String] { inner.labels }
    var identity: ModelIdentity { inner.identity }
    var outputs: ScoreKind { .probabilities }
    func logits(for inputs: [TextInput]) async throws -> [[Float]] {
        try await inner.logits(for: inputs).map {
            softmax($0).map { Float(log(Double(max($0, .leastNonzeroMagnitude)))) }
        }
    }
}

/// A model that only tells its label.
struct LabelOnlyModel: Classifier {
    let inner: any Classifier
    var labels: [String] { inner.labels }
    var identity: ModelIdentity { inner.identity }
    var outputs: ScoreKind { .labels }
    func logits(for inputs: [TextInput]) async throws -> [[Float]] {
        try await inner.logits(for: inputs).map { row in row.indices.map { $0 == argmax(row) ? 1 : 0 } }
    }
}
