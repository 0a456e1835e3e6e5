import AdvGlueSupport
import AdvGlueText
import Foundation
import Testing

@testable import AdvGlueCorpora

/// A bad row in an otherwise good RTE file; `line` is the 1-based line it sits on.
struct CorporaBadRowCase: Sendable, CustomTestStringConvertible {
    let name: String
    let row: [UInt8]
    let problemContains: String
    var testDescription: String { name }
}

@Suite("Corpora: hostile and malformed inputs")
struct CorporaMalformedInputTests {
    static let rteHeader = "index\tsentence1\tsentence2\tlabel\n"
    static let goodRow1 = "0\tA cat sat on the mat.\tA cat sat.\tentailment\n"
    static let goodRow2 = "1\tThe sky is green.\tGrass is blue.\tnot_entailment\n"

    static let badRows: [CorporaBadRowCase] = [
        .init(
            name: "too few columns", row: Array("7\tonly one sentence\tentailment\n".utf8), problemContains: "found 3"),
        .init(name: "too many columns", row: Array("7\ta\tb\tentailment\textra\n".utf8), problemContains: "found 5"),
        .init(name: "blank line in the middle", row: Array("\n".utf8), problemContains: "found 1"),
        .init(
            name: "unknown label", row: Array("7\tOne.\tTwo.\tmaybe\n".utf8), problemContains: "unknown label 'maybe'"),
        .init(
            name: "label id out of range", row: Array("7\tOne.\tTwo.\t2\n".utf8), problemContains: "unknown label '2'"),
        .init(
            name: "label in wrong case", row: Array("7\tOne.\tTwo.\tEntailment\n".utf8),
            problemContains: "unknown label"),
        .init(
            name: "invalid UTF-8", row: Array("7\tCaf".utf8) + [0xC3, 0x28, 0xFF] + Array("\tTwo.\tentailment\n".utf8),
            problemContains: "UTF-8"),
        .init(
            name: "empty text field", row: Array("7\t\tTwo.\tentailment\n".utf8),
            problemContains: "empty text in field 'sentence1'"),
        .init(
            name: "whitespace-only text field", row: Array("7\tOne.\t   \tentailment\n".utf8),
            problemContains: "empty text in field 'sentence2'"),
    ]

    /// header (line 1), good (2), bad (3), good (4).
    static func fileWithBadRow(_ bad: [UInt8]) -> [UInt8] {
        Array((rteHeader + goodRow1).utf8) + bad + Array(goodRow2.utf8)
    }

    @Test("strict: a bad row throws .malformedRow naming file and line", arguments: badRows)
    func strictBadRow(_ item: CorporaBadRowCase) throws {
        let folder = try CorporaTempFolder()
        let file = try folder.write("RTE/dev.tsv", bytes: Self.fileWithBadRow(item.row))
        let error = try #require(CorporaTestSupport.loadError(file, task: .rte))
        #expect(error.code == .badData)
        #expect(error.location?.file == file.path)
        #expect(error.location?.line == 3)
        #expect(error.message.contains(item.problemContains), "problem was: \(error.message)")
        #expect(error.description.hasPrefix("\(file.path):3: "))
        #expect(error.description.contains("\n  hint: "))
        #expect(error.description.contains("--lenient"))
    }

    @Test("lenient: the bad row is skipped and listed, good rows kept", arguments: badRows)
    func lenientBadRow(_ item: CorporaBadRowCase) throws {
        let folder = try CorporaTempFolder()
        let file = try folder.write("dev.tsv", bytes: Self.fileWithBadRow(item.row))
        let dataset = try DataLoader.load(file, task: .rte, lenient: true)
        #expect(dataset.examples.map(\.id) == ["0", "1"])
        #expect(dataset.examples.map(\.label) == [0, 1])
        #expect(dataset.skipped.count == 1)
        let skipped = try #require(dataset.skipped.first)
        #expect(skipped.line == 3)
        #expect(skipped.file == file.path)
        #expect(skipped.problem.contains(item.problemContains), "problem was: \(skipped.problem)")
    }

    @Test("lenient keeps every good row and lists every bad line; strict stops at the first")
    func lenientSeveralBadRows() throws {
        let folder = try CorporaTempFolder()
        let text =
            "sentence\tlabel\n"  // 1
            + "good one .\t1\n"  // 2
            + "no label column\n"  // 3 bad
            + "good two .\t0\n"  // 4
            + "bad label .\tpositive-ish\n"  // 5 bad
            + "\t1\n"  // 6 bad (empty text)
            + "good three .\tpositive\n"  // 7 (label by name)
        let file = try folder.write("sst.tsv", text)
        let dataset = try DataLoader.load(file, task: .sst2, lenient: true)
        #expect(dataset.examples.map { $0.input["sentence"] ?? "" } == ["good one .", "good two .", "good three ."])
        #expect(dataset.examples.map(\.label) == [1, 0, 1])
        #expect(dataset.examples.map(\.id) == ["line2", "line4", "line7"])
        #expect(dataset.skipped.map(\.line) == [3, 5, 6])

        let error = try #require(CorporaTestSupport.loadError(file, task: .sst2))
        #expect(error.code == .badData)
        #expect(error.location?.line == 3)
    }

    @Test("lenient with only bad rows still fails with .noExamples, counting the skipped rows")
    func lenientAllBad() throws {
        let folder = try CorporaTempFolder()
        let file = try folder.write("sst.tsv", "sentence\tlabel\nbad\t7\nalso bad\t\n")
        let error = try #require(CorporaTestSupport.loadError(file, task: .sst2, lenient: true))
        #expect(error.code == .badData)
        #expect(error.message.contains("2 malformed rows skipped"))
    }

    @Test("a file with no label column (test.tsv style) gives .missingColumn")
    func missingLabelColumn() throws {
        let folder = try CorporaTempFolder()
        let file = try folder.write("QNLI/test.tsv", "index\tquestion\tsentence\n0\tWhy?\tBecause.\n")
        let error = try #require(CorporaTestSupport.loadError(file, task: .qnli))
        #expect(error.code == .badData)
        #expect(error.location?.line == 1)
        #expect(error.location?.file == file.path)
        #expect(error.message.contains("'label'"))
        #expect(error.message.contains("index, question, sentence"))
        // lenient does not turn a missing column into skipped rows
        #expect(CorporaTestSupport.loadError(file, task: .qnli, lenient: true)?.code == .badData)
    }

    @Test("a missing text column gives .missingColumn naming it")
    func missingTextColumn() throws {
        let folder = try CorporaTempFolder()
        let file = try folder.write("dev.tsv", "index\tsentence1\tlabel\n0\tOne.\tentailment\n")
        let error = try #require(CorporaTestSupport.loadError(file, task: .rte))
        #expect(error.code == .badData)
        #expect(error.message.contains("'sentence2'"))
    }

    @Test("UTF-8 BOM and CRLF line endings load cleanly", arguments: [true, false], [true, false])
    func bomAndCRLF(bom: Bool, crlf: Bool) throws {
        let folder = try CorporaTempFolder()
        let eol = crlf ? "\r\n" : "\n"
        let prefix: [UInt8] = bom ? [0xEF, 0xBB, 0xBF] : []
        let rte =
            "index\tsentence1\tsentence2\tlabel" + eol
            + "10\tA man walks.\tSomeone walks.\tentailment" + eol
            + "11\tA man walks.\tNobody moves.\tnot_entailment" + eol
        let rteFile = try folder.write("RTE/dev.tsv", bytes: prefix + Array(rte.utf8))
        let rteData = try DataLoader.load(rteFile, task: .rte)
        // The first header column is found (so the BOM is not part of it): ids come from `index`.
        #expect(rteData.examples.map(\.id) == ["10", "11"])
        #expect(rteData.examples.map(\.label) == [0, 1])
        #expect(
            rteData.examples.map(\.input.texts) == [
                ["A man walks.", "Someone walks."], ["A man walks.", "Nobody moves."],
            ])
        #expect(rteData.skipped.isEmpty)

        // SST-2's text column is the first one, so a BOM left in the header would lose it.
        let sst = "sentence\tlabel" + eol + "a fine film .\t1" + eol + "a dull film .\t0" + eol
        let sstFile = try folder.write("SST-2/dev.tsv", bytes: prefix + Array(sst.utf8))
        let sstData = try DataLoader.load(sstFile, task: .sst2)
        #expect(sstData.examples.map { $0.input["sentence"] } == ["a fine film .", "a dull film ."])
        #expect(sstData.examples.map(\.label) == [1, 0])
        for example in rteData.examples + sstData.examples {
            #expect(!example.id.contains("\r") && !example.id.contains("\u{FEFF}"))
            #expect(example.input.texts.allSatisfy { !$0.contains("\r") && !$0.contains("\u{FEFF}") })
        }

        // The same for JSON Lines.
        let jsonl = #"{"sentence": "good .", "label": 1}"# + eol + #"{"sentence": "bad .", "label": "negative"}"# + eol
        let jsonlFile = try folder.write("sst.jsonl", bytes: prefix + Array(jsonl.utf8))
        let jsonlData = try DataLoader.load(jsonlFile, task: .sst2)
        #expect(jsonlData.examples.map(\.label) == [1, 0])
        #expect(jsonlData.examples.map { $0.input["sentence"] } == ["good .", "bad ."])
    }

    @Test("no trailing newline, or one extra, is fine")
    func trailingNewlines() throws {
        let folder = try CorporaTempFolder()
        for (index, ending) in ["", "\n", "\n\n", "\r\n"].enumerated() {
            let file = try folder.write("f\(index).tsv", "sentence\tlabel\nfirst .\t1\nlast .\t0" + ending)
            let dataset = try DataLoader.load(file, task: .sst2)
            #expect(
                dataset.examples.map { $0.input["sentence"] } == ["first .", "last ."],
                "ending \(ending.debugDescription)")
            #expect(dataset.examples.map(\.label) == [1, 0])
        }
    }

    @Test("quotes, backslashes and odd characters in TSV are kept verbatim")
    func tsvVerbatim() throws {
        let folder = try CorporaTempFolder()
        let question = #"What does "C:\new\table" mean, \"really\"?"#
        let sentence = #""Quoted start and end""#
        let odd = "It's ''doubled'' and \"\"double-doubled\"\" with emoji 🤖 and é"
        let text =
            "index\tquestion\tsentence\tlabel\n"
            + "q1\t\(question)\t\(sentence)\tentailment\n"
            + "q2\t\(odd)\t\\t is not a tab\tnot_entailment\n"
        let file = try folder.write("dev.tsv", text)
        let dataset = try DataLoader.load(file, task: .qnli)
        #expect(dataset.examples.count == 2)
        #expect(dataset.examples[0].input["question"] == question)
        #expect(dataset.examples[0].input["sentence"] == sentence)
        #expect(dataset.examples[1].input["question"] == odd)
        #expect(dataset.examples[1].input["sentence"] == #"\t is not a tab"#)
        #expect(dataset.examples.map(\.id) == ["q1", "q2"])
    }

    @Test("quotes, backslashes, tabs and newlines inside JSON strings are decoded and kept")
    func jsonEscapes() throws {
        let folder = try CorporaTempFolder()
        let line =
            #"{"question": "Say \"hi\"\tnow?", "sentence": "back\\slash and a\nnewline and \u00e9", "label": "entailment", "idx": 5}"#
        let jsonl = try folder.write("qnli.jsonl", line + "\n")
        let expectedQuestion = "Say \"hi\"\tnow?"
        let expectedSentence = "back\\slash and a\nnewline and é"
        let fromLines = try DataLoader.load(jsonl, task: .qnli)
        #expect(fromLines.examples.first?.input["question"] == expectedQuestion)
        #expect(fromLines.examples.first?.input["sentence"] == expectedSentence)
        #expect(fromLines.examples.first?.id == "5")

        let adv = try folder.write("dev.json", #"{"qnli": ["# + line + "]}")
        let fromAdv = try DataLoader.load(adv, task: .qnli)
        #expect(fromAdv.format == .advglueJSON)
        #expect(fromAdv.examples.first?.input["question"] == expectedQuestion)
        #expect(fromAdv.examples.first?.input["sentence"] == expectedSentence)

        let keyed = try folder.write(
            "keyed.json",
            #"{"0": {"text_a": "Say \"hi\"\tnow?", "text_b": "back\\slash and a\nnewline and \u00e9", "label": "entailment"}}"#
        )
        let fromKeyed = try DataLoader.load(keyed, task: .qnli)
        #expect(fromKeyed.format == .keyedJSON)
        #expect(fromKeyed.examples.first?.input.texts == [expectedQuestion, expectedSentence])
        #expect(fromKeyed.examples.first?.id == "0")
    }

    @Test("an empty file is rejected with .noExamples", arguments: ["dev.tsv", "dev.jsonl"])
    func emptyFile(_ name: String) throws {
        let folder = try CorporaTempFolder()
        let file = try folder.write(name, bytes: [])
        let error = try #require(CorporaTestSupport.loadError(file, task: .sst2))
        #expect(error.code == .badData, "got \(error)")
        #expect(error.location?.file == file.path)
    }

    @Test("an empty .json file is rejected as unreadable JSON")
    func emptyJSON() throws {
        let folder = try CorporaTempFolder()
        let file = try folder.write("dev.json", bytes: [])
        let error = try #require(CorporaTestSupport.loadError(file, task: .sst2))
        #expect(error.code == .badData)
        #expect(error.location?.file == file.path)
    }

    @Test(
        "a header with no rows gives .noExamples",
        arguments: [
            "sentence\tlabel", "sentence\tlabel\n", "sentence\tlabel\r\n", "\u{FEFF}sentence\tlabel\n",
        ])
    func headerOnly(_ text: String) throws {
        let folder = try CorporaTempFolder()
        let file = try folder.write("dev.tsv", text)
        let error = try #require(CorporaTestSupport.loadError(file, task: .sst2))
        #expect(error.code == .badData)
        #expect(error.message.contains("no sst2 examples"))
        #expect(error.location?.file == file.path)
    }

    @Test("a file whose first line is empty has no header")
    func emptyHeader() throws {
        let folder = try CorporaTempFolder()
        let file = try folder.write("dev.tsv", "\nsentence\tlabel\ngood .\t1\n")
        let error = try #require(CorporaTestSupport.loadError(file, task: .sst2))
        #expect(error.code == .badData)
        #expect(error.location?.line == 1)
        #expect(error.message.contains("header"))
    }

    @Test("JSON Lines: blank and whitespace-only lines are ignored, line numbers still count them")
    func jsonLinesBlankLines() throws {
        let folder = try CorporaTempFolder()
        let text =
            "\n"  // 1
            + #"{"premise": "P one.", "hypothesis": "H one.", "label": 0}"# + "\n"  // 2
            + "   \t \n"  // 3
            + "\r\n"  // 4
            + #"{"premise": "P two.", "hypothesis": "H two.", "label": 2}"# + "\n"  // 5
            + "\n"  // 6
            + #"{"premise": "P three.", "hypothesis": "", "label": 1}"# + "\n"  // 7 bad
            + "\n\n"
        let file = try folder.write("mnli.jsonl", text)
        let dataset = try DataLoader.load(file, task: .mnli, lenient: true)
        #expect(dataset.format == .jsonLines)
        #expect(dataset.examples.map(\.id) == ["line2", "line5"])
        #expect(dataset.examples.map(\.label) == [0, 2])
        #expect(
            dataset.examples.map { $0.input.fields.map(\.name) } == [
                ["premise", "hypothesis"], ["premise", "hypothesis"],
            ])
        #expect(dataset.skipped.map(\.line) == [7])

        let error = try #require(CorporaTestSupport.loadError(file, task: .mnli))
        #expect(error.code == .badData)
        #expect(error.location?.line == 7)
        #expect(error.message.contains("hypothesis"))
    }

    struct LabelCase: Sendable, CustomTestStringConvertible {
        let task: GlueTask
        let json: String
        let expected: Int?
        var testDescription: String { "\(task.rawValue) label \(json)" }
    }

    static let jsonLabels: [LabelCase] = [
        .init(task: .mnli, json: #""entailment""#, expected: 0),
        .init(task: .mnli, json: #""neutral""#, expected: 1),
        .init(task: .mnli, json: #""contradiction""#, expected: 2),
        .init(task: .mnli, json: "2", expected: 2),
        .init(task: .mnli, json: #""1""#, expected: 1),
        .init(task: .mnli, json: "3", expected: nil),
        .init(task: .mnli, json: "-1", expected: nil),
        .init(task: .mnli, json: #""not_entailment""#, expected: nil),
        .init(task: .mnli, json: "null", expected: nil),
        .init(task: .mnli, json: "[0]", expected: nil),
        .init(task: .qnli, json: #""not_entailment""#, expected: 1),
        .init(task: .qnli, json: "0", expected: 0),
        .init(task: .sst2, json: #""positive""#, expected: 1),
        .init(task: .sst2, json: "0", expected: 0),
        .init(task: .qqp, json: #""duplicate""#, expected: 1),
        .init(task: .qqp, json: #""0""#, expected: 0),
        .init(task: .rte, json: "1", expected: 1),
        .init(task: .rte, json: "true", expected: nil),
        .init(task: .rte, json: "1.5", expected: nil),
        .init(task: .sst2, json: #"{"id": 1}"#, expected: nil),
    ]

    @Test("JSON Lines label as a name or an id", arguments: jsonLabels)
    func jsonLinesLabel(_ item: LabelCase) throws {
        let folder = try CorporaTempFolder()
        let fields = item.task.fieldNames.map { #""\#($0)": "some \#($0) text""# }.joined(separator: ", ")
        let file = try folder.write("data.jsonl", "{\(fields), \"label\": \(item.json)}\n")
        if let expected = item.expected {
            let dataset = try DataLoader.load(file, task: item.task)
            #expect(dataset.examples.map(\.label) == [expected])
            #expect(dataset.examples.first?.input.fields.map(\.name) == item.task.fieldNames)
        } else {
            let error = try #require(CorporaTestSupport.loadError(file, task: item.task))
            #expect(error.code == .badData)
            #expect(error.location?.line == 1)
            #expect(error.message.contains("label"))
        }
    }

    @Test("JSON Lines: a line that is not JSON, or not an object, is a malformed row")
    func jsonLinesNotJSON() throws {
        let folder = try CorporaTempFolder()
        let good = #"{"sentence": "ok .", "label": 1}"#
        for (index, bad) in [
            "{not json", "[1, 2]", #""just a string""#, #"{"label": 1}"#, #"{"sentence": 5, "label": 1}"#,
        ].enumerated() {
            let file = try folder.write("f\(index).jsonl", good + "\n" + bad + "\n" + good + "\n")
            let error = try #require(CorporaTestSupport.loadError(file, task: .sst2), "\(bad) should be rejected")
            #expect(error.code == .badData, "\(bad)")
            #expect(error.location?.line == 2, "\(bad)")
            let lenient = try DataLoader.load(file, task: .sst2, lenient: true)
            #expect(lenient.examples.count == 2)
            #expect(lenient.skipped.map(\.line) == [2])
        }
    }

    @Test("JSON Lines: invalid UTF-8 on a line is reported with its line number")
    func jsonLinesInvalidUTF8() throws {
        let folder = try CorporaTempFolder()
        let bytes =
            Array(#"{"sentence": "ok .", "label": 1}"#.utf8) + [0x0A]
            + Array(#"{"sentence": "bad "#.utf8) + [0xFF, 0xFE] + Array(#"", "label": 1}"#.utf8) + [0x0A]
        let file = try folder.write("sst.jsonl", bytes: bytes)
        let error = try #require(CorporaTestSupport.loadError(file, task: .sst2))
        #expect(error.code == .badData)
        #expect(error.location?.line == 2)
        #expect(error.message.contains("UTF-8"))
    }

    @Test("AdvGLUE JSON without the task's key lists the keys present")
    func advGlueMissingTask() throws {
        let folder = try CorporaTempFolder()
        let file = try folder.write("dev.json", #"{"sst2": [{"idx": 0, "sentence": "fine .", "label": 1}], "qqp": []}"#)
        let error = try #require(CorporaTestSupport.loadError(file, task: .rte))
        #expect(error.code == .badData)
        #expect(error.location?.file == file.path)
        #expect(error.message.contains("'rte'"))
        #expect(error.message.contains("qqp, sst2"))
        // the key that is there loads
        let sst2 = try DataLoader.load(file, task: .sst2)
        #expect(sst2.examples.map(\.id) == ["0"])
        // an empty array for the task is no examples
        #expect(CorporaTestSupport.loadError(file, task: .qqp)?.code == .badData)
    }

    @Test("AdvGLUE JSON: a malformed item is fatal, or skipped under lenient")
    func advGlueBadItem() throws {
        let folder = try CorporaTempFolder()
        let file = try folder.write(
            "dev.json",
            #"{"rte": [{"idx": 0, "sentence1": "A.", "sentence2": "B.", "label": 0}, {"idx": 1, "sentence1": "A.", "label": 1}, {"idx": 2, "sentence1": "C.", "sentence2": "D.", "label": 7}, {"idx": 3, "sentence1": "E.", "sentence2": "F.", "label": 1}]}"#
        )
        let error = try #require(CorporaTestSupport.loadError(file, task: .rte))
        #expect(error.code == .badData)
        #expect(error.message.contains("rte[1]"))
        #expect(error.message.contains("sentence2"))
        let dataset = try DataLoader.load(file, task: .rte, lenient: true)
        #expect(dataset.examples.map(\.id) == ["0", "3"])
        #expect(dataset.skipped.count == 2)
        #expect(dataset.skipped[0].problem.contains("rte[1]"))
        #expect(dataset.skipped[1].problem.contains("unknown label '7'"))
    }

    @Test("keyed JSON: a malformed item is fatal (as a malformed row), or skipped under lenient")
    func keyedBadItem() throws {
        // Twelve small files, each with one good item and one item missing `text_a`.
        // Whichever item the loader happens to look at first (dictionary order varies
        // between keys and runs), it must recognise the keyed format; with twelve files
        // a loader that sniffs only one arbitrary item fails this almost surely.
        let folder = try CorporaTempFolder()
        var misdetected: [String] = []
        for round in 0..<12 {
            let good = String(2 * round)
            let bad = String(2 * round + 1)
            let file = try folder.write(
                "keyed\(round).json",
                """
                {"\(good)": {"text_a": "Premise \(round).", "text_b": "Hypothesis.", "label": "neutral"},
                 "\(bad)": {"text_b": "No premise.", "label": "entailment"}}
                """)
            do {
                let dataset = try DataLoader.load(file, task: .mnli, lenient: true)
                #expect(dataset.format == .keyedJSON)
                #expect(dataset.examples.map(\.id) == [good])
                #expect(dataset.examples.map(\.label) == [1])
                #expect(dataset.skipped.count == 1)
                #expect(dataset.skipped.first?.problem.contains("text_a") == true)
            } catch {
                misdetected.append("lenient load of keyed\(round).json: \(error)")
            }
            if let error = CorporaTestSupport.loadError(file, task: .mnli),
                error.code != .badData || !error.message.contains("text_a")
            {
                misdetected.append("strict load of keyed\(round).json: \(error) instead of a malformed item")
            }
            #expect(CorporaTestSupport.loadError(file, task: .mnli) != nil, "strict load must reject the bad item")
        }
        #expect(
            misdetected.isEmpty,
            "keyed JSON with a malformed item was not recognised as keyed JSON:\n\(misdetected.joined(separator: "\n"))"
        )
    }

    @Test(
        "JSON that is neither AdvGLUE nor keyed is an unknown format",
        arguments: [
            "[]", #"[{"sentence": "x", "label": 1}]"#, "{}", #"{"train": []}"#, #"{"0": "text"}"#,
        ])
    func unknownJSON(_ text: String) throws {
        let folder = try CorporaTempFolder()
        let file = try folder.write("data.json", text)
        let error = try #require(CorporaTestSupport.loadError(file, task: .sst2))
        #expect(error.code == .badData)
        #expect(error.location?.file == file.path)
    }

    @Test("JSON that does not parse is unreadable", arguments: ["{", #"{"sst2": [}"#, "nope"])
    func invalidJSON(_ text: String) throws {
        let folder = try CorporaTempFolder()
        let file = try folder.write("dev.json", text)
        let error = try #require(CorporaTestSupport.loadError(file, task: .sst2))
        #expect(error.code == .badData)
        #expect(error.message.contains("not valid JSON"))
    }

    @Test(
        "an unknown extension gives .unknownFormat",
        arguments: ["dev.csv", "dev.txt", "dev", "dev.tsv.gz", "dev.parquet"])
    func unknownExtension(_ name: String) throws {
        let folder = try CorporaTempFolder()
        let file = try folder.write(name, "sentence\tlabel\nfine .\t1\n")
        let error = try #require(CorporaTestSupport.loadError(file, task: .sst2))
        #expect(error.code == .badData)
        #expect(error.location?.file == file.path)
        #expect(error.message.contains("'.\(file.pathExtension)'"))
        #expect(error.hint?.contains(".tsv") == true)
    }

    @Test("extensions are matched case-insensitively")
    func upperCaseExtension() throws {
        let folder = try CorporaTempFolder()
        let file = try folder.write("DEV.TSV", "sentence\tlabel\nfine .\t1\n")
        #expect(try DataLoader.load(file, task: .sst2).examples.count == 1)
    }

    @Test("a missing file gives .notFound; a folder gives .unreadable")
    func missingFileAndFolder() throws {
        let folder = try CorporaTempFolder()
        let missing = folder.url.appending(path: "nope/dev.tsv")
        let notFound = try #require(CorporaTestSupport.loadError(missing, task: .sst2))
        #expect(notFound.code == .notFound)
        #expect(notFound.location?.file == missing.path)

        let directory = folder.url.appending(path: "looks-like.tsv")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let unreadable = try #require(CorporaTestSupport.loadError(directory, task: .sst2))
        #expect(unreadable.code == .badData)
    }

    @Test("an error's description is FILE:LINE: problem, then the hint")
    func errorDescription() {
        #expect(
            AdvGlueError(.badData, "bad row", hint: "fix it", at: .file("a/dev.tsv", line: 3)).description
                == "a/dev.tsv:3: bad row\n  hint: fix it")
        #expect(AdvGlueError(.notFound, "no such file", at: .file("x.json")).description == "x.json: no such file")
        #expect(AdvGlueError(.badData, "p", at: .file("f", line: 1)).description == "f:1: p")
        #expect(
            AdvGlueError(.badConfig, "unknown key", at: .file("r.yaml", line: 4, key: "a.b")).within("gate config")
                .description
                == "gate config r.yaml:4: 'a.b': unknown key")
        #expect(AdvGlueError(.usage, "message").description == "message")
    }
}
