import AdvGlueModels
import AdvGlueResults
import AdvGlueSupport
import Foundation

/// The probe's Markdown section and its two SVG charts.
public enum ProbeReport {
    public static let reliabilityChart = "reliability.svg"
    public static let temperatureChart = "accuracy-vs-temperature.svg"

    public static let markdownFileName = "probe.md"

    /// `probe.md`: verdict first, the probe's tables and charts, then reproducibility.
    public static func markdown(_ file: ProbeFile, context: ReportContext) -> String {
        let run = file.run
        let title = "\(run.task.displayName) · \(run.recipe.name) · \(run.model.spec)"
        var lines = ["# advglue calibration probe: " + MarkdownEscaping.escape(title), ""]
        lines += body(file.result, level: 2)
        var items: [(String, String)] = [
            ("Seed", "\(run.seed)"),
            ("Attacked examples", "\(file.result.attackedExamples) (the first of the data file)"),
            ("Data", Reproducibility.data(run.data)),
        ]
        if let calibration = run.calibrationData { items.append(("Held-out data", Reproducibility.data(calibration))) }
        items +=
            [
                ("Recipe", "\(MarkdownEscaping.escape(run.recipe.file)) (sha256 \(run.recipe.sha256))")
            ] + Reproducibility.recipeData(run.recipe) + [
                ("Model", Reproducibility.model(run.model)),
                ("ICU", MarkdownEscaping.escape(context.icuVersion)),
                ("Results", "\(ProbeFile.fileName) (schema \(file.schema) v\(file.schemaVersion))"),
            ]
        lines += Reproducibility.lines(tool: file.tool, context: context, items: items, examples: 0)
        return lines.joined(separator: "\n") + "\n"
    }

    /// The probe as a section of an attack report: its verdict for the report's verdict
    /// line, and its tables and charts under a second-level heading.
    public static func appendix(_ result: ProbeResult) -> ReportAppendix {
        ReportAppendix(
            verdict: "Calibration probe: " + result.verdict + ".",
            lines: ["## Calibration probe", ""] + body(result, level: 3))
    }

    /// Verdict, tables and charts; `level` is the heading level of its subsections.
    static func body(_ result: ProbeResult, level: Int) -> [String] {
        let heading = String(repeating: "#", count: level) + " "
        var lines: [String] = []
        lines.append("**Verdict:** " + result.verdict + ".")
        lines.append("")
        lines.append(
            "Success is always judged on the unscaled model; only the scores the search sees are rescaled (softmax(logits / T)). `margin` scores by logit margin, which no temperature changes."
        )
        lines.append("")
        lines.append(heading + "Attack under each temperature (\(result.attackedExamples) examples)")
        lines.append("")
        lines.append("| Run | T | Scoring | Accuracy under attack | Attack success rate | Queries (mean) |")
        lines.append("|---|---:|---|---:|---:|---:|")
        for row in result.rows {
            lines.append(
                "| \(MarkdownEscaping.escape(row.name)) | \(temperatureText(row.temperature)) | \(MarkdownEscaping.escape(row.scoring)) | \(RateText.percent(row.summary.accuracyUnderAttack, row.summary.intervals?.accuracyUnderAttack)) | \(RateText.percent(row.summary.attackSuccessRate, row.summary.intervals?.attackSuccessRate)) | \(Format.number(row.summary.averageQueries)) |"
            )
        }
        lines.append("")
        lines.append(RateText.note)
        lines.append("")
        lines.append(heading + "Calibration on \(result.heldOutExamples) held-out examples")
        lines.append("")
        lines.append("| Measure | T = 1 | T = cal (\(temperatureText(result.calTemperature))) |")
        lines.append("|---|---:|---:|")
        let b = result.before
        let a = result.after
        lines.append("| Accuracy | \(Format.percent(b.accuracy)) | \(Format.percent(a.accuracy)) |")
        lines.append("| Mean confidence | \(Format.percent(b.meanConfidence)) | \(Format.percent(a.meanConfidence)) |")
        lines.append(
            "| Negative log-likelihood | \(Format.fixed(b.negativeLogLikelihood, digits: 4)) | \(Format.fixed(a.negativeLogLikelihood, digits: 4)) |"
        )
        lines.append(
            "| Expected calibration error (15 bins) | \(Format.percent(b.expectedCalibrationError)) | \(Format.percent(a.expectedCalibrationError)) |"
        )
        lines.append(
            "| Maximum calibration error | \(Format.percent(b.maximumCalibrationError)) | \(Format.percent(a.maximumCalibrationError)) |"
        )
        lines.append(
            "| Saturated predictions (top probability exactly 1 in float32) | \(Format.percent(b.saturatedShare)) | \(Format.percent(a.saturatedShare)) |"
        )
        lines.append("")
        lines.append("![Reliability diagram](\(reliabilityChart))")
        lines.append("")
        lines += reliabilityMermaid(result) + [""]
        lines.append("![Accuracy under attack against T](\(temperatureChart))")
        lines.append("")
        lines += temperatureMermaid(result) + [""]
        return lines
    }

    /// The reliability diagram for a pasted report: accuracy per confidence bin at T = 1
    /// and at T = cal, as lines (bars would hide each other), against perfect calibration,
    /// over the bins either temperature uses.
    static func reliabilityMermaid(_ result: ProbeResult) -> [String] {
        let used = result.before.bins.indices.filter {
            result.before.bins[$0].count > 0 || result.after.bins[$0].count > 0
        }
        func accuracy(_ bins: [ReliabilityBin]) -> [Double?] {
            used.map { bins[$0].count > 0 ? bins[$0].accuracy * 100 : nil }
        }
        let bins = result.before.bins
        return MermaidChart(
            title: "Reliability on \(result.heldOutExamples) held-out examples",
            xLabels: used.map {
                Format.fixed(bins[$0].lower, digits: 2) + "–" + Format.fixed(bins[$0].upper, digits: 2)
            },
            yAxis: "accuracy in the bin (%)",
            series: [
                .line(accuracy(result.before.bins)), .line(accuracy(result.after.bins)),
                .line(used.map { (bins[$0].lower + bins[$0].upper) / 2 * 100 }),
            ],
            caption:
                "x: the confidence bins in use. Lines: accuracy in the bin at T = 1 (first) and at T = cal = \(temperatureText(result.calTemperature)) (second), where a bin empty at that temperature shows 0; perfect calibration (third)."
        ).lines()
    }

    /// Accuracy under attack for each probed attacker, in order of T; the margin attack
    /// (no T) as a second, flat line.
    static func temperatureMermaid(_ result: ProbeResult) -> [String] {
        let rows = result.rows.filter { $0.scoring == "probability" }.sorted { $0.temperature < $1.temperature }
        let margin = result.rows.first { $0.scoring == "margin" }?.summary.accuracyUnderAttack
        var series: [MermaidChart.Series] = [.line(rows.map { $0.summary.accuracyUnderAttack.map { $0 * 100 } })]
        if let margin { series.append(.line(rows.map { _ in margin * 100 })) }
        return MermaidChart(
            title: "Accuracy under attack against the attacker's temperature",
            xLabels: rows.map(pointName),
            yAxis: "accuracy under attack (%)", series: series,
            caption:
                "x: the attacker's temperature, in increasing order (not to scale). First line: probability scores; "
                + (margin.map { "second, flat line: the logit-margin attack (\(Format.percent($0)))." }
                    ?? "no margin run.")
        )
        .lines()
    }

    /// A probed run as its points are labelled: `T = 1`, `cal, T = 2060`, `T = 0.1` (grid).
    static func pointName(_ row: ProbeRow) -> String {
        if row.name == "T = 1" { return row.name }
        return (row.name == "grid" ? "" : row.name + ", ") + "T = " + temperatureText(row.temperature)
    }

    static func temperatureText(_ t: Double) -> String {
        t >= 100 ? Format.fixed(t, digits: 0) : t < 0.01 ? String(format: "%.2g", t) : Format.fixed(t, digits: 3)
    }

    /// Bars of accuracy per confidence bin against the diagonal, with a confidence
    /// histogram beneath, before (grey) and after (blue) `cal`; both axes ticked, and a
    /// legend naming the temperatures.
    public static func reliabilitySVG(_ result: ProbeResult) -> String {
        let width = 480.0
        let plot = 300.0
        let left = 60.0
        let top = 56.0
        let histogram = 80.0
        let gap = 44.0
        var svg = header(width: width, height: top + plot + gap + histogram + 48)
        svg +=
            "<text x=\"\(f(left))\" y=\"16\" font-size=\"13\" font-weight=\"bold\">Reliability on \(result.heldOutExamples) held-out examples</text>\n"
        // Legend, above the plot, where no bar can reach.
        let legend: [(String, String)] = [
            ("#9a9a9a", "T = 1"), ("#3b6fb6", "T = cal (\(temperatureText(result.calTemperature)))"),
        ]
        var x = left
        for (colour, label) in legend {
            svg += "<rect x=\"\(f(x))\" y=\"26\" width=\"12\" height=\"12\" fill=\"\(colour)\"/>\n"
            svg += "<text x=\"\(f(x + 16))\" y=\"36\" font-size=\"11\">\(XMLEscaping.text(label))</text>\n"
            x += 16 + Double(label.count) * 6.2 + 18
        }
        svg +=
            "<line x1=\"\(f(x))\" y1=\"32\" x2=\"\(f(x + 18))\" y2=\"32\" stroke=\"#999\" stroke-dasharray=\"4\"/>\n"
        svg += "<text x=\"\(f(x + 22))\" y=\"36\" font-size=\"11\">perfect calibration</text>\n"
        svg +=
            "<line x1=\"\(left)\" y1=\"\(top + plot)\" x2=\"\(left + plot)\" y2=\"\(top)\" stroke=\"#999\" stroke-dasharray=\"4\"/>\n"
        svg += "<rect x=\"\(left)\" y=\"\(top)\" width=\"\(plot)\" height=\"\(plot)\" fill=\"none\" stroke=\"#333\"/>\n"
        let ticks = [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
        for tick in ticks {
            let y = top + plot - tick * plot
            svg += "<line x1=\"\(f(left - 4))\" y1=\"\(f(y))\" x2=\"\(f(left))\" y2=\"\(f(y))\" stroke=\"#333\"/>\n"
            svg +=
                "<text x=\"\(f(left - 7))\" y=\"\(f(y + 4))\" font-size=\"10\" text-anchor=\"end\">\(Format.fixed(tick, digits: 1))</text>\n"
            let tx = left + tick * plot
            svg +=
                "<line x1=\"\(f(tx))\" y1=\"\(f(top + plot))\" x2=\"\(f(tx))\" y2=\"\(f(top + plot + 4))\" stroke=\"#333\"/>\n"
            svg +=
                "<text x=\"\(f(tx))\" y=\"\(f(top + plot + 15))\" font-size=\"10\" text-anchor=\"middle\">\(Format.fixed(tick, digits: 1))</text>\n"
        }
        svg +=
            "<text x=\"\(f(left + plot / 2))\" y=\"\(f(top + plot + 30))\" font-size=\"11\" text-anchor=\"middle\">confidence (top class probability)</text>\n"
        svg +=
            "<text x=\"14\" y=\"\(f(top + plot / 2))\" font-size=\"11\" text-anchor=\"middle\" transform=\"rotate(-90 14 \(f(top + plot / 2)))\">accuracy in the bin</text>\n"
        let binWidth = plot / Double(CalibrationMeasures.binCount)
        let maxCount = max(1, (result.before.bins + result.after.bins).map(\.count).max() ?? 1)
        let base = top + plot + gap + histogram
        for (offset, measures) in [(0.0, result.before), (binWidth / 2, result.after)] {
            let colour = offset == 0 ? "#9a9a9a" : "#3b6fb6"
            for (i, bin) in measures.bins.enumerated() where bin.count > 0 {
                let x = left + Double(i) * binWidth + offset
                let h = bin.accuracy * plot
                svg +=
                    "<rect x=\"\(f(x))\" y=\"\(f(top + plot - h))\" width=\"\(f(binWidth / 2))\" height=\"\(f(h))\" fill=\"\(colour)\"/>\n"
                let c = Double(bin.count) / Double(maxCount) * histogram
                svg +=
                    "<rect x=\"\(f(x))\" y=\"\(f(base - c))\" width=\"\(f(binWidth / 2))\" height=\"\(f(c))\" fill=\"\(colour)\"/>\n"
            }
        }
        svg +=
            "<line x1=\"\(left)\" y1=\"\(f(base))\" x2=\"\(f(left + plot))\" y2=\"\(f(base))\" stroke=\"#333\"/>\n"
        for (value, y) in [(maxCount, base - histogram), (0, base)] {
            svg += "<line x1=\"\(f(left - 4))\" y1=\"\(f(y))\" x2=\"\(f(left))\" y2=\"\(f(y))\" stroke=\"#333\"/>\n"
            svg += "<text x=\"\(f(left - 7))\" y=\"\(f(y + 4))\" font-size=\"10\" text-anchor=\"end\">\(value)</text>\n"
        }
        svg +=
            "<text x=\"\(f(left + plot / 2))\" y=\"\(f(base + 16))\" font-size=\"11\" text-anchor=\"middle\">examples per confidence bin (same bins as above)</text>\n"
        return svg + "</svg>\n"
    }

    /// Accuracy under attack against the attacker's temperature T (log scale) for the
    /// probability-scored runs, with the margin run as a dashed line: both axes ticked,
    /// every point labelled with its run and T in rows beneath the plot that never
    /// overlap, and a legend.
    public static func temperatureSVG(_ result: ProbeResult) -> String {
        let width = 520.0
        let left = 60.0
        let top = 48.0
        let plotW = 420.0
        let plotH = 220.0
        let points = result.rows.filter { $0.scoring == "probability" }.compactMap { row in
            row.summary.accuracyUnderAttack.map {
                (x: Foundation.log10(row.temperature), y: $0, label: "\(pointName(row)): \(Format.percent($0))")
            }
        }.sorted { $0.x < $1.x }
        let xs = points.map(\.x) + [0]
        let minX = Foundation.floor((xs.min() ?? -1) - 0.25)
        let maxX = Foundation.ceil((xs.max() ?? 1) + 0.25)
        func px(_ x: Double) -> Double { left + (x - minX) / (maxX - minX) * plotW }
        func py(_ y: Double) -> Double { top + plotH - y * plotH }
        // Point labels go in rows under the x axis: each takes the first row where it
        // clears every label already there (widths estimated at 5.6 px a character).
        var rows: [[(from: Double, to: Double)]] = []
        var placed: [(x: Double, row: Int, label: String, anchor: Double)] = []
        for point in points {
            let w = Double(point.label.count) * 5.6
            let centre = min(max(px(point.x), w / 2 + 4), width - w / 2 - 4)
            let span = (from: centre - w / 2 - 6, to: centre + w / 2 + 6)
            let row = rows.firstIndex { $0.allSatisfy { span.to <= $0.from || span.from >= $0.to } } ?? rows.count
            if row == rows.count { rows.append([]) }
            rows[row].append(span)
            placed.append((centre, row, point.label, px(point.x)))
        }
        let labelsTop = top + plotH + 47
        let height = labelsTop + Double(rows.count) * 14 + 12
        var svg = header(width: width, height: height)
        svg +=
            "<text x=\"\(f(left))\" y=\"16\" font-size=\"13\" font-weight=\"bold\">Accuracy under attack against the attacker's temperature T</text>\n"
        svg +=
            "<line x1=\"\(f(left))\" y1=\"31\" x2=\"\(f(left + 18))\" y2=\"31\" stroke=\"#3b6fb6\" stroke-width=\"2\"/>\n"
        svg +=
            "<text x=\"\(f(left + 22))\" y=\"35\" font-size=\"11\">probability scores, softmax(logits / T)</text>\n"
        let margin = result.rows.first(where: { $0.scoring == "margin" })?.summary.accuracyUnderAttack
        if let margin {
            svg +=
                "<line x1=\"\(f(left + 250))\" y1=\"31\" x2=\"\(f(left + 268))\" y2=\"31\" stroke=\"#c0504d\" stroke-dasharray=\"5\"/>\n"
            svg +=
                "<text x=\"\(f(left + 272))\" y=\"35\" font-size=\"11\">logit margin (no T): \(Format.percent(margin))</text>\n"
        }
        svg +=
            "<rect x=\"\(left)\" y=\"\(top)\" width=\"\(plotW)\" height=\"\(plotH)\" fill=\"none\" stroke=\"#333\"/>\n"
        for tick in [0.0, 0.25, 0.5, 0.75, 1.0] {
            svg +=
                "<line x1=\"\(f(left - 4))\" y1=\"\(f(py(tick)))\" x2=\"\(f(left))\" y2=\"\(f(py(tick)))\" stroke=\"#333\"/>\n"
            svg +=
                "<text x=\"\(f(left - 7))\" y=\"\(f(py(tick) + 4))\" font-size=\"10\" text-anchor=\"end\">\(Format.fixed(tick * 100, digits: 0))%</text>\n"
        }
        for exponent in stride(from: Int(minX), through: Int(maxX), by: 1) {
            let x = px(Double(exponent))
            svg +=
                "<line x1=\"\(f(x))\" y1=\"\(f(top + plotH))\" x2=\"\(f(x))\" y2=\"\(f(top + plotH + 4))\" stroke=\"#333\"/>\n"
            svg +=
                "<text x=\"\(f(x))\" y=\"\(f(top + plotH + 15))\" font-size=\"10\" text-anchor=\"middle\">\(String(format: "%g", Foundation.pow(10, Double(exponent))))</text>\n"
        }
        svg +=
            "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(top + plotH + 29))\" font-size=\"11\" text-anchor=\"middle\">attacker's temperature T (log scale)</text>\n"
        svg +=
            "<text x=\"14\" y=\"\(f(top + plotH / 2))\" font-size=\"11\" text-anchor=\"middle\" transform=\"rotate(-90 14 \(f(top + plotH / 2)))\">accuracy under attack</text>\n"
        if let margin {
            svg +=
                "<line x1=\"\(left)\" y1=\"\(f(py(margin)))\" x2=\"\(left + plotW)\" y2=\"\(f(py(margin)))\" stroke=\"#c0504d\" stroke-dasharray=\"5\"/>\n"
        }
        if points.count > 1 {
            let path = points.map { "\(f(px($0.x))),\(f(py($0.y)))" }.joined(separator: " ")
            svg += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"#3b6fb6\" stroke-width=\"2\"/>\n"
        }
        for point in points {
            svg += "<circle cx=\"\(f(px(point.x)))\" cy=\"\(f(py(point.y)))\" r=\"4\" fill=\"#3b6fb6\"/>\n"
        }
        for label in placed {
            let y = labelsTop + Double(label.row) * 14
            svg +=
                "<line x1=\"\(f(label.anchor))\" y1=\"\(f(top + plotH))\" x2=\"\(f(label.anchor))\" y2=\"\(f(top + plotH - 6))\" stroke=\"#3b6fb6\"/>\n"
            svg +=
                "<text x=\"\(f(label.x))\" y=\"\(f(y))\" font-size=\"10\" text-anchor=\"middle\" fill=\"#1d3f73\">\(XMLEscaping.text(label.label))</text>\n"
        }
        return svg + "</svg>\n"
    }

    static func header(width: Double, height: Double) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(width))\" height=\"\(f(height))\" font-family=\"sans-serif\">\n"
    }

    static func f(_ x: Double) -> String { Format.fixed(x, digits: 1) }
}

extension ProbeResult {
    /// Accuracy under attack at T = 1: what a plain score-based attack reports.
    public var apparentAccuracy: Double? { rows.first { $0.name == "T = 1" }?.summary.accuracyUnderAttack }
    /// Accuracy under attack when the attacker rescales the scores with the calibrated T.
    public var calibratedAccuracy: Double? { rows.first { $0.name == "cal" }?.summary.accuracyUnderAttack }
    /// The probed run that left the lowest accuracy under attack.
    public var strongestRow: ProbeRow? {
        rows.filter { $0.summary.accuracyUnderAttack != nil }.min {
            $0.summary.accuracyUnderAttack! < $1.summary.accuracyUnderAttack!
        }
    }

    /// Under-confident on the held-out data: confidence below accuracy by more than the
    /// calibration error a well-calibrated model shows (ECE at least 5%, mean confidence
    /// 5 points or more below accuracy). Such a model's scores are flat rather than
    /// saturated: calibration sharpens them (T < 1).
    public var underConfident: Bool {
        before.expectedCalibrationError >= 0.05 && before.meanConfidence <= before.accuracy - 0.05
    }

    /// Over-confident in the same sense: confidence above accuracy.
    public var overConfident: Bool {
        before.expectedCalibrationError >= 0.05 && before.meanConfidence >= before.accuracy + 0.05
    }

    /// The probe's finding: the robust accuracy the calibrated attacker leaves, by how
    /// much the plain attack overstated it, and the model's calibration.
    public var verdict: String {
        var text: String
        let apparent = apparentAccuracy ?? 0
        let calibrated = calibratedAccuracy
        func ratio(_ lower: Double) -> String {
            lower > 0 ? "\(Format.fixed(apparent / lower, digits: 1))× " : "far above "
        }
        if illusionSuspected {
            text =
                "illusion of robustness suspected: apparent robustness \(Format.percent(apparent)) (accuracy under attack at T = 1)"
            if let calibrated, (apparent - calibrated) * 100 >= thresholdPoints {
                text +=
                    " is \(ratio(calibrated))the calibrated \(Format.percent(calibrated)) (T = cal, \(ProbeReport.temperatureText(calTemperature)))"
                if let strongest = strongestRow, strongest.name != "cal",
                    let lowest = strongest.summary.accuracyUnderAttack, lowest < calibrated - 0.0005
                {
                    text +=
                        "; the strongest probed attacker (\(strongest.name)\(strongest.scoring == "margin" ? "" : ", T = " + ProbeReport.temperatureText(strongest.temperature))) leaves \(Format.percent(lowest))"
                }
            } else if let strongest = strongestRow, let lowest = strongest.summary.accuracyUnderAttack {
                text +=
                    " is \(ratio(lowest))the \(Format.percent(lowest)) the strongest probed attacker leaves (\(strongest.name)\(strongest.scoring == "margin" ? "" : ", T = " + ProbeReport.temperatureText(strongest.temperature)))"
                    + (calibrated.map {
                        "; the calibrated attacker (T = \(ProbeReport.temperatureText(calTemperature))) leaves \(Format.percent($0))"
                    } ?? "")
            }
            text +=
                ", a gap of \(Format.fixed(gapPoints, digits: 1)) points (threshold \(Format.fixed(thresholdPoints, digits: 1)))"
        } else {
            text =
                "no calibration illusion found: accuracy under attack \(Format.percent(apparent)) at T = 1"
                + (calibrated.map {
                    ", \(Format.percent($0)) under the calibrated attacker (T = \(ProbeReport.temperatureText(calTemperature)))"
                } ?? "")
                + "; every probed attacker is within \(Format.fixed(thresholdPoints, digits: 1)) points (gap \(Format.fixed(gapPoints, digits: 1)))"
        }
        let confidence =
            "mean confidence \(Format.percent(before.meanConfidence)) against accuracy \(Format.percent(before.accuracy)), ECE \(Format.percent(before.expectedCalibrationError))"
        if underConfident {
            text +=
                ". The model is under-confident (\(confidence)): its scores are flat, not saturated, so the calibrated temperature sharpens them (T = \(ProbeReport.temperatureText(calTemperature)))"
        } else if overConfident {
            text += ". The model is over-confident (\(confidence))"
        }
        return text
    }
}
