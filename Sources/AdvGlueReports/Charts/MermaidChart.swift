import AdvGlueSupport

/// Charts as Mermaid `xychart-beta` blocks, which GitHub renders wherever Markdown is
/// shown (pull-request comments, job summaries), so a report pasted away from its SVG
/// files keeps its charts. The SVGs stay beside the report for everything else.
///
/// A block is fenced code to every other Markdown reader, so nothing in it can become
/// HTML; labels are still reduced to characters Mermaid's grammar takes inside quotes.
///
/// ```swift
/// MermaidChart(title: "Accuracy", xLabels: ["typo"], yAxis: "accuracy (%)", series: [.bar([52.5])]).lines()
/// ```
/// Complexity: O(points).
public struct MermaidChart: Sendable {
    public enum Series: Sendable {
        /// Values in the y axis's unit, one per x label; nil draws 0.
        case bar([Double?])
        case line([Double?])
    }

    public var title: String
    public var xLabels: [String]
    public var yAxis: String
    public var yRange: ClosedRange<Double>
    public var series: [Series]
    /// A sentence under the block saying what each series is (Mermaid draws no legend).
    public var caption: String

    public init(
        title: String, xLabels: [String], yAxis: String, yRange: ClosedRange<Double> = 0...100, series: [Series],
        caption: String
    ) {
        self.title = title
        self.xLabels = xLabels
        self.yAxis = yAxis
        self.yRange = yRange
        self.series = series
        self.caption = caption
    }

    /// The fenced block and its caption, as report lines.
    public func lines() -> [String] {
        var out = ["```mermaid", "xychart-beta", "    title \"\(Self.label(title, limit: 80))\""]
        out.append("    x-axis [" + xLabels.map { "\"\(Self.label($0, limit: 24))\"" }.joined(separator: ", ") + "]")
        out.append(
            "    y-axis \"\(Self.label(yAxis, limit: 40))\" \(Self.number(yRange.lowerBound)) --> \(Self.number(yRange.upperBound))"
        )
        for s in series {
            switch s {
            case .bar(let values): out.append("    bar [" + values.map(Self.value).joined(separator: ", ") + "]")
            case .line(let values): out.append("    line [" + values.map(Self.value).joined(separator: ", ") + "]")
            }
        }
        out += ["```", "", caption]
        return out
    }

    static func value(_ v: Double?) -> String { number(v ?? 0) }

    static func number(_ v: Double) -> String { Format.fixed(v.isFinite ? v : 0, digits: 1) }

    /// Letters, digits, spaces and `.,:;+-=()/%_×–·'` only; anything else shows as `?`, so
    /// a double quote, backtick, bracket or line break in a name cannot end the label or
    /// the block.
    static func label(_ text: String, limit: Int) -> String {
        let allowed = Set(".,:;+-=()/%_×–·' ")
        let cleaned = String(
            text.map { $0.isLetter || $0.isNumber || allowed.contains($0) ? $0 : "?" }.prefix(limit))
        return cleaned
    }
}

extension BarChart {
    /// The chart as a Mermaid block: one bar series per series, in percent. Mermaid draws
    /// them over each other, so the first (original accuracy, the larger) goes first.
    public func mermaid() -> [String] {
        MermaidChart(
            title: title, xLabels: groups.map(\.label), yAxis: "accuracy (%)",
            series: series.indices.map { i in
                .bar(groups.map { $0.values.count > i ? $0.values[i].map { $0 * 100 } : nil })
            },
            caption: "Bars, drawn over each other: "
                + series.map(\.name).joined(separator: " (behind), then ") + " (in front)."
        )
        .lines()
    }
}
