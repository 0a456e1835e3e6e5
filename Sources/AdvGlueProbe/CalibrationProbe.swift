import AdvGlueAttacks
import AdvGlueCorpora
import AdvGlueModels
import AdvGlueResults
import AdvGlueSupport
import Foundation

/// The calibration probe (Raina et al., ACL 2024): does a model only look robust because
/// its softmax is saturated? It measures calibration on a held-out split, fits the
/// attacker's temperature two ways (`cal`: minimum held-out NLL; `opt`: minimum accuracy
/// under attack on a validation subset, Brent's method over log T), reruns the attack
/// with the scores rescaled (success is still judged on the unscaled model) and with a
/// margin score, and compares accuracy under attack.
public struct CalibrationProbe: Sendable {
    public struct Settings: Sendable {
        public var grid: [Double] = []
        public var optimise = true
        public var validationExamples = 50
        public var optEvaluations = 10
        /// Points by which accuracy under attack at T = 1 must exceed the lowest probed value.
        public var thresholdPoints = 5.0
        public var seed: UInt64 = 42
        public var jobs = 1

        public init() {}
    }

    public var attack: Attack
    public var classifier: any Classifier
    public var settings: Settings

    public init(attack: Attack, classifier: any Classifier, settings: Settings) {
        self.attack = attack
        self.classifier = classifier
        self.settings = settings
    }

    /// Runs the probe. `attacked` and `heldOut` must be disjoint.
    public func run(
        attacked: [Example], heldOut: [Example],
        progress: @Sendable (String) -> Void = { _ in }
    ) async throws -> ProbeResult {
        guard classifier.outputs != .labels else {
            throw AdvGlueError(
                .badData, "the calibration probe needs class scores, but this model returns only labels",
                hint: "serve logits or probabilities")
        }
        guard !heldOut.isEmpty else {
            throw AdvGlueError(
                .badData, "no held-out examples for calibration",
                hint: "pass --calibration-data, or a --data file with more examples than --num-examples")
        }
        progress("scoring \(heldOut.count) held-out examples")
        var logits: [[Float]] = []
        for start in stride(from: 0, to: heldOut.count, by: 256) {
            logits += try await classifier.logits(for: heldOut[start..<min(start + 256, heldOut.count)].map(\.input))
        }
        let labels = heldOut.map(\.label)
        let before = CalibrationMeasures(logits: logits, labels: labels)
        let calTemperature = TemperatureSearch.calibrated(logits: logits, labels: labels)
        let after = CalibrationMeasures(logits: logits, labels: labels, temperature: calTemperature)

        var rows: [ProbeRow] = []
        func row(_ name: String, temperature: Double, scoring: UntargetedClassification.Scoring = .probability) async
            -> ProbeRow
        {
            progress("attacking at \(name)")
            let results = await runner(temperature: temperature, scoring: scoring).run(attacked)
            return ProbeRow(
                name: name, temperature: temperature, scoring: scoring.rawValue, summary: AttackSummary(results))
        }
        rows.append(await row("T = 1", temperature: 1))
        rows.append(await row("cal", temperature: calTemperature))
        var optTemperature: Double?
        if settings.optimise {
            let validation = Array(heldOut.prefix(settings.validationExamples))
            optTemperature = try await optimalTemperature(validation: validation, progress: progress)
            rows.append(await row("opt", temperature: optTemperature!))
        }
        for temperature in settings.grid { rows.append(await row("grid", temperature: temperature)) }
        rows.append(await row("margin", temperature: 1, scoring: .margin))

        let atOne = rows[0].summary.accuracyUnderAttack ?? 0
        let lowest = rows.compactMap(\.summary.accuracyUnderAttack).min() ?? atOne
        let gap = (atOne - lowest) * 100
        let suspected = gap >= settings.thresholdPoints
        return ProbeResult(
            before: before, after: after, calTemperature: calTemperature, optTemperature: optTemperature,
            rows: rows, thresholdPoints: settings.thresholdPoints, gapPoints: gap, illusionSuspected: suspected,
            heldOutExamples: heldOut.count, attackedExamples: attacked.count)
    }

    func runner(temperature: Double, scoring: UntargetedClassification.Scoring) -> AttackRunner {
        var attack = self.attack
        attack.goal = UntargetedClassification(temperature: Float(temperature), scoring: scoring)
        return AttackRunner(attack: attack, classifier: classifier, seed: settings.seed, jobs: settings.jobs)
    }

    /// `opt`: compare T = 10 with T = 1 to pick the side, then Brent's method over log T.
    func optimalTemperature(validation: [Example], progress: @Sendable (String) -> Void) async throws -> Double {
        let accuracy = { @Sendable (logT: Double) async -> Double in
            let results = await runner(temperature: Foundation.exp(logT), scoring: .probability).run(validation)
            return AttackSummary(results).accuracyUnderAttack ?? 1
        }
        progress("fitting opt on \(validation.count) validation examples")
        let atOne = await accuracy(0)
        let atTen = await accuracy(Foundation.log(10))
        let (low, high) = atTen <= atOne ? (0.0, Foundation.log(1e4)) : (Foundation.log(1e-4), 0.0)
        let best = await TemperatureSearch.brent(
            accuracy, low: low, high: high, evaluations: max(1, settings.optEvaluations - 2))
        let candidates = [(0.0, atOne), (Foundation.log(10), atTen), (best.x, best.value)]
        return Foundation.exp(candidates.min { $0.1 < $1.1 }!.0)
    }
}
