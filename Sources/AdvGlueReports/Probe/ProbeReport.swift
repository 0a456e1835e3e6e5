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
                "| \(MarkdownEscaping.escape(row.name)) | \(temperatureText(row.temperature)) | \(MarkdownEscaping.escape(row.scoring)) | \(Format.percent(row.summary.accuracyUnderAttack)) | \(Format.percent(row.summary.attackSuccessRate)) | \(Format.number(row.summary.averageQueries)) |"
            )
        }
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
        lines.append("![Accuracy under attack against T](\(temperatureChart))")
        lines.append("")
        return lines
    }

    static func temperatureText(_ t: Double) -> String {
        t >= 100 || t < 0.01 ? String(format: "%.3g", t) : Format.fixed(t, digits: 3)
    }

    /// Bars of accuracy per confidence bin against the diagonal, with a confidence
    /// histogram beneath, before (grey) and after (blue) `cal`.
    public static func reliabilitySVG(_ result: ProbeResult) -> String {
        let width = 420.0
        let plot = 300.0
        let left = 50.0
        let top = 20.0
        let histogram = 80.0
        var svg = header(width: width, height: top + plot + histogram + 50)
        svg +=
            "<text x=\"\(left)\" y=\"14\" font-size=\"12\">Reliability (bars: accuracy per confidence bin; grey T = 1, blue T = cal)</text>\n"
        svg +=
            "<line x1=\"\(left)\" y1=\"\(top + plot)\" x2=\"\(left + plot)\" y2=\"\(top)\" stroke=\"#999\" stroke-dasharray=\"4\"/>\n"
        svg += "<rect x=\"\(left)\" y=\"\(top)\" width=\"\(plot)\" height=\"\(plot)\" fill=\"none\" stroke=\"#333\"/>\n"
        let binWidth = plot / Double(CalibrationMeasures.binCount)
        let maxCount = Double(max(1, (result.before.bins + result.after.bins).map(\.count).max() ?? 1))
        for (offset, measures) in [(0.0, result.before), (binWidth / 2, result.after)] {
            let colour = offset == 0 ? "#9a9a9a" : "#3b6fb6"
            for (i, bin) in measures.bins.enumerated() where bin.count > 0 {
                let x = left + Double(i) * binWidth + offset
                let h = bin.accuracy * plot
                svg +=
                    "<rect x=\"\(f(x))\" y=\"\(f(top + plot - h))\" width=\"\(f(binWidth / 2))\" height=\"\(f(h))\" fill=\"\(colour)\"/>\n"
                let c = Double(bin.count) / maxCount * histogram
                svg +=
                    "<rect x=\"\(f(x))\" y=\"\(f(top + plot + 30 + histogram - c))\" width=\"\(f(binWidth / 2))\" height=\"\(f(c))\" fill=\"\(colour)\"/>\n"
            }
        }
        svg +=
            "<text x=\"\(left)\" y=\"\(f(top + plot + 22))\" font-size=\"11\">confidence 0 to 1; below: examples per bin</text>\n"
        svg += "<text x=\"8\" y=\"\(f(top + 10))\" font-size=\"11\">acc 1</text>\n"
        return svg + "</svg>\n"
    }

    /// Accuracy under attack against T (log scale) for the probability-scored runs,
    /// with the margin run as a horizontal line.
    public static func temperatureSVG(_ result: ProbeResult) -> String {
        let width = 420.0
        let height = 260.0
        let left = 50.0
        let top = 20.0
        let plotW = 340.0
        let plotH = 200.0
        var svg = header(width: width, height: height + 20)
        svg +=
            "<text x=\"\(left)\" y=\"14\" font-size=\"12\">Accuracy under attack against the attacker's temperature</text>\n"
        svg +=
            "<rect x=\"\(left)\" y=\"\(top)\" width=\"\(plotW)\" height=\"\(plotH)\" fill=\"none\" stroke=\"#333\"/>\n"
        let points = result.rows.filter { $0.scoring == "probability" }.compactMap { row in
            row.summary.accuracyUnderAttack.map { (x: Foundation.log10(row.temperature), y: $0, name: row.name) }
        }.sorted { $0.x < $1.x }
        let xs = points.map(\.x) + [0]
        let minX = (xs.min() ?? -1) - 0.5
        let maxX = (xs.max() ?? 1) + 0.5
        func px(_ x: Double) -> Double { left + (x - minX) / (maxX - minX) * plotW }
        func py(_ y: Double) -> Double { top + plotH - y * plotH }
        if points.count > 1 {
            let path = points.map { "\(f(px($0.x))),\(f(py($0.y)))" }.joined(separator: " ")
            svg += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"#3b6fb6\" stroke-width=\"2\"/>\n"
        }
        for point in points {
            svg += "<circle cx=\"\(f(px(point.x)))\" cy=\"\(f(py(point.y)))\" r=\"4\" fill=\"#3b6fb6\"/>\n"
            svg +=
                "<text x=\"\(f(px(point.x) + 5))\" y=\"\(f(py(point.y) - 6))\" font-size=\"10\">\(XMLEscaping.text(point.name))</text>\n"
        }
        if let margin = result.rows.first(where: { $0.scoring == "margin" })?.summary.accuracyUnderAttack {
            svg +=
                "<line x1=\"\(left)\" y1=\"\(f(py(margin)))\" x2=\"\(left + plotW)\" y2=\"\(f(py(margin)))\" stroke=\"#c0504d\" stroke-dasharray=\"5\"/>\n"
            svg +=
                "<text x=\"\(left + plotW - 40)\" y=\"\(f(py(margin) - 4))\" font-size=\"10\" fill=\"#c0504d\">margin</text>\n"
        }
        svg +=
            "<text x=\"\(left)\" y=\"\(f(top + plotH + 16))\" font-size=\"11\">log10 T from \(f(minX)) to \(f(maxX)); y: accuracy under attack 0 to 1</text>\n"
        return svg + "</svg>\n"
    }

    static func header(width: Double, height: Double) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(width))\" height=\"\(f(height))\" font-family=\"sans-serif\">\n"
    }

    static func f(_ x: Double) -> String { Format.fixed(x, digits: 1) }
}

extension ProbeResult {
    /// The probe's finding in one sentence.
    public var verdict: String {
        illusionSuspected
            ? "illusion of robustness suspected: accuracy under attack at T = 1 is \(Format.fixed(gapPoints, digits: 1)) points above the lowest probed value (threshold \(Format.fixed(thresholdPoints, digits: 1)))"
            : "no calibration illusion found: accuracy under attack at T = 1 is within \(Format.fixed(thresholdPoints, digits: 1)) points of every probed value (gap \(Format.fixed(gapPoints, digits: 1)))"
    }
}
