import AdvGlueReports
import Foundation
import Testing

@testable import AdvGlueProbe

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The reports rendered by cmark-gfm, the engine GitHub forked for its Markdown, with
/// GitHub's extensions and raw HTML allowed (GitHub sanitises afterwards, so anything
/// the data smuggled in would show here as HTML nodes). scripts/check-rendering.sh
/// goes further, into headless Chromium with a screenshot.
@Suite("Reports as GitHub's Markdown engine parses them")
struct GFMRenderingTests {
    static let cmark = ["/usr/bin/cmark-gfm", "/usr/local/bin/cmark-gfm"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }
    static var required: Bool { ProcessInfo.processInfo.environment["ADVGLUE_REQUIRE_CORPORA"] == "1" }
    static let trait = ConditionTrait.enabled(
        if: cmark != nil || required,
        "cmark-gfm not installed (scripts/setup.sh installs it); set ADVGLUE_REQUIRE_CORPORA=1 to fail instead")

    /// The documents checked: hostile reports of every kind and the golden reports.
    static func documents() throws -> [(String, String)] {
        let results = try Hostile.results()
        var docs = [
            ("hostile attack report", AttackReport.render(results, context: Hostile.context)),
            (
                "hostile suite summary",
                SuiteReport.render(
                    [SuiteReport.Part(folder: "x|y", results: results, probe: Hostile.bidi)], context: Hostile.context)
            ),
            ("hostile step summary", StepSummary.attack(results, probe: Hostile.markdown)),
        ]
        for name in ["report-sst2.md", "summary-sst2.md", "eval-report.md", "gate.md"] {
            docs.append((name, try String(contentsOf: Fixtures.goldenFolder.appending(path: name), encoding: .utf8)))
        }
        // scripts/check-rendering.sh shows these in a browser too.
        if let folder = ProcessInfo.processInfo.environment["ADVGLUE_RENDERING_OUT"], !folder.isEmpty {
            let url = URL(filePath: folder, directoryHint: .isDirectory)
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            for (name, markdown) in docs {
                let file =
                    name.hasSuffix(".md") ? "golden-" + name : name.replacingOccurrences(of: " ", with: "-") + ".md"
                try Data(markdown.utf8).write(to: url.appending(path: file))
            }
            let chart = SuiteReport.chart([SuiteReport.Part(folder: "x", results: results, probe: nil)]).svg()
            try Data(chart.utf8).write(to: url.appending(path: AttackReport.chartFileName))
            try Data(EvalReport.chart(FormatGoldenTests.eval()).svg().utf8).write(
                to: url.appending(path: EvalReport.chartFileName))
        }
        return docs
    }

    /// Tables in the Markdown source: rows (header included) and cells per row from the
    /// separator line, and each row's cells as GFM splits them (at pipes no backslash
    /// escapes). GFM pads short rows and drops the cells of long ones, so a pipe the data
    /// smuggled in shows only here, as a row with more cells than its header.
    static func sourceTables(_ markdown: String) -> [(rows: Int, cells: Int, rowCells: [Int])] {
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false)
        var tables: [(Int, Int, [Int])] = []
        var i = 0
        while i < lines.count {
            if lines[i].hasPrefix("|"), i + 1 < lines.count, lines[i + 1].hasPrefix("|---") {
                let cells = lines[i + 1].split(separator: "|").count
                var end = i + 2
                while end < lines.count, lines[end].hasPrefix("|") { end += 1 }
                let rows = ([i] + Array((i + 2)..<end)).map { cellCount(lines[$0]) }
                tables.append((end - i - 1, cells, rows))
                i = end
            } else {
                i += 1
            }
        }
        return tables
    }

    static func cellCount(_ line: Substring) -> Int {
        var pipes = 0
        var escaped = false
        for character in line {
            if escaped {
                escaped = false
                continue
            }
            if character == "\\" { escaped = true } else if character == "|" { pipes += 1 }
        }
        return pipes - 1
    }

    @Test(trait) func tablesRenderIntactAndNothingLeaks() throws {
        let cmark = try #require(
            Self.cmark, "cmark-gfm is required (ADVGLUE_REQUIRE_CORPORA=1) but not installed; run scripts/setup.sh")
        for (name, markdown) in try Self.documents() {
            let process = Process()
            process.executableURL = URL(filePath: cmark)
            process.arguments = [
                "--unsafe", "-e", "table", "-e", "strikethrough", "-e", "autolink", "-e", "tagfilter", "-t", "xml",
            ]
            let input = Pipe()
            let output = Pipe()
            process.standardInput = input
            process.standardOutput = output
            try process.run()
            let writer = Thread {
                input.fileHandleForWriting.write(Data(markdown.utf8))
                try? input.fileHandleForWriting.close()
            }
            writer.start()
            let xml = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            let tree = try #require(CommonMarkTree.parse(xml), "\(name): cmark-gfm's XML does not parse")
            let expected = Self.sourceTables(markdown)
            #expect(
                tree.tables.count == expected.count,
                "\(name): \(tree.tables.count) tables rendered, \(expected.count) in the source")
            for (table, source) in zip(tree.tables, expected) {
                #expect(
                    source.rowCells.allSatisfy { $0 == source.cells },
                    "\(name): source rows of \(source.rowCells) cells, header \(source.cells)")
                #expect(
                    table.count == source.rows,
                    "\(name): a table rendered \(table.count) rows, the source has \(source.rows)")
                #expect(
                    table.allSatisfy { $0 == source.cells }, "\(name): rows of \(table) cells, expected \(source.cells)"
                )
            }
            #expect(
                Set(tree.inlineHTML).isSubset(of: ["<br>", MarkdownEscaping.separator]),
                "\(name): raw HTML \(Set(tree.inlineHTML))")
            // The only HTML blocks are advglue's own fold (a raw block of the data's would show here).
            #expect(
                tree.htmlBlocks.allSatisfy {
                    [MarkdownEscaping.foldOpen, MarkdownEscaping.foldClose].contains(
                        $0.trimmingCharacters(in: .newlines))
                }, "\(name): HTML blocks \(tree.htmlBlocks)")
            for link in tree.links { #expect(!link.contains(":"), "\(name): a live link to \(link)") }
            for image in tree.images {
                #expect(image.hasSuffix(".svg") && !image.contains(":"), "\(name): image \(image)")
            }
            #expect(
                !tree.text.unicodeScalars.contains {
                    (0x202A...0x202E).contains($0.value) || (0x2066...0x2069).contains($0.value)
                },
                "\(name): a raw bidi control reached the rendered text")
            #expect(tree.headings.allSatisfy { !$0.contains("not a heading") }, "\(name): data opened a heading")
        }
    }
}

/// What cmark-gfm's XML output holds, for the checks above.
final class CommonMarkTree: NSObject, XMLParserDelegate {
    var tables: [[Int]] = []
    var inlineHTML: [String] = []
    var htmlBlocks: [String] = []
    var links: [String] = []
    var images: [String] = []
    var headings: [String] = []
    var text = ""
    private var stack: [String] = []
    private var heading: String?
    private var cells = 0
    private var buffer = ""

    static func parse(_ data: Data) -> CommonMarkTree? {
        let tree = CommonMarkTree()
        let parser = XMLParser(data: data)
        parser.delegate = tree
        return parser.parse() ? tree : nil
    }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        stack.append(name)
        buffer = ""
        switch name {
        case "table": tables.append([])
        case "table_header", "table_row": cells = 0
        case "table_cell": cells += 1
        case "link": links.append(attributes["destination"] ?? "")
        case "image": images.append(attributes["destination"] ?? "")
        case "heading": heading = ""
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        buffer += string
        if stack.last == "text" || stack.last == "code" {
            text += string
            heading? += string
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        stack.removeLast()
        switch name {
        case "table_header", "table_row": tables[tables.count - 1].append(cells)
        case "html_inline": inlineHTML.append(buffer)
        case "html_block": htmlBlocks.append(buffer)
        case "heading":
            headings.append(heading ?? "")
            heading = nil
        default: break
        }
    }
}
