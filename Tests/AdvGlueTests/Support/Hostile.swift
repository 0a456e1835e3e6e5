import AdvGlueAttacks
import AdvGlueCorpora
import AdvGlueModels
import AdvGlueReports
import AdvGlueResults
import AdvGlueText
import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Attacker-controlled text for the output-safety tests: every format must escape it.
enum Hostile {
    static let pipe = "a table | breaking || pipe"
    static let script = "<script>alert(1)</script> and <img src=x onerror=alert(1)>"
    static let formula = "=cmd|' /C calc'!A0"
    static let bidi = "admin \u{202E}txt.exe\u{202C} and zero\u{200B}width"
    static let markdown =
        "`code` **bold** _em_ [link](http://evil.example) # heading @octocat #123 https://evil.example/x www.evil.example"
    /// A 100 KB line.
    static let long = String(repeating: "long ", count: 20_480)
    static let controls = "bell\u{07} nul\u{00} esc\u{1B}[31m form\u{0C}feed \u{FFFE}"

    static let all = [pipe, script, formula, bidi, markdown, long, controls]

    /// A results file whose every text, id, label, recipe name and model name is hostile.
    static func results() throws -> ResultsFile {
        var results: [AttackResult] = []
        for (index, text) in all.enumerated() {
            // The formula text starts the input unchanged, so its CSV cell starts with `=`.
            let input = TextInput([("sentence", text + " fine")])
            let segmented = try SegmentedInput(input)
            let last = segmented.fields[0].words.count - 1
            let modification = Modification(
                position: WordPosition(field: 0, word: last), original: "fine",
                replacement: index == 0 ? "fi|ne" : "<b>f</b>", transformation: "character-typo.swap")
            let perturbed = segmented.replacing([modification.position: modification.replacement])
            results.append(
                AttackResult(
                    exampleID: index == 2 ? "=HYPERLINK(\"http://evil\")" : "id\(index) \(text.prefix(40))",
                    groundTruth: 1,
                    outcome: index == 3 ? .failed : .successful, original: input, perturbed: perturbed,
                    originalPrediction: 1,
                    perturbedPrediction: index == 3 ? 1 : 0, originalProbabilities: [0.1, 0.9],
                    perturbedProbabilities: [0.7, 0.3],
                    modifications: [modification], wordCount: segmented.wordCount, queries: 5, budgetExhausted: false,
                    errorMessage: nil))
        }
        results.append(
            AttackResult(
                exampleID: "err", groundTruth: 0, outcome: .error, original: TextInput([("sentence", "x")]),
                perturbed: nil,
                originalPrediction: nil, perturbedPrediction: nil, originalProbabilities: nil,
                perturbedProbabilities: nil,
                modifications: [], wordCount: 1, queries: 0, budgetExhausted: false, errorMessage: script + " " + bidi))
        var recipe = RecipeInfo(try Fixtures.recipe())
        recipe.name = "typo|<script>x</script>\u{202E}"
        recipe.deviations = [markdown, pipe]
        let info = RunInfo(
            task: .sst2, labels: ["neg|<i>ative", "=pos"], recipe: recipe,
            model: ModelIdentity(spec: "cmd:" + formula, description: bidi, checksum: nil),
            data: DataInfo(
                file: "data/" + pipe + ".tsv", sha256: "00", format: .glueTSV, demo: false, examplesInFile: 8,
                skippedRows: []),
            fields: ["sentence"], seed: 1, queryBudget: 10, numExamplesRequested: nil, examplesSelected: results.count)
        return ResultsFile(tool: ToolInfo(version: "0.1.0"), complete: true, run: info, results: results)
    }

    static let context = ReportContext(
        commandLine: ["advglue", "attack", "--data", script + bidi + "\n```\n# not a heading"], commit: nil,
        icuVersion: "72.1", date: "2026-01-01T00:00:00Z", elapsedSeconds: 1)
}

/// A small RFC 4180 reader for checking CSV output.
enum ReferenceCSV {
    static func rows(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var cell = ""
        var quoted = false
        var wasQuoted = false
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let p = pending {
                pending = nil
                return p
            }
            return scalars.next()
        }
        while let c = next() {
            if quoted {
                if c == "\"" {
                    if let n = next() {
                        if n == "\"" {
                            cell.unicodeScalars.append("\"")
                        } else {
                            quoted = false
                            pending = n
                        }
                    } else {
                        quoted = false
                    }
                } else {
                    cell.unicodeScalars.append(c)
                }
            } else if c == "\"" && cell.isEmpty && !wasQuoted {
                quoted = true
                wasQuoted = true
            } else if c == "," {
                row.append(cell)
                cell = ""
                wasQuoted = false
            } else if c == "\r" {
                continue
            } else if c == "\n" {
                row.append(cell)
                rows.append(row)
                row = []
                cell = ""
                wasQuoted = false
            } else {
                cell.unicodeScalars.append(c)
            }
        }
        if !cell.isEmpty || !row.isEmpty {
            row.append(cell)
            rows.append(row)
        }
        return rows
    }
}

/// Parses XML with Foundation's parser and collects the text it holds.
final class XMLCheck: NSObject, XMLParserDelegate {
    var text = ""
    var elements: [String] = []
    var attributes: [String] = []

    static func parse(_ xml: String) -> XMLCheck? {
        let check = XMLCheck()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = check
        return parser.parse() ? check : nil
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
        attributes attributeDict: [String: String] = [:]
    ) {
        elements.append(elementName)
        attributes += attributeDict.values
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text += string
    }
}
