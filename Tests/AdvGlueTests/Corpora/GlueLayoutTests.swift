import AdvGlueText
import Foundation
import Testing

@testable import AdvGlueCorpora

@Suite("Corpora: official GLUE layouts and task metadata")
struct CorporaGlueLayoutTests {
    static let mnliDevHeader =
        "index\tpromptID\tpairID\tgenre\tsentence1_binary_parse\tsentence2_binary_parse\tsentence1_parse\tsentence2_parse\tsentence1\tsentence2\tlabel1\tlabel2\tlabel3\tlabel4\tlabel5\tgold_label"

    /// A 16-column row whose annotator labels (label1..5) disagree with gold_label, so a
    /// loader that read the wrong column would give a different label.
    static func mnliDevRow(
        index: Int, pairID: String, genre: String, premise: String, hypothesis: String,
        annotators: [String], gold: String
    ) -> String {
        let parse = { (text: String) in "( " + text.split(separator: " ").joined(separator: " ( ") + " )" }
        return
            ([
                String(index), "\(index + 1000)", pairID, genre, parse(premise), parse(hypothesis),
                "(ROOT (S \(premise)))", "(ROOT (S \(hypothesis)))", premise, hypothesis,
            ] + annotators + [gold])
            .joined(separator: "\t")
    }

    static func mnliDevFile() -> String {
        [
            mnliDevHeader,
            mnliDevRow(
                index: 0, pairID: "63735n", genre: "slate", premise: "The new rights are nice enough",
                hypothesis: "Everyone really likes the newest benefits",
                annotators: ["neutral", "entailment", "neutral", "neutral", "neutral"], gold: "neutral"),
            mnliDevRow(
                index: 1, pairID: "91383c", genre: "government",
                premise: "This site includes a list of all award winners.",
                hypothesis: "The Government Executive articles housed on the website are not able to be searched.",
                annotators: ["neutral", "contradiction", "contradiction", "contradiction", "contradiction"],
                gold: "contradiction"),
            mnliDevRow(
                index: 2, pairID: "1234e", genre: "letters",
                premise: "uh i don't know i i have mixed emotions about him",
                hypothesis: "I like him for the most part, but would still enjoy seeing someone beat him.",
                annotators: ["contradiction", "entailment", "", "", ""], gold: "entailment"),
        ].joined(separator: "\n") + "\n"
    }

    @Test(
        "16-column GLUE MNLI dev: gold_label is the label, pairID the id, sentence1/2 the texts",
        arguments: [GlueTask.mnli, .mnliMismatched])
    func mnliSixteenColumns(_ task: GlueTask) throws {
        let folder = try CorporaTempFolder()
        let file = try folder.write("MNLI/\(task.devFileName)", Self.mnliDevFile())
        let dataset = try DataLoader.load(file, task: task)
        #expect(dataset.format == .glueTSV)
        #expect(dataset.skipped.isEmpty)
        #expect(dataset.examples.map(\.id) == ["63735n", "91383c", "1234e"])
        #expect(dataset.examples.map(\.label) == [1, 2, 0])
        #expect(dataset.examples[0].input.fields.map(\.name) == ["premise", "hypothesis"])
        #expect(dataset.examples[0].input["premise"] == "The new rights are nice enough")
        #expect(
            dataset.examples[2].input["hypothesis"]
                == "I like him for the most part, but would still enjoy seeing someone beat him.")
        // Genres are not filtered in the GLUE layout: the file name says which split it is.
        #expect(dataset.examples.count == 3)
    }

    @Test("16-column GLUE MNLI dev: an unknown gold_label is reported at its line")
    func mnliUnknownGold() throws {
        let folder = try CorporaTempFolder()
        let text =
            Self.mnliDevFile()
            + Self.mnliDevRow(
                index: 3, pairID: "9n", genre: "travel", premise: "A b c.", hypothesis: "D e f.",
                annotators: ["neutral", "entailment", "contradiction", "", ""], gold: "-") + "\n"
        let file = try folder.write("dev_matched.tsv", text)
        let error = try #require(CorporaTestSupport.loadError(file, task: .mnli))
        #expect(error.code == .badData)
        #expect(error.location?.line == 5)
        #expect(error.message.contains("'-'"))
        #expect(try DataLoader.load(file, task: .mnli, lenient: true).examples.count == 3)
    }

    @Test("6-column GLUE QQP dev: is_duplicate is the label, id the id")
    func qqpSixColumns() throws {
        let folder = try CorporaTempFolder()
        let text = """
            id\tqid1\tqid2\tquestion1\tquestion2\tis_duplicate
            201359\t303345\t303346\tWhy are African-Americans so beautiful?\tWhy are hispanics so beautiful?\t0
            263843\t69383\t380476\tI want to pursue PhD in Computer Science about social network,what is the open problem in social networks?\tI handle social media for a non-profit. Should I start going to social media networking events? Are there any good ones in the bay area?\t0
            172974\t266948\t175089\tIs there a reason why we should travel alone?\tWhat are some reasons to travel alone?\t1

            """
        let file = try folder.write("QQP/dev.tsv", text)
        let dataset = try DataLoader.load(file, task: .qqp)
        #expect(dataset.format == .glueTSV)
        #expect(dataset.examples.map(\.id) == ["201359", "263843", "172974"])
        #expect(dataset.examples.map(\.label) == [0, 0, 1])
        #expect(dataset.examples[2].input.fields.map(\.name) == ["question1", "question2"])
        #expect(dataset.examples[2].input["question1"] == "Is there a reason why we should travel alone?")
        #expect(dataset.examples[2].input["question2"] == "What are some reasons to travel alone?")
    }

    @Test("columns are found by header name, in any order")
    func columnsByName() throws {
        let folder = try CorporaTempFolder()
        let file = try folder.write(
            "dev.tsv", "label\tsentence2\textra\tsentence1\tindex\nnot_entailment\tSecond.\tzzz\tFirst.\tr7\n")
        let example = try #require(try DataLoader.load(file, task: .rte).examples.first)
        #expect(example.id == "r7")
        #expect(example.label == 1)
        #expect(example.input.texts == ["First.", "Second."])
    }

    @Test("an empty id cell falls back to the line number")
    func emptyIDFallsBack() throws {
        let folder = try CorporaTempFolder()
        let file = try folder.write(
            "dev.tsv", "index\tquestion\tsentence\tlabel\n\tWhy?\tBecause.\t0\n5\tHow?\tSo.\t1\n")
        #expect(try DataLoader.load(file, task: .qnli).examples.map(\.id) == ["line2", "5"])
    }

    @Test("TaxiNLI layout is recognised by prem/hyp and split by genre")
    func taxiNLILayout() throws {
        let folder = try CorporaTempFolder()
        var lines = ["\tUnnamed: 0\tprem\thyp\tlabel\tlexical_linguistic\tpairID\tgenre\ts1\ts2"]
        let genres = [
            "fiction", "government", "slate", "telephone", "travel", "facetoface", "letters", "nineeleven", "oup",
            "verbatim",
        ]
        let labels = ["entailment", "neutral", "contradiction"]
        for (index, genre) in genres.enumerated() {
            lines.append(
                "\(index)\t\(index)\tPremise \(genre).\tHypothesis \(genre).\t\(labels[index % 3])\t0\tp\(index)\t\(genre)\ts1\ts2"
            )
        }
        let file = try folder.write("taxinli.tsv", lines.joined(separator: "\n") + "\n")
        let matched = try DataLoader.load(file, task: .mnli)
        let mismatched = try DataLoader.load(file, task: .mnliMismatched)
        #expect(matched.format == .taxiNLITSV)
        #expect(matched.examples.map(\.id) == ["p0", "p1", "p2", "p3", "p4"])
        #expect(mismatched.examples.map(\.id) == ["p5", "p6", "p7", "p8", "p9"])
        #expect(matched.examples.map(\.label) == [0, 1, 2, 0, 1])
        #expect(matched.examples[0].input["premise"] == "Premise fiction.")
        #expect(matched.examples[0].input["hypothesis"] == "Hypothesis fiction.")
        #expect(GlueTSVLoader.matchedGenres == Set(genres.prefix(5)))
    }

    @Test("a TaxiNLI (MNLI) file is not silently read as another task", arguments: [GlueTask.rte, .qnli, .sst2, .qqp])
    func taxiNLIOnlyForMNLI(_ task: GlueTask) throws {
        // Only mismatched-genre rows, all labelled "entailment", which RTE and QNLI also
        // spell: a loader that ignores the task for this layout would return them as RTE/QNLI.
        let folder = try CorporaTempFolder()
        let text =
            "\tUnnamed: 0\tprem\thyp\tlabel\tpairID\tgenre\n"
            + "0\t0\tThe letter was long.\tA letter was written.\tentailment\t1e\tletters\n"
            + "1\t1\tThey met face to face.\tThey met.\tentailment\t2e\tfacetoface\n"
        let file = try folder.write("taxinli.tsv", text)
        for lenient in [false, true] {
            let error = CorporaTestSupport.loadError(file, task: task, lenient: lenient)
            #expect(error != nil, "MNLI TaxiNLI rows were accepted as \(task.rawValue) (lenient: \(lenient))")
        }
    }

    // MARK: GlueTask

    @Test(
        "field names, folders and dev files per task",
        arguments: [
            (GlueTask.sst2, ["sentence"], "SST-2", "dev.tsv"),
            (.mnli, ["premise", "hypothesis"], "MNLI", "dev_matched.tsv"),
            (.mnliMismatched, ["premise", "hypothesis"], "MNLI", "dev_mismatched.tsv"),
            (.qqp, ["question1", "question2"], "QQP", "dev.tsv"),
            (.qnli, ["question", "sentence"], "QNLI", "dev.tsv"),
            (.rte, ["sentence1", "sentence2"], "RTE", "dev.tsv"),
        ])
    func taskMetadata(task: GlueTask, fields: [String], folder: String, devFile: String) {
        #expect(task.fieldNames == fields)
        #expect(task.glueDirectory == folder)
        #expect(task.devFileName == devFile)
    }

    @Test("raw values as AdvGLUE's dev.json spells the tasks")
    func rawValues() {
        #expect(GlueTask.allCases.map(\.rawValue) == ["sst2", "mnli", "mnli-mm", "qqp", "qnli", "rte"])
        #expect(GlueTask(rawValue: "mnli-mm") == .mnliMismatched)
        #expect(GlueTask(rawValue: "mnli_mismatched") == nil)
        #expect(GlueTask.mnliMismatched.modelTask == .mnli)
    }

    @Test(
        "label names in Hugging Face GLUE order",
        arguments: [
            (GlueTask.sst2, ["negative", "positive"]),
            (.mnli, ["entailment", "neutral", "contradiction"]),
            (.mnliMismatched, ["entailment", "neutral", "contradiction"]),
            (.qqp, ["not_duplicate", "duplicate"]),
            (.qnli, ["entailment", "not_entailment"]),
            (.rte, ["entailment", "not_entailment"]),
        ])
    func labelNames(task: GlueTask, names: [String]) {
        #expect(task.labelNames == names)
        for (id, name) in names.enumerated() {
            #expect(task.labelID(for: name) == id)
            #expect(task.labelID(for: String(id)) == id)
            #expect(task.labelID(for: " \(name) ") == id)
        }
        #expect(task.labelID(for: String(names.count)) == nil)
        #expect(task.labelID(for: "-1") == nil)
        #expect(task.labelID(for: "") == nil)
        #expect(task.labelID(for: names[0].uppercased()) == nil)
    }

    @Test(
        "labels of one task are not accepted for another",
        arguments: [
            (GlueTask.sst2, "entailment"), (.rte, "neutral"), (.qnli, "contradiction"), (.mnli, "not_entailment"),
            (.qqp, "positive"), (.sst2, "duplicate"), (.mnli, "3"), (.rte, "1.0"),
        ])
    func foreignLabels(task: GlueTask, raw: String) {
        #expect(task.labelID(for: raw) == nil)
    }
}
