import AdvGlueAttacks
import AdvGlueCorpora
import AdvGlueModels
import AdvGlueReports
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
    public func run(attacked: [Example], heldOut: [Example],
                    progress: @Sendable (String) -> Void = { _ in }) async throws -> ProbeResult {
        guard classifier.outputs != .labels else { throw ProbeError.labelsOnly }
        guard !heldOut.isEmpty else { throw ProbeError.noHeldOut }
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
        func row(_ name: String, temperature: Double, scoring: UntargetedClassification.Scoring = .probability) async -> ProbeRow {
            progress("attacking at \(name)")
            let results = await runner(temperature: temperature, scoring: scoring).run(attacked)
            return ProbeRow(name: name, temperature: temperature, scoring: scoring.rawValue, summary: AttackSummary(results))
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
        return ProbeResult(before: before, after: after, calTemperature: calTemperature, optTemperature: optTemperature,
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
        let atOne = await accuracy(0), atTen = await accuracy(Foundation.log(10))
        let (low, high) = atTen <= atOne ? (0.0, Foundation.log(1e4)) : (Foundation.log(1e-4), 0.0)
        let best = await TemperatureSearch.brent(accuracy, low: low, high: high, evaluations: max(1, settings.optEvaluations - 2))
        let candidates = [(0.0, atOne), (Foundation.log(10), atTen), (best.x, best.value)]
        return Foundation.exp(candidates.min { $0.1 < $1.1 }!.0)
    }
}

/// Why the probe cannot run.
public enum ProbeError: Error, CustomStringConvertible, Sendable {
    case labelsOnly
    case noHeldOut

    public var description: String {
        switch self {
        case .labelsOnly:
            "the calibration probe needs class scores, but this model returns only labels; serve logits or probabilities"
        case .noHeldOut:
            "no held-out examples for calibration: pass --calibration-data, or a --data file with more examples than --num-examples"
        }
    }
}

/// One attack run of the probe.
public struct ProbeRow: Sendable, Codable, Hashable {
    /// `T = 1`, `cal`, `opt`, `grid` or `margin`.
    public var name: String
    public var temperature: Double
    public var scoring: String
    public var summary: AttackSummary
}

/// Everything the probe found.
public struct ProbeResult: Sendable, Codable, Hashable {
    public var before: CalibrationMeasures
    public var after: CalibrationMeasures
    public var calTemperature: Double
    public var optTemperature: Double?
    public var rows: [ProbeRow]
    public var thresholdPoints: Double
    /// Accuracy under attack at T = 1 minus the lowest probed value, in points.
    public var gapPoints: Double
    public var illusionSuspected: Bool
    public var heldOutExamples: Int
    public var attackedExamples: Int

    public var verdict: String {
        illusionSuspected
            ? "illusion of robustness suspected: accuracy under attack at T = 1 is \(Format.fixed(gapPoints, digits: 1)) points above the lowest probed value (threshold \(Format.fixed(thresholdPoints, digits: 1)))"
            : "no calibration illusion found: accuracy under attack at T = 1 is within \(Format.fixed(thresholdPoints, digits: 1)) points of every probed value (gap \(Format.fixed(gapPoints, digits: 1)))"
    }
}
