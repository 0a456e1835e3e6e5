import AdvGlueResults
import AdvGlueSupport

/// Judging results against a gate config: one ``GateEvaluation/Check`` per threshold of
/// every gate and every subject it matches, with a message that says by how much it
/// missed.
extension GateEvaluation {
    /// Checks every gate against every subject it matches.
    public init(config: GateConfig, subjects: [GateSubject]) {
        let file = config.file
        let sha256 = config.sha256
        var checks: [Check] = []
        var notApplicable: [String] = []
        for gate in config.gates {
            let matching = subjects.filter(gate.matches)
            if matching.isEmpty {
                if gate.required {
                    checks.append(
                        Check(
                            gate: gate.name, task: gate.task?.rawValue, recipe: gate.recipe, model: nil, source: nil,
                            check: "results",
                            threshold: nil, actual: nil, passed: false,
                            message:
                                "no results for task \(gate.task?.rawValue ?? "*") and recipe \(gate.recipe ?? "*"), and the gate is required"
                        ))
                } else {
                    notApplicable.append(gate.name)
                }
                continue
            }
            for subject in matching { checks += Self.checks(gate, subject) }
        }
        self.init(
            config: file, configSHA256: sha256, passed: checks.allSatisfy(\.passed), checks: checks,
            notApplicable: notApplicable)
    }

    static func checks(_ gate: GateConfig.Gate, _ subject: GateSubject) -> [Check] {
        var out: [Check] = []
        func add(_ key: String, threshold: Double?, actual: Double?, passed: Bool, _ message: String) {
            out.append(
                Check(
                    gate: gate.name, task: subject.task.rawValue, recipe: subject.recipe, model: subject.model,
                    source: subject.source,
                    check: key, threshold: threshold, actual: actual, passed: passed, message: message))
        }
        func points(_ value: Double) -> String { Format.fixed(abs(value) * 100, digits: 1) }
        if !subject.complete {
            add(
                "complete", threshold: nil, actual: nil, passed: false,
                "the results are incomplete (the run was interrupted)")
        }
        if let minimum = gate.minAccuracyUnderAttack {
            if let actual = subject.accuracyUnderAttack {
                let passed = actual >= minimum
                add(
                    "min_accuracy_under_attack", threshold: minimum, actual: actual, passed: passed,
                    passed
                        ? "accuracy under attack \(Format.percent(actual)) meets the minimum \(Format.percent(minimum))"
                        : "accuracy under attack \(Format.percent(actual)) is \(points(minimum - actual)) points below the minimum \(Format.percent(minimum))"
                )
            } else {
                add(
                    "min_accuracy_under_attack", threshold: minimum, actual: nil, passed: false,
                    "no accuracy under attack (no example could be attacked)")
            }
        }
        if let maximum = gate.maxDrop {
            if let before = subject.originalAccuracy,
                let after = subject.pairedAccuracyUnderAttack ?? subject.accuracyUnderAttack
            {
                let drop = before - after
                let passed = drop <= maximum + 1e-12
                add(
                    "max_drop", threshold: maximum, actual: drop, passed: passed,
                    passed
                        ? "accuracy drops \(points(drop)) points (\(Format.percent(before)) to \(Format.percent(after))), within the maximum \(points(maximum)) points"
                        : "accuracy drops \(points(drop)) points (\(Format.percent(before)) to \(Format.percent(after))), \(points(drop - maximum)) points more than the maximum \(points(maximum)) points"
                )
            } else {
                add("max_drop", threshold: maximum, actual: nil, passed: false, "no benign accuracy to compare with")
            }
        }
        if let maximum = gate.maxSuccessRate {
            if let actual = subject.attackSuccessRate {
                let passed = actual <= maximum
                add(
                    "max_success_rate", threshold: maximum, actual: actual, passed: passed,
                    passed
                        ? "attack success rate \(Format.percent(actual)) is within the maximum \(Format.percent(maximum))"
                        : "attack success rate \(Format.percent(actual)) is \(points(actual - maximum)) points above the maximum \(Format.percent(maximum))"
                )
            } else {
                add(
                    "max_success_rate", threshold: maximum, actual: nil, passed: false,
                    subject.recipe == "advglue"
                        ? "the AdvGLUE benchmark has no attack success rate; use min_accuracy_under_attack or max_drop"
                        : "no attack success rate (no example could be attacked)")
            }
        }
        for (key, minimum, actual, what) in [
            ("min_similarity", gate.minSimilarity, subject.averageSimilarity, "semantic similarity"),
            ("min_bertscore_f1", gate.minBERTScoreF1, subject.averageBERTScoreF1, "BERTScore-style F1"),
        ] {
            guard let minimum else { continue }
            if let actual {
                let passed = actual >= minimum
                add(
                    key, threshold: minimum, actual: actual, passed: passed,
                    passed
                        ? "mean \(what) of successful attacks \(Format.fixed(actual, digits: 3)) meets the minimum \(Format.fixed(minimum, digits: 3))"
                        : "mean \(what) of successful attacks \(Format.fixed(actual, digits: 3)) is \(Format.fixed(minimum - actual, digits: 3)) below the minimum \(Format.fixed(minimum, digits: 3))"
                )
            } else {
                add(
                    key, threshold: minimum, actual: nil, passed: false,
                    "\(what) was not measured for these results (no validity scores; or no successful attack)")
            }
        }
        if gate.failOnCalibrationIllusion {
            if let probe = subject.probe {
                add(
                    "fail_on_calibration_illusion", threshold: probe.thresholdPoints / 100,
                    actual: probe.gapPoints / 100, passed: !probe.suspected,
                    probe.suspected
                        ? "calibration probe suspects an illusion of robustness: accuracy under attack at T = 1 is \(Format.fixed(probe.gapPoints, digits: 1)) points above the lowest probed value (threshold \(Format.fixed(probe.thresholdPoints, digits: 1)))"
                        : "calibration probe found no illusion (gap \(Format.fixed(probe.gapPoints, digits: 1)) points, threshold \(Format.fixed(probe.thresholdPoints, digits: 1)))"
                )
            } else {
                add(
                    "fail_on_calibration_illusion", threshold: nil, actual: nil, passed: false,
                    "the calibration probe did not run for these results (run advglue attack with --probe)")
            }
        }
        return out
    }
}
