import AdvGlueAttacks
import AdvGlueCorpora
import AdvGlueGates
import AdvGlueModels
import AdvGlueReports
import AdvGlueResults
import AdvGlueText
import Foundation
import Testing

@testable import AdvGlueProbe

/// Hostile strings (a table-breaking pipe, `<script>`, `=cmd|' /C calc'!A0`, U+202E, a
/// 100 KB line, Markdown and autolink syntax, control characters) through every format.
@Suite("Safe output in every format")
struct OutputSafetyTests {
    /// Scalars no human-facing format may carry raw.
    static func hasRawInvisible(_ text: String) -> Bool {
        text.unicodeScalars.contains { ($0 != "\n" && $0 != "\r" && $0 != "\t" && VisibleText.isInvisible($0)) }
    }

    /// Table rows must have as many unescaped cell separators as their header.
    static func checkTables(_ markdown: String, sourceLocation: SourceLocation = #_sourceLocation) {
        var expected: Int?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            guard line.hasPrefix("|") else {
                expected = nil
                continue
            }
            let pipes = line.replacingOccurrences(of: "\\\\", with: "").replacingOccurrences(of: "\\|", with: "").filter
            { $0 == "|" }.count
            if let expected {
                #expect(
                    pipes == expected, "row has \(pipes) separators, header \(expected): \(line.prefix(200))",
                    sourceLocation: sourceLocation)
            } else {
                expected = pipes
            }
        }
    }

    /// The Markdown outside fenced code blocks (whose content renders as text).
    static func outsideCode(_ markdown: String) -> String {
        var out: [Substring] = []
        var fence: Substring?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if let open = fence {
                if line == open { fence = nil }
            } else if line.hasPrefix("```") {
                fence = line
            } else {
                out.append(line)
            }
        }
        return out.joined(separator: "\n")
    }

    /// The Markdown without the HTML advglue writes itself.
    static func withoutAdvglueHTML(_ markdown: String) -> String {
        [MarkdownEscaping.separator, "<br>", MarkdownEscaping.foldOpen, MarkdownEscaping.foldClose].reduce(markdown) {
            $0.replacingOccurrences(of: $1, with: "")
        }
    }

    static func checkMarkdown(_ markdown: String, sourceLocation: SourceLocation = #_sourceLocation) {
        // No HTML of the data's own: the only raw tags are advglue's <br>, <!-- --> separators
        // and its fold.
        let stripped = withoutAdvglueHTML(outsideCode(markdown))
        #expect(!stripped.contains("<"), "raw < in the report", sourceLocation: sourceLocation)
        #expect(!hasRawInvisible(markdown), "raw invisible character in the report", sourceLocation: sourceLocation)
        #expect(markdown.contains("⟨U+202E⟩"), "U+202E not shown visibly", sourceLocation: sourceLocation)
        #expect(
            !markdown.contains("https://evil") && !markdown.contains("www.evil"), "autolink left live",
            sourceLocation: sourceLocation)
        #expect(!markdown.contains("@octocat"), "@mention left live", sourceLocation: sourceLocation)
        #expect(
            markdown.utf8.count < 60_000, "the 100 KB line was not shortened (\(markdown.utf8.count) bytes)",
            sourceLocation: sourceLocation)
        checkTables(markdown, sourceLocation: sourceLocation)
        // The command line holds ``` on a line of its own: its fence must be longer, so the
        // line after it stays code.
        #expect(markdown.contains("\n````\nadvglue attack"), sourceLocation: sourceLocation)
        #expect(!outsideCode(markdown).contains("# not a heading"), sourceLocation: sourceLocation)
    }

    @Test func attackReport() throws {
        let markdown = AttackReport.render(try Hostile.results(), context: Hostile.context)
        Self.checkMarkdown(markdown)
        #expect(markdown.contains("\\| breaking \\|\\| pipe"))
        #expect(markdown.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(markdown.contains("long long") && markdown.contains("\\[102281 characters\\] … "))
    }

    @Test func suiteReportAndStepSummary() throws {
        let results = try Hostile.results()
        let parts = [SuiteReport.Part(folder: "a|b/../x y", results: results, probe: Hostile.script)]
        Self.checkMarkdown(SuiteReport.render(parts, context: Hostile.context))
        let summary = StepSummary.suite(parts) + StepSummary.attack(results, probe: Hostile.pipe)
        #expect(!Self.withoutAdvglueHTML(summary).contains("<"))
        Self.checkTables(summary)
        #expect(SuiteReport.table(parts, links: true)[2].contains("(a%7Cb%2F..%2Fx%20y/report.md)"))
    }

    @Test func csvOfAttackResults() throws {
        let csv = AttackCSV.render(try Hostile.results())
        let rows = ReferenceCSV.rows(csv)
        #expect(rows.count == Hostile.all.count + 2)
        for row in rows { #expect(row.count == AttackCSV.columns.count) }
        #expect(csv.hasSuffix("\r\n"))
        #expect(!Self.hasRawInvisible(csv.replacingOccurrences(of: "\r\n", with: "")))
        // Formula injection: a cell that would start with = + - @ tab or CR starts with '.
        for row in rows.dropFirst() {
            for cell in row where !cell.isEmpty && Double(cell) == nil {
                #expect(!"=+-@\t\r".contains(cell.first!), "formula cell \(cell.prefix(40))")
            }
        }
        let formulaRow = try #require(rows.first { $0[0].contains("cmd|") })
        #expect(formulaRow[0].hasPrefix("'=cmd|' /C calc'!A0"))
        #expect(formulaRow[9] == "'=HYPERLINK(\"http://evil\")")
        // The CSV keeps the whole 100 KB line: it is data, not a report.
        #expect(rows.contains { $0[0].count > 100_000 })
        #expect(csv.contains("⟨U+202E⟩") && csv.contains("<script>"))
    }

    @Test func annotationCSV() throws {
        let csv = AnnotationCSV.render([try Hostile.results()])
        let rows = ReferenceCSV.rows(csv)
        #expect(rows.first == AnnotationCSV.columns)
        for row in rows { #expect(row.count == AnnotationCSV.columns.count) }
        #expect(rows.dropFirst().allSatisfy { $0[8].isEmpty && $0[9].isEmpty })
        #expect(rows.contains { $0[4].hasPrefix("'=cmd") })
        #expect(rows.contains { $0[3] == "'=pos" })
        #expect(
            !Self.hasRawInvisible(
                csv.replacingOccurrences(of: "\r\n", with: "").replacingOccurrences(of: "\n", with: "")))
    }

    @Test func junitParsesAndKeepsTheText() throws {
        let xml = JUnitXML(suites: [AttackJUnit.suite(try Hostile.results())]).render()
        let parsed = try #require(XMLCheck.parse(xml), "JUnit XML does not parse")
        #expect(!xml.contains("<script") && !xml.contains("<img"))
        #expect(!Self.hasRawInvisible(xml.replacingOccurrences(of: "\n", with: "")))
        // The parser sees the data as text: the script tag is content, not markup.
        #expect(parsed.text.contains("<script>alert(1)</script>"))
        #expect(parsed.elements.filter { $0 == "failure" }.count == Hostile.all.count - 1)
        #expect(parsed.elements.contains("error") && !parsed.elements.contains("script"))
        #expect(parsed.attributes.allSatisfy { $0.count < 400 })
    }

    @Test func svgChartsParse() throws {
        let results = try Hostile.results()
        let svg = SuiteReport.chart([SuiteReport.Part(folder: "x", results: results, probe: nil)]).svg()
        let parsed = try #require(XMLCheck.parse(svg), "SVG does not parse")
        #expect(!svg.contains("<script") && !parsed.elements.contains("script"))
        #expect(!Self.hasRawInvisible(svg.replacingOccurrences(of: "\n", with: "")))
        #expect(parsed.text.contains("typo|<script>"))
    }

    @Test func gateReport() throws {
        let results = try Hostile.results()
        let yaml = """
            version: 1
            gates:
              - name: "\(Hostile.script) | \(Hostile.bidi)"
                min_accuracy_under_attack: 99%
            """
        let config = try GateConfig.parse(Data(yaml.utf8), file: "g|<b>.yaml")
        let evaluation = GateEvaluation(
            config: config, subjects: [GateSubject(attack: results, probe: nil, source: Hostile.pipe)])
        let markdown = GateReport.markdown(evaluation)
        #expect(!markdown.replacingOccurrences(of: MarkdownEscaping.separator, with: "").contains("<"))
        #expect(!Self.hasRawInvisible(markdown))
        Self.checkTables(markdown)
        #expect(XMLCheck.parse(GateReport.junit(evaluation).render()) != nil)
        #expect(!GateReport.lines(evaluation).joined().unicodeScalars.contains("\u{202E}"))
    }

    @Test func evalOutputs() throws {
        let items = Hostile.all.enumerated().map { index, text -> EvalItem in
            var item = EvalItem(
                id: index == 2 ? Hostile.formula : "\(index)", label: 1,
                input: TextInput([("sentence", text + " bad")]),
                original: TextInput([("sentence", text + " good")]), level: index == 1 ? Hostile.pipe : "word",
                method: Hostile.script)
            item.prediction = 0
            item.originalPrediction = 1
            return item
        }
        let eval = EvalFile(
            tool: ToolInfo(version: "0.1.0"), benchmark: "advglue", complete: true,
            data: DataInfo(
                file: Hostile.pipe, sha256: "0", format: .advglueJSON, demo: false, examplesInFile: items.count,
                skippedRows: []),
            annotations: nil,
            tasks: [
                EvalTask(
                    task: .sst2, model: ModelIdentity(spec: Hostile.script, description: Hostile.bidi), items: items)
            ])
        Self.checkMarkdown(EvalReport.render(eval, context: Hostile.context))
        let rows = ReferenceCSV.rows(eval.csv())
        for row in rows { #expect(row.count == 13) }
        #expect(rows.contains { $0[12].hasPrefix("'=cmd") })
        #expect(XMLCheck.parse(eval.junit().render()) != nil)
        #expect(XMLCheck.parse(EvalReport.chart(eval).svg()) != nil)
    }

    @Test func probeSectionAndCharts() throws {
        let measures = CalibrationMeasures(logits: [[2, 0], [0, 1]], labels: [0, 1])
        let result = ProbeResult(
            before: measures, after: measures, calTemperature: 1.5, optTemperature: nil,
            rows: [
                ProbeRow(
                    name: Hostile.script, temperature: 1, scoring: Hostile.pipe, summary: try Hostile.results().summary)
            ],
            thresholdPoints: 5, gapPoints: 0, illusionSuspected: false, heldOutExamples: 2, attackedExamples: 8)
        let section = ProbeReport.appendix(result).lines.joined(separator: "\n")
        #expect(!section.contains("<script"))
        Self.checkTables(section)
        #expect(XMLCheck.parse(ProbeReport.temperatureSVG(result)) != nil)
        #expect(!ProbeReport.temperatureSVG(result).contains("<script"))
    }
}
