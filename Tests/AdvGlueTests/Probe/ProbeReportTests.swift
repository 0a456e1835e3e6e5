import AdvGlueModels
import AdvGlueReports
import AdvGlueResults
import Foundation
import Testing

/// What a reviewer reads of the probe: the verdict's figures, the under-confidence flag,
/// and charts with ticked axes, a legend and point labels that never overlap; the Mermaid
/// blocks that carry the charts into a pasted report.
@Suite("Calibration probe report")
struct ProbeReportTests {
    static func row(_ name: String, _ t: Double, _ accuracy: Double, scoring: String = "probability") -> ProbeRow {
        var summary = AttackSummary([])
        summary.accuracyUnderAttack = accuracy
        return ProbeRow(name: name, temperature: t, scoring: scoring, summary: summary)
    }

    /// Held-out logits whose softmax confidence is about `confidence` with the given accuracy.
    static func measures(confidence: Double, accuracy: Double, n: Int = 200) -> CalibrationMeasures {
        let margin = Float(log(confidence / (1 - confidence)))
        let right = Int(Double(n) * accuracy)
        let logits = (0..<n).map { _ in [margin, 0] as [Float] }
        let labels = (0..<n).map { $0 < right ? 0 : 1 }
        return CalibrationMeasures(logits: logits, labels: labels)
    }

    static func result(rows: [ProbeRow], before: CalibrationMeasures, cal: Double = 2.3) -> ProbeResult {
        let atOne = rows[0].summary.accuracyUnderAttack!
        let lowest = rows.compactMap(\.summary.accuracyUnderAttack).min()!
        return ProbeResult(
            before: before, after: before, calTemperature: cal, optTemperature: nil, rows: rows, thresholdPoints: 5,
            gapPoints: (atOne - lowest) * 100, illusionSuspected: (atOne - lowest) * 100 >= 5, heldOutExamples: 200,
            attackedExamples: 200)
    }

    @Test func verdictStatesTheCalibratedAccuracyAndTheFactor() {
        let result = Self.result(
            rows: [
                Self.row("T = 1", 1, 0.52), Self.row("cal", 2.3, 0.075), Self.row("grid", 10, 0.07),
                Self.row("margin", 1, 0.075, scoring: "margin"),
            ], before: Self.measures(confidence: 0.999, accuracy: 0.8))
        #expect(
            result.verdict.contains(
                "apparent robustness 52.0% (accuracy under attack at T = 1) is 6.9× the calibrated 7.5% (T = cal, 2.300)"
            ), "\(result.verdict)")
        #expect(result.verdict.contains("over-confident") && !result.underConfident)
        // A model whose confidence sits far below its accuracy is flagged under-confident.
        let flat = Self.result(
            rows: [Self.row("T = 1", 1, 0.6), Self.row("cal", 0.2, 0.6)],
            before: Self.measures(confidence: 0.55, accuracy: 0.85), cal: 0.2)
        #expect(flat.underConfident && flat.verdict.contains("under-confident"))
        #expect(
            flat.verdict.hasPrefix(
                "no calibration illusion found: accuracy under attack 60.0% at T = 1, 60.0% under the calibrated attacker (T = 0.200)"
            ))
        // Well calibrated: neither flag.
        let fine = Self.result(
            rows: [Self.row("T = 1", 1, 0.6)], before: Self.measures(confidence: 0.8, accuracy: 0.8))
        #expect(!fine.underConfident && !fine.overConfident && !fine.verdict.contains("confident"))
    }

    /// The x positions and widths of the SVG's point labels (fill #1d3f73), by row.
    static func labels(_ svg: String) -> [(y: Double, from: Double, to: Double, text: String)] {
        let pattern =
            #/<text x="([0-9.]+)" y="([0-9.]+)" font-size="10" text-anchor="middle" fill="#1d3f73">([^<]*)</text>/#
        return svg.matches(of: pattern).map { m in
            let x = Double(m.1)!
            let w = Double(m.3.count) * 5.6
            return (Double(m.2)!, x - w / 2, x + w / 2, String(m.3))
        }
    }

    @Test(arguments: [
        [("T = 1", 1.0, 0.52), ("cal", 1.05, 0.5), ("opt", 1.1, 0.48), ("grid", 0.9, 0.51), ("grid", 1.2, 0.4)],
        [("T = 1", 1.0, 0.92), ("cal", 36.1, 0.92), ("opt", 2365, 0.25)],
        [("T = 1", 1.0, 0.7), ("cal", 0.069, 0.7), ("opt", 1.0, 0.7)],
    ])
    func temperatureChartIsTickedLabelledAndNeverOverlaps(_ points: [(String, Double, Double)]) {
        let rows = points.map { Self.row($0.0, $0.1, $0.2) } + [Self.row("margin", 1, 0.3, scoring: "margin")]
        let svg = ProbeReport.temperatureSVG(
            Self.result(rows: rows, before: Self.measures(confidence: 0.9, accuracy: 0.9)))
        for tick in [">0%<", ">25%<", ">50%<", ">75%<", ">100%<", ">1<"] { #expect(svg.contains(tick), "\(tick)") }
        #expect(svg.contains("probability scores, softmax(logits / T)") && svg.contains("logit margin (no T): 30.0%"))
        let placed = Self.labels(svg)
        #expect(placed.count == points.count)
        for name in points.map(\.0) where name != "grid" { #expect(placed.contains { $0.text.hasPrefix(name) }) }
        for (i, a) in placed.enumerated() {
            for b in placed[(i + 1)...] where a.y == b.y {
                #expect(a.to <= b.from || b.to <= a.from, "\(a.text) overlaps \(b.text)")
            }
        }
    }

    @Test func reliabilityChartHasTicksAndALegend() {
        let result = Self.result(
            rows: [Self.row("T = 1", 1, 0.5)], before: Self.measures(confidence: 0.95, accuracy: 0.8), cal: 2.06)
        let svg = ProbeReport.reliabilitySVG(result)
        for text in [">0.0<", ">0.2<", ">1.0<", ">T = 1<", ">T = cal (2.060)<", ">perfect calibration<", ">200<"] {
            #expect(svg.contains(text), "\(text)")
        }
    }

    @Test func mermaidBlocksAreWellFormedWhateverTheLabels() {
        let chart = MermaidChart(
            title: "a \"quoted\"\ntitle", xLabels: ["ok", "br]ack`et\"", "line\nbreak"], yAxis: "accuracy (%)",
            series: [.bar([10, nil, 30]), .line([1, 2, 3])], caption: "c")
        let lines = chart.lines()
        #expect(lines.first == "```mermaid" && lines[1] == "xychart-beta" && lines.contains("```"))
        let body = lines[2..<lines.firstIndex(of: "```")!]
        for line in body {
            // Every quoted label closes on its line; no backtick can end the fence.
            #expect(line.filter { $0 == "\"" }.count % 2 == 0 && !line.contains("`"), "\(line)")
        }
        #expect(body.contains("    x-axis [\"ok\", \"br?ack?et?\", \"line?break\"]"))
        #expect(body.contains("    bar [10.0, 0.0, 30.0]") && body.contains("    line [1.0, 2.0, 3.0]"))
        let result = Self.result(
            rows: [Self.row("T = 1", 1, 0.5), Self.row("cal", 2, 0.4), Self.row("margin", 1, 0.3, scoring: "margin")],
            before: Self.measures(confidence: 0.9, accuracy: 0.8))
        let section = ProbeReport.appendix(result).lines
        #expect(section.filter { $0 == "```mermaid" }.count == 2)
        #expect(section.contains("    x-axis [\"T = 1\", \"cal, T = 2.000\"]"))
    }
}
