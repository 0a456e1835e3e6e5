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
                    notApplicable.append("\(gate.name): no matching results")
                }
                continue
            }
            for subject in matching {
                checks += Self.checks(gate, subject)
                notApplicable += Self.notApplicable(gate, subject)
            }
        }
        self.init(
            config: file, configSHA256: sha256, passed: checks.allSatisfy(\.passed), checks: checks,
            notApplicable: notApplicable)
    }

    /// Checks of `gate` that have nothing to measure in `subject`, with why.
    static func notApplicable(_ gate: GateConfig.Gate, _ subject: GateSubject) -> [String] {
        guard subject.successful == 0 else { return [] }
        let checks = [("min_similarity", gate.minSimilarity), ("min_bertscore_f1", gate.minBERTScoreF1)]
            .filter { $0.1 != nil }.map(\.0)
        return checks.map {
            "\(gate.name) (\(subject.task.rawValue) · \(subject.recipe)): \($0): no attack succeeded, so there is no adversarial example to measure"
        }
    }

    static func checks(_ gate: GateConfig.Gate, _ subject: GateSubject) -> [Check] {
        var out: [Check] = []
        var basis: String?
        func add(_ key: String, threshold: Double?, actual: Double?, passed: Bool, _ message: String) {
            var check = Check(
                gate: gate.name, task: subject.task.rawValue, recipe: subject.recipe, model: subject.model,
                source: subject.source,
                check: key, threshold: threshold, actual: actual, passed: passed, message: message)
            check.basis = basis
            out.append(check)
            basis = nil
        }
        func points(_ value: Double) -> String { Format.fixed(abs(value) * 100, digits: 1) }
        /// With `at:`, the bound of the rate's interval that faces the threshold, and the
        /// words for it; otherwise the point estimate.
        func tested(_ value: Double, successes: Int?, trials: Int?, upper: Bool) -> (Double, String) {
            guard let confidence = gate.confidence, let successes, let trials,
                let interval = Interval.wilson(successes, of: trials, confidence: confidence)
            else { return (value, Format.percent(value)) }
            let level = Format.fixed(confidence * 100, digits: confidence * 100 == (confidence * 100).rounded() ? 0 : 1)
            basis = "\(upper ? "upper" : "lower") bound of the \(level)% interval"
            let bound = upper ? interval.upper : interval.lower
            return (
                bound,
                "\(Format.percent(value)) (\(level)% interval \(Format.percent(interval.lower))–\(Format.percent(interval.upper))), whose \(upper ? "upper" : "lower") bound \(Format.percent(bound))"
            )
        }
        if !subject.complete {
            add(
                "complete", threshold: nil, actual: nil, passed: false,
                "the results are incomplete (the run was interrupted)")
        }
        // Errors: checked when the gate bounds them, and always once a run has any, so a
        // run made mostly of errors cannot pass on the few examples that worked.
        if let errors = subject.errors, let examples = subject.examples, examples > 0,
            gate.maxErrorRate != nil || errors > 0
        {
            let maximum = gate.maxErrorRate ?? GateConfig.Gate.defaultMaxErrorRate
            // Always the point estimate, `at:` or not: a run's own error count is not a
            // sample of some larger population, and the default must not fail 1 error in 50.
            let actual = Double(errors) / Double(examples)
            let text = Format.percent(actual)
            let passed = actual <= maximum + 1e-12
            let source = gate.maxErrorRate == nil ? " (the default; set max_error_rate to change it)" : ""
            add(
                "max_error_rate", threshold: maximum, actual: actual, passed: passed,
                passed
                    ? "\(errors) of \(examples) examples ended in an error, \(text), within the maximum \(Format.percent(maximum))\(source)"
                    : "\(errors) of \(examples) examples ended in an error, \(text), above the maximum \(Format.percent(maximum))\(source); errors are never robust, and the other figures rest on the examples left"
            )
        }
        if let minimum = gate.minAccuracyUnderAttack {
            if let value = subject.accuracyUnderAttack {
                let (actual, text) = tested(
                    value, successes: subject.counts?.robust, trials: subject.counts?.attacked, upper: false)
                let passed = actual >= minimum
                add(
                    "min_accuracy_under_attack", threshold: minimum, actual: actual, passed: passed,
                    passed
                        ? "accuracy under attack \(text) meets the minimum \(Format.percent(minimum))"
                        : "accuracy under attack \(text) is \(points(minimum - actual)) points below the minimum \(Format.percent(minimum))"
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
                let point = before - after
                // The drop of an attack is successful / attacked, a proportion; the
                // AdvGLUE benchmark's pairs have no such counts, so it stays a point estimate.
                let (drop, _) =
                    subject.pairedAccuracyUnderAttack == nil
                    ? tested(point, successes: subject.counts?.fooled, trials: subject.counts?.attacked, upper: true)
                    : (point, "")
                let bound = basis.map { " (\($0): \(points(drop)) points)" } ?? ""
                let passed = drop <= maximum + 1e-12
                add(
                    "max_drop", threshold: maximum, actual: drop, passed: passed,
                    passed
                        ? "accuracy drops \(points(point)) points (\(Format.percent(before)) to \(Format.percent(after)))\(bound), within the maximum \(points(maximum)) points"
                        : "accuracy drops \(points(point)) points (\(Format.percent(before)) to \(Format.percent(after)))\(bound), \(points(drop - maximum)) points more than the maximum \(points(maximum)) points"
                )
            } else {
                add("max_drop", threshold: maximum, actual: nil, passed: false, "no benign accuracy to compare with")
            }
        }
        if let maximum = gate.maxSuccessRate {
            if let value = subject.attackSuccessRate {
                let (actual, text) = tested(
                    value, successes: subject.counts?.fooled, trials: subject.counts?.searched, upper: true)
                let passed = actual <= maximum
                add(
                    "max_success_rate", threshold: maximum, actual: actual, passed: passed,
                    passed
                        ? "attack success rate \(text) is within the maximum \(Format.percent(maximum))"
                        : "attack success rate \(text) is \(points(actual - maximum)) points above the maximum \(Format.percent(maximum))"
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
            guard let minimum, subject.successful != 0 else { continue }
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
        if gate.needsBaseline { out += regressionChecks(gate, subject) }
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

    /// `max_regression` and `no_significant_regression` against the baseline run.
    static func regressionChecks(_ gate: GateConfig.Gate, _ subject: GateSubject) -> [Check] {
        func check(_ key: String, threshold: Double?, actual: Double?, passed: Bool, _ message: String) -> Check {
            Check(
                gate: gate.name, task: subject.task.rawValue, recipe: subject.recipe, model: subject.model,
                source: subject.source, check: key, threshold: threshold, actual: actual, passed: passed,
                message: message)
        }
        guard let c = subject.comparison, let difference = c.difference else {
            let why = subject.baselineProblem ?? "no example could be paired with the baseline"
            return [check("baseline", threshold: nil, actual: nil, passed: false, why)]
        }
        func points(_ value: Double) -> String { Format.fixed(abs(value) * 100, digits: 1) }
        let versus =
            "\(Format.percent(c.candidate.accuracyUnderAttack)) under attack against the baseline's \(Format.percent(c.baseline.accuracyUnderAttack)) (\(c.baseline.model)) on \(c.paired) paired examples"
        var out: [Check] = []
        if let maximum = gate.maxRegression {
            var regression = -difference
            var text = "\(points(regression)) points"
            var basis: String?
            if let confidence = gate.confidence, let interval = c.differenceInterval(confidence: confidence) {
                let level = Format.fixed(
                    confidence * 100, digits: confidence * 100 == (confidence * 100).rounded() ? 0 : 1)
                regression = -interval.lower
                basis = "upper bound of the \(level)% interval of the regression"
                text +=
                    " (\(level)% interval of the change \(Format.signed(interval.lower * 100)) to \(Format.signed(interval.upper * 100)) pp, whose worst side is \(points(regression)) points)"
            }
            let passed = regression <= maximum + 1e-12
            var made = check(
                "max_regression", threshold: maximum, actual: regression, passed: passed,
                difference >= 0 && basis == nil
                    ? "no regression: \(versus)"
                    : passed
                        ? "regression of \(text) is within the maximum \(points(maximum)) points: \(versus)"
                        : "regression of \(text) exceeds the maximum \(points(maximum)) points: \(versus); \(c.count(.newlyBroken)) examples newly broken"
            )
            made.basis = basis
            out.append(made)
        }
        if gate.noSignificantRegression {
            let alpha = 1 - (gate.confidence ?? 0.95)
            let passed = c.pValue >= alpha
            let p = Format.pValue(c.pValue)
            out.append(
                check(
                    "no_significant_regression", threshold: alpha, actual: c.pValue, passed: passed,
                    passed
                        ? "not significantly less robust (McNemar's exact test, one-sided, \(p) ≥ \(Format.fixed(alpha, digits: 3))): \(versus)"
                        : "significantly less robust (McNemar's exact test, one-sided, \(p) < \(Format.fixed(alpha, digits: 3))): \(c.count(.newlyBroken)) examples newly broken, \(c.count(.newlyFixed)) newly fixed; \(versus)"
                ))
        }
        return out
    }
}
