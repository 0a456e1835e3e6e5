import AdvGlueText
import Foundation
import Testing

@testable import AdvGlueCorpora

/// One real data file with its known size and label distribution (counted independently
/// with awk/python from the files in ../shared/corpora).
struct CorporaRealFileCase: Sendable, CustomTestStringConvertible {
    let path: String
    let task: GlueTask
    let count: Int
    /// Count per label id, in HF GLUE order.
    let distribution: [Int]
    let format: DataFormat
    /// Whether the file's ids are unique (TaxiNLI repeats a few pairIDs).
    var uniqueIDs = true

    var testDescription: String { "\(path) as \(task.rawValue)" }
}

@Suite("Corpora: real GLUE-family files", SharedCorpora.trait)
struct CorporaRealDataTests {
    static let glueFiles: [CorporaRealFileCase] = [
        .init(path: "glue_data/SST-2/dev.tsv", task: .sst2, count: 872, distribution: [428, 444], format: .glueTSV),
        .init(
            path: "glue_data/SST-2/train.tsv", task: .sst2, count: 67_349, distribution: [29_780, 37_569],
            format: .glueTSV),
        .init(path: "glue_data/RTE/dev.tsv", task: .rte, count: 277, distribution: [146, 131], format: .glueTSV),
        .init(
            path: "glue_data/RTE/train.tsv", task: .rte, count: 2_490, distribution: [1_249, 1_241], format: .glueTSV),
        .init(
            path: "glue_data/QNLI/dev.tsv", task: .qnli, count: 5_463, distribution: [2_702, 2_761], format: .glueTSV),
        .init(
            path: "glue_data/MNLI/dev_matched+mismatched.taxinli_subset7727.tsv", task: .mnli, count: 3_815,
            distribution: [1_401, 1_062, 1_352], format: .taxiNLITSV, uniqueIDs: false),
        .init(
            path: "glue_data/MNLI/dev_matched+mismatched.taxinli_subset7727.tsv", task: .mnliMismatched, count: 3_912,
            distribution: [1_421, 1_099, 1_392], format: .taxiNLITSV, uniqueIDs: false),
        .init(
            path: "glue_data/MNLI/train.sample8999.ppft.json", task: .mnli, count: 8_999,
            distribution: [3_061, 2_980, 2_958], format: .keyedJSON),
        .init(
            path: "glue_data/MNLI/train.sample1000.ppft_heldout.json", task: .mnli, count: 1_000,
            distribution: [347, 333, 320], format: .keyedJSON),
        .init(
            path: "glue_data/QQP/train.sample8999.ppft.json", task: .qqp, count: 8_999, distribution: [5_747, 3_252],
            format: .keyedJSON),
        .init(
            path: "glue_data/QQP/train.sample1000.ppft_heldout.json", task: .qqp, count: 1_000,
            distribution: [623, 377], format: .keyedJSON),
    ]

    static let kShotFiles: [CorporaRealFileCase] = ["13", "21", "42", "87", "100"].flatMap { seed in
        ["train.tsv", "lmbff_dev_from_train.tsv"].flatMap { name in
            [
                CorporaRealFileCase(
                    path: "glue_data/MNLI/k-shot/16-\(seed)/\(name)", task: .mnli, count: 48,
                    distribution: [16, 16, 16], format: .glueTSV),
                CorporaRealFileCase(
                    path: "glue_data/QQP/k-shot/16-\(seed)/\(name)", task: .qqp, count: 32, distribution: [16, 16],
                    format: .glueTSV),
            ]
        }
    }

    static let advGlueDistributions: [GlueTask: [Int]] = [
        .sst2: [72, 76], .qqp: [46, 32], .mnli: [32, 39, 50], .mnliMismatched: [60, 45, 57], .qnli: [74, 74],
        .rte: [35, 46],
    ]

    static let advGlueFiles: [CorporaRealFileCase] = ["advglue/dev.json", "advglue/dev_ann.json"].flatMap { path in
        GlueTask.allCases.map { task in
            let distribution = advGlueDistributions[task]!
            return CorporaRealFileCase(
                path: path, task: task, count: distribution.reduce(0, +), distribution: distribution,
                format: .advglueJSON)
        }
    }

    @Test("row counts, label distributions and fields", arguments: glueFiles + kShotFiles + advGlueFiles)
    func countsAndLabels(_ item: CorporaRealFileCase) throws {
        let file = try SharedCorpora.file(item.path)
        let dataset = try DataLoader.load(file, task: item.task)
        #expect(dataset.examples.count == item.count)
        #expect(dataset.skipped.isEmpty)
        #expect(dataset.format == item.format)
        #expect(dataset.task == item.task)
        #expect(dataset.source == file.path)
        let distribution = CorporaTestSupport.distribution(dataset)
        #expect(distribution == item.distribution)
        #expect(distribution.allSatisfy { $0 > 0 }, "every label id of \(item.task.labelNames) should occur")
        CorporaTestSupport.expectWellFormed(dataset)
        if item.uniqueIDs {
            #expect(Set(dataset.examples.map(\.id)).count == dataset.examples.count, "ids should be unique")
        }
    }

    @Test("the AdvGLUE counts sum to the 738 items of dev.json")
    func advGlueTotal() {
        #expect(Self.advGlueDistributions.values.map { $0.reduce(0, +) }.reduce(0, +) == 738)
        #expect(
            Self.advGlueDistributions.mapValues { $0.reduce(0, +) }
                == [.sst2: 148, .qqp: 78, .mnli: 121, .mnliMismatched: 162, .qnli: 148, .rte: 81])
    }

    @Test("dev_ann.json gives the same examples as dev.json", arguments: GlueTask.allCases)
    func annotatedMatchesPlain(_ task: GlueTask) throws {
        let plain = try DataLoader.load(try SharedCorpora.file("advglue/dev.json"), task: task)
        let annotated = try DataLoader.load(try SharedCorpora.file("advglue/dev_ann.json"), task: task)
        #expect(plain.examples == annotated.examples)
        // original_<field> annotations must not leak into the input.
        #expect(annotated.examples.allSatisfy { $0.input.fields.count == task.fieldNames.count })
    }

    @Test("the TaxiNLI file splits into matched and mismatched without overlap or loss")
    func taxiNLISplit() throws {
        let file = try SharedCorpora.file("glue_data/MNLI/dev_matched+mismatched.taxinli_subset7727.tsv")
        let matched = try DataLoader.load(file, task: .mnli)
        let mismatched = try DataLoader.load(file, task: .mnliMismatched)
        #expect(matched.examples.count + mismatched.examples.count == 7_727)
        let matchedKeys = Set(matched.examples.map { $0.id + "|" + $0.input.texts.joined(separator: "|") })
        let overlap = mismatched.examples.filter {
            matchedKeys.contains($0.id + "|" + $0.input.texts.joined(separator: "|"))
        }
        #expect(overlap.isEmpty)
        // First data row: telephone (matched), pairID 53438c, contradiction.
        let first = try #require(matched.examples.first)
        #expect(first.id == "53438c")
        #expect(first.label == 2)
        #expect(first.input["hypothesis"] == "Even if you're correct, I think the jury would pick up on that.")
        #expect(first.input["premise"]?.hasPrefix("and that you're very much right but the jury") == true)
        #expect(!mismatched.examples.contains { $0.id == "53438c" })
    }

    @Test("TaxiNLI rows with escaped quotes load verbatim (no quote processing)")
    func taxiNLIQuotedRow() throws {
        let file = try SharedCorpora.file("glue_data/MNLI/dev_matched+mismatched.taxinli_subset7727.tsv")
        let matched = try DataLoader.load(file, task: .mnli)
        let row = try #require(
            matched.examples.first { $0.id == "98489c" }, "fiction row 98489c should be in the matched split")
        #expect(row.label == 2)
        let quotes = { (n: Int) in String(repeating: "\"", count: n) }
        #expect(row.input["premise"] == quotes(3) + "But it's for us to get busy and do something." + quotes(7))
        #expect(row.input["hypothesis"] == "We need to just stay inside and relax.")
    }

    @Test("QNLI dev: first example and a row with quotes")
    func qnliSpotChecks() throws {
        let dataset = try DataLoader.load(try SharedCorpora.file("glue_data/QNLI/dev.tsv"), task: .qnli)
        let first = try #require(dataset.examples.first)
        #expect(first.id == "0")
        #expect(first.label == 0)
        #expect(dataset.task.labelNames[first.label] == "entailment")
        #expect(first.input["question"] == "What came into force after the new constitution was herald?")
        #expect(
            first.input["sentence"]
                == "As of that day, the new constitution heralding the Second Republic came into force.")
        #expect(first.input.fields.map(\.name) == ["question", "sentence"])

        let second = dataset.examples[1]
        #expect(second.id == "1")
        #expect(second.label == 1)

        let quoted = try #require(dataset.examples.first { $0.id == "4" })
        #expect(quoted.input["question"] == "What did Herr Gott, dich loben wir become known as ?")
        #expect(
            quoted.input["sentence"]
                == #"He paraphrased the Te Deum as "Herr Gott, dich loben wir" with a simplified form of the melody."#)
        #expect(quoted.label == 1)

        let withQuotes = dataset.examples.filter { $0.input.texts.joined().contains("\"") }
        #expect(withQuotes.count > 100, "QNLI dev has many rows with \" characters; found \(withQuotes.count)")
        #expect(dataset.examples.last?.id == "5462")
    }

    @Test("SST-2 dev: no id column, so ids are line numbers; trailing space kept")
    func sst2SpotChecks() throws {
        let dataset = try DataLoader.load(try SharedCorpora.file("glue_data/SST-2/dev.tsv"), task: .sst2)
        let first = try #require(dataset.examples.first)
        #expect(first.id == "line2")
        #expect(first.input["sentence"] == "it 's a charming and often affecting journey . ")
        #expect(first.label == 1)
        #expect(dataset.examples.last?.id == "line873")
    }

    @Test("RTE dev: first example")
    func rteSpotCheck() throws {
        let dataset = try DataLoader.load(try SharedCorpora.file("glue_data/RTE/dev.tsv"), task: .rte)
        let first = try #require(dataset.examples.first)
        #expect(first.id == "0")
        #expect(first.label == 1)
        #expect(first.input["sentence1"]?.hasPrefix("Dana Reeve, the widow of the actor Christopher Reeve,") == true)
        #expect(first.input["sentence2"] == "Christopher Reeve had an accident.")
    }

    @Test("AdvGLUE dev.json: first items of sst2, rte and mnli-mm")
    func advGlueSpotChecks() throws {
        let file = try SharedCorpora.file("advglue/dev.json")
        let sst2 = try #require(try DataLoader.load(file, task: .sst2).examples.first)
        #expect(sst2.id == "0")
        #expect(sst2.label == 1)
        #expect(
            sst2.input["sentence"]
                == "it 's an uneven treat that bores fun at the democratic exercise while also examining its significance for those who take part ."
        )

        let rte = try #require(try DataLoader.load(file, task: .rte).examples.first)
        #expect(rte.label == 0)
        #expect(rte.input["sentence2"] == "Doctors Without Borders is an international aid organization .")

        let mm = try #require(try DataLoader.load(file, task: .mnliMismatched).examples.first)
        #expect(mm.id == "0")
        #expect(mm.label == 0)
        #expect(
            mm.input["premise"]
                == "The simplest is for one or more of the members to simply donate one million dollars to the IGGS Scholarship Fund ."
        )
        #expect(
            mm.input["hypothesis"]
                == "The simplest is for one million dollars to be donated by one of the agents to the IGGS Scholarship Fund ."
        )
    }

    @Test("keyed JSON samples: items in numeric key order, string labels mapped")
    func keyedJSONSpotChecks() throws {
        let mnli = try DataLoader.load(try SharedCorpora.file("glue_data/MNLI/train.sample8999.ppft.json"), task: .mnli)
        #expect(mnli.examples.map(\.id) == (0..<8_999).map(String.init))
        #expect(
            mnli.examples[0].input["premise"]
                == "Our hearts are particularly heavy this year as we look back at those we've lost, the Globe writes lovingly."
        )
        #expect(
            mnli.examples[0].input["hypothesis"] == "We are especially sad this year because we lost a lot of people.")
        #expect(mnli.examples[0].label == 0)
        #expect(mnli.examples[2].input["premise"] == "Some people think you have it easier.")
        #expect(mnli.examples[2].label == 1)

        let qqp = try DataLoader.load(try SharedCorpora.file("glue_data/QQP/train.sample8999.ppft.json"), task: .qqp)
        #expect(qqp.examples[0].input["question1"] == "How do I get inside University College London being an Indian?")
        #expect(qqp.examples[0].label == 0)
        #expect(qqp.examples.last?.id == "8998")

        let heldout = try DataLoader.load(
            try SharedCorpora.file("glue_data/MNLI/train.sample1000.ppft_heldout.json"), task: .mnli)
        #expect(heldout.examples[0].input["premise"] == "Salt kept the town fed.")
        // The held-out sample is disjoint from the training sample.
        let trainPairs = Set(mnli.examples.map(\.input))
        #expect(!heldout.examples.contains { trainPairs.contains($0.input) })
    }

    @Test("k-shot GLUE layouts: gold_label / is_duplicate as label, pairID / id as id")
    func kShotSpotChecks() throws {
        let mnli = try DataLoader.load(try SharedCorpora.file("glue_data/MNLI/k-shot/16-13/train.tsv"), task: .mnli)
        let first = try #require(mnli.examples.first)
        #expect(first.id == "136628e")
        #expect(first.label == 0)
        #expect(first.input["premise"] == "Price caps may sound more attractive with every passing rate case.")
        #expect(first.input["hypothesis"] == "Rate cases make price caps sound more attractive.")

        let qqp = try DataLoader.load(try SharedCorpora.file("glue_data/QQP/k-shot/16-13/train.tsv"), task: .qqp)
        let q = try #require(qqp.examples.first)
        #expect(q.id == "360105")
        #expect(q.label == 1)
        #expect(q.input["question1"] == "Can I develope mobile apps with c++?")
        #expect(q.input["question2"] == "How can I develop mobile apps with C++?")
    }

    @Test("loading the wrong task's file names the missing column")
    func wrongTask() throws {
        let file = try SharedCorpora.file("glue_data/SST-2/dev.tsv")
        let error = try #require(CorporaTestSupport.loadError(file, task: .rte))
        #expect(error.code == .badData)
        #expect(error.location?.line == 1)
        #expect(error.message.contains("sentence1"))
        #expect(error.location?.file == file.path)
    }
}
