import AdvGlueAttacks
import AdvGlueCorpora
import AdvGlueEval
import AdvGlueModels
import AdvGlueResults
import AdvGlueText
import Foundation
import Testing

@testable import AdvGlueReports

@Suite("Escaping, diffs and TextAttack's CSV conventions")
struct FormatUnitTests {
    @Test(arguments: [
        ("=1+1", "\"'=1+1\""), ("+1", "\"'+1\""), ("-1", "\"'-1\""), ("@SUM(A1)", "\"'@SUM(A1)\""),
        ("\tx", "\"'⟨U+0009⟩x\""),
        ("\rx", "\"'⟨U+000D⟩x\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("a,b", "\"a,b\""),
        ("two\nlines", "\"two\nlines\""),
        ("x\u{202E}y", "\"x⟨U+202E⟩y\""), ("plain", "\"plain\""),
    ])
    func csvCells(_ text: String, _ expected: String) {
        #expect(CSV.cell(.text(text)) == expected)
    }

    @Test func csvNumbersAreBareAndRowsEndInCRLF() {
        #expect(CSV.row([.int(3), .double(0.5), .empty, .text("x")]) == "3,0.5,,\"x\"\r\n")
    }

    @Test func xmlEscaping() {
        #expect(XMLEscaping.text("<a href='x'>&</a>") == "&lt;a href=&apos;x&apos;&gt;&amp;&lt;/a&gt;")
        #expect(XMLEscaping.text("a\u{0}b\u{FFFF}\nc") == "a⟨U+0000⟩b⟨U+FFFF⟩\nc")
        #expect(XMLEscaping.attribute("line\nbreak") == "line⟨U+000A⟩break")
    }

    @Test func markdownStopsAutolinksAndMentions() {
        #expect(MarkdownEscaping.escape("see https://x.io and www.y.io") == "see https\\://x.io and www\\.y.io")
        #expect(MarkdownEscaping.escape("@octocat #12 a@b.co") == "@<!-- -->octocat \\#<!-- -->12 a@<!-- -->b.co")
        #expect(MarkdownEscaping.escape("@ alone, # alone") == "@ alone, \\# alone")
        #expect(MarkdownEscaping.escape("builtin:lexical") == "builtin:lexical")
        #expect(MarkdownEscaping.code("typo") == "`typo`")
        #expect(MarkdownEscaping.code("a|b") == "a\\|b")
    }

    @Test func textLimitCutsBetweenGraphemes() {
        let text = String(repeating: "👩‍💻", count: 100)
        let cut = TextLimit.prefix(text, 10)
        #expect(cut == String(repeating: "👩‍💻", count: 10) + "… [90 more characters]")
        #expect(TextLimit.prefix("short", 3 + 40) == "short")
        #expect(
            TextLimit.middle(String(repeating: "a", count: 200), head: 5, tail: 5) == "aaaaa … [190 characters] … aaaaa"
        )
    }

    @Test func compareMarksChangedWordsOnly() {
        let (a, b) = TextDiff.compare(
            TextInput([("sentence", "it takes a strange kind of movie .")]),
            TextInput([("sentence", "it captures a wonderful kind of magic .")]))
        #expect(WordDiff.textAttackFile(a) == "it [[takes]] a [[strange]] kind of [[movie]] .")
        #expect(WordDiff.textAttackFile(b) == "it [[captures]] a [[wonderful]] kind of [[magic]] .")
        #expect(WordDiff.markdown(b, side: .perturbed) == "it **captures** a **wonderful** kind of **magic** .")
        let (c, _) = TextDiff.compare(TextInput([("s", "very bad film")]), TextInput([("s", "quite good film")]))
        #expect(WordDiff.markdown(c, side: .original) == "~~very bad~~ film")
    }

    /// TextAttack's `AttackedText.printable_text` with the file colour method: keys
    /// capitalised and wrapped twice, fields joined by <SPLIT>.
    @Test func textAttackMultiFieldLayout() throws {
        let input = TextInput([("premise", "A man sleeps ."), ("hypothesis", "Nobody sleeps .")])
        let modification = Modification(
            position: WordPosition(field: 1, word: 0), original: "Nobody", replacement: "Noboyd", transformation: "t")
        let perturbed = try #require(TextDiff.fields(input, modifications: [modification], side: .perturbed))
        #expect(
            WordDiff.textAttackFile(perturbed)
                == "[[[[Premise]]]]: A man sleeps .<SPLIT>[[[[Hypothesis]]]]: [[Noboyd]] sleeps .")
        #expect(WordDiff.capitalized("question1") == "Question1")
    }

    /// `deepwordbug` counts "anne-sophie" as one word, so its positions after a hyphen
    /// differ from ICU's; the diff must mark the words the attack changed, not ICU's.
    @Test func diffsFollowTheSegmentationTheAttackUsed() throws {
        let input = TextInput([
            (
                "sentence",
                "director anne-sophie birot 's first feature is a sensitive , extraordinarily well-acted drama ."
            )
        ])
        let modifications = [
            Modification(
                position: WordPosition(field: 0, word: 1), original: "anne-sophie", replacement: "anne-sopihe",
                transformation: "t"),
            Modification(
                position: WordPosition(field: 0, word: 5), original: "feature", replacement: "featrue",
                transformation: "t"),
            Modification(
                position: WordPosition(field: 0, word: 10), original: "well-acted", replacement: "well-actde",
                transformation: "t"),
        ]
        let (original, perturbed) = try #require(TextDiff.sides(input, modifications: modifications))
        #expect(
            WordDiff.textAttackFile(original)
                == "director [[anne-sophie]] birot 's first [[feature]] is a sensitive , extraordinarily [[well-acted]] drama ."
        )
        #expect(
            WordDiff.textAttackFile(perturbed)
                == "director [[anne-sopihe]] birot 's first [[featrue]] is a sensitive , extraordinarily [[well-actde]] drama ."
        )
        // ICU's own positions still win where they fit: "sophie" is ICU's word 2.
        let icu = Modification(
            position: WordPosition(field: 0, word: 2), original: "sophie", replacement: "sohpie", transformation: "t")
        let plain = try #require(TextDiff.fields(input, modifications: [icu], side: .perturbed))
        #expect(WordDiff.textAttackFile(plain).hasPrefix("director anne-[[sohpie]] birot"))
    }

    @Test func junitCountsOutcomes() throws {
        let xml = JUnitXML(suites: [AttackJUnit.suite(try AttackReportTests.results())]).render()
        #expect(
            xml.contains("<testsuite name=\"advglue.sst2.typo\" tests=\"5\" failures=\"2\" errors=\"1\" skipped=\"1\">")
        )
    }
}

@Suite("AdvGLUE metrics")
struct EvalMetricTests {
    @Test func qqpScoreIsTheMeanOfAccuracyAndF1() {
        let eval = FormatGoldenTests.eval()
        let qqp = eval.tasks[1].summary
        // Labels 1 1 0 0, predictions 1 0 1 (error): TP 1, FP 2 (the error counts as the wrong class), FN 1.
        #expect(qqp.adversarialAccuracy == 0.25)
        #expect(qqp.adversarialF1 == 0.4)
        #expect(qqp.adversarialScore == (0.25 + 0.4) / 2)
        #expect(qqp.errors == 1)
    }

    @Test func averageTakesMNLIAsTheMeanOfMatchedAndMismatched() {
        let eval = FormatGoldenTests.eval()
        let columns = EvalSummary.columns(eval.tasks)
        #expect(columns.map(\.name) == ["SST-2", "MNLI", "RTE", "QNLI", "QQP"])
        #expect(columns[1].adversarial == 0.5)
        #expect(eval.summary.averagedOver == ["SST-2", "MNLI", "QQP"])
        #expect(eval.summary.adversarialAverage == (0.5 + 0.5 + 0.325) / 3)
        // Benign needs all five columns.
        #expect(eval.summary.benignAverage == nil)
    }

    @Test func byLevelAndMethod() {
        let eval = FormatGoldenTests.eval()
        #expect(eval.summary.byLevel.map(\.name) == ["word", "sentence", "human"])
        #expect(eval.summary.byLevel[2].pairs == 0 && eval.summary.byLevel[2].benignAccuracy == nil)
        #expect(eval.summary.byMethod.map(\.name) == ["TextBugger", "SememePSO", "CheckList", "StressTest"])
        #expect(eval.summary.byMethod[0].items == 6)
    }

    @Test func evaluatorRecordsModelFailuresAgainstTheirItems() async throws {
        let model = FailingClassifier(inner: try Fixtures.model(.sst2), marker: "poison")
        let examples = [
            Example(id: "a", input: TextInput([("sentence", "a wonderful film")]), label: 1),
            Example(id: "b", input: TextInput([("sentence", "poison pill")]), label: 0),
        ]
        let annotations = [
            "a": AdvGlueAnnotation(
                id: "a", original: TextInput([("sentence", "a great film")]), level: "word", method: "TextFooler")
        ]
        let (items, complete) = await AdvGlueEvaluator(batchSize: 8).evaluate(
            examples, annotations: annotations, classifier: model)
        #expect(complete)
        #expect(items[0].prediction == 1 && items[0].originalPrediction == 1 && items[0].error == nil)
        #expect(items[1].prediction == nil && items[1].error?.contains("simulated") == true)
        #expect(EvalTaskSummary(task: .sst2, items: items).adversarialAccuracy == 0.5)
    }

    @Test(SharedCorpora.trait) func annotationsRebuildTheOriginals() throws {
        let file = try SharedCorpora.file("advglue/dev_ann.json")
        let sst2 = try AdvGlueAnnotations.load(file, task: .sst2)
        #expect(sst2.count == 148)
        #expect(sst2["0"]?.original?["sentence"]?.hasPrefix("it 's an offbeat treat") == true)
        #expect(sst2.values.filter { $0.original == nil }.allSatisfy { $0.level == "human" })
        let qqp = try AdvGlueAnnotations.load(file, task: .qqp)
        // Only the perturbed field has an original_ key; the other field is copied.
        #expect(qqp["0"]?.original?["question1"] == "Can eating only fruit for dinner lead to weight loss ?")
        #expect(qqp["0"]?.original?["question2"] == "Does eating dinner earlier in the evening help with weight loss ?")
    }
}
