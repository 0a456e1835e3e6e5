import AdvGlueSupport

/// Grouped bar charts as standalone SVG files beside a report: each group (a recipe,
/// a task) shows one bar per series (accuracy before and under attack), values 0...1.
///
/// Every label goes through ``XMLEscaping``, so a recipe named `<script>` stays text.
/// Output is deterministic (fixed precision), so regenerated charts are byte-identical.
public struct BarChart: Sendable {
    public struct Series: Sendable {
        public var name: String
        public var colour: String

        public init(name: String, colour: String) {
            self.name = name
            self.colour = colour
        }
    }

    public struct Group: Sendable {
        public var label: String
        /// One value per series, 0...1; nil draws no bar ("n/a").
        public var values: [Double?]

        public init(label: String, values: [Double?]) {
            self.label = label
            self.values = values
        }
    }

    public var title: String
    public var series: [Series]
    public var groups: [Group]

    public init(title: String, series: [Series], groups: [Group]) {
        self.title = title
        self.series = series
        self.groups = groups
    }

    public static let before = Series(name: "original accuracy", colour: "#9a9a9a")
    public static let under = Series(name: "accuracy under attack", colour: "#3b6fb6")

    public func svg() -> String {
        let bar = 22.0
        let gap = 18.0
        let left = 50.0
        let top = 52.0
        let plot = 200.0
        let groupWidth = Double(series.count) * bar + gap
        // Wide enough for the title (about 7 px a character at 13 px), so it is never cut.
        let titleWidth = left + Double(min(title.count, 80)) * 7 + 10
        let width = max(360, titleWidth, left + Double(groups.count) * groupWidth + 20)
        let height = top + plot + 70
        var out =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(width))\" height=\"\(f(height))\" font-family=\"sans-serif\">\n"
        out += "<title>\(XMLEscaping.text(title))</title>\n"
        out +=
            "<text x=\"\(f(left))\" y=\"16\" font-size=\"13\">\(XMLEscaping.text(TextLimit.prefix(title, 80)))</text>\n"
        var legendX = left
        for s in series {
            out += "<rect x=\"\(f(legendX))\" y=\"24\" width=\"10\" height=\"10\" fill=\"\(s.colour)\"/>"
            out += "<text x=\"\(f(legendX + 14))\" y=\"33\" font-size=\"11\">\(XMLEscaping.text(s.name))</text>\n"
            legendX += 14 + Double(s.name.count) * 6.5 + 16
        }
        for tick in [0.0, 0.25, 0.5, 0.75, 1.0] {
            let y = top + plot - tick * plot
            out += "<line x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(width - 10))\" y2=\"\(f(y))\" stroke=\"#ddd\"/>"
            out +=
                "<text x=\"\(f(left - 6))\" y=\"\(f(y + 4))\" font-size=\"10\" text-anchor=\"end\">\(Int(tick * 100))%</text>\n"
        }
        for (g, group) in groups.enumerated() {
            let x0 = left + gap / 2 + Double(g) * groupWidth
            for (s, value) in group.values.enumerated() where s < series.count {
                let x = x0 + Double(s) * bar
                guard let value else {
                    out +=
                        "<text x=\"\(f(x + bar / 2))\" y=\"\(f(top + plot - 4))\" font-size=\"9\" text-anchor=\"middle\">n/a</text>\n"
                    continue
                }
                let h = max(0, min(1, value)) * plot
                out +=
                    "<rect x=\"\(f(x))\" y=\"\(f(top + plot - h))\" width=\"\(f(bar - 2))\" height=\"\(f(h))\" fill=\"\(series[s].colour)\"/>"
                out +=
                    "<text x=\"\(f(x + bar / 2 - 1))\" y=\"\(f(top + plot - h - 3))\" font-size=\"9\" text-anchor=\"middle\">\(Format.fixed(value * 100, digits: 0))</text>\n"
            }
            let label = XMLEscaping.text(TextLimit.prefix(group.label, 16))
            out +=
                "<text x=\"\(f(x0 + Double(series.count) * bar / 2))\" y=\"\(f(top + plot + 16))\" font-size=\"11\" text-anchor=\"middle\">\(label)</text>\n"
        }
        out +=
            "<line x1=\"\(f(left))\" y1=\"\(f(top + plot))\" x2=\"\(f(width - 10))\" y2=\"\(f(top + plot))\" stroke=\"#333\"/>\n"
        return out + "</svg>\n"
    }

    func f(_ x: Double) -> String { Format.fixed(x, digits: 1) }
}
