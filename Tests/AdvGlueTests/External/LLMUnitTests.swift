import AdvGlueAttacks
import AdvGlueCorpora
import AdvGlueModels
import AdvGlueResults
import AdvGlueSupport
import AdvGlueText
import Foundation
import Testing

@testable import AdvGlueBackends

/// The parts of `openai:` models that need no server: the parse rule, scores from
/// log-probabilities, majority votes, prompts and their files, specs.
@Suite("External models: LLM prompts, answers and scores")
struct LLMUnitTests {
    static let sentiment = LLMAnswerReader(labelWords: ["negative", "positive"])
    static let nli = LLMAnswerReader(labelWords: ["yes", "maybe", "no"])

    @Test(arguments: [
        ("positive", 1), ("Positive.", 1), ("The sentiment is positive", 1), ("'negative'", 0),
        ("NEGATIVE!", 0), ("positive positive", 1), ("Answer: negative\n", 0),
    ])
    func answersNamingOneLabelParse(_ answer: String, _ label: Int) {
        #expect(Self.sentiment.label(in: answer) == label)
    }

    @Test(arguments: [
        "", "I cannot tell.", "positive or negative", "The sentence is", "positively", "neg", "Negative? Positive?",
    ])
    func answersNamingNoLabelOrSeveralAreNoAnswer(_ answer: String) {
        #expect(Self.sentiment.label(in: answer) == nil)
    }

    @Test func nliWordsParseWholeWordsOnly() {
        #expect(Self.nli.label(in: "Yes.") == 0)
        #expect(Self.nli.label(in: "Maybe") == 1)
        #expect(Self.nli.label(in: "No, it does not.") == 2)
        #expect(Self.nli.label(in: "nothing is certain") == nil)
        #expect(Self.nli.label(in: "yes and no") == nil)
    }

    @Test func oneHotRowsPutNoAnswerLast() {
        #expect(Self.sentiment.row(label: 1) == [-30, 0, -30])
        #expect(Self.sentiment.row(label: nil) == [-30, -30, 0])
        #expect(argmax(Self.nli.row(label: 2)) == 2)
    }

    static func token(_ text: String, _ logprob: Double, _ alternatives: [(String, Double)]) -> AnswerToken {
        AnswerToken(text: text, logprob: logprob, alternatives: alternatives.map { (text: $0.0, logprob: $0.1) })
    }

    @Test func scoresComeFromTheLabelWordsAtTheAnswerPosition() throws {
        // "The sentiment is positive": the label is the fourth token.
        let tokens = [
            Self.token("The", -0.9, [("The", -0.9), ("positive", -1.5)]),
            Self.token(" sentiment", -0.2, [(" sentiment", -0.2)]),
            Self.token(" is", -0.1, [(" is", -0.1)]),
            Self.token(
                " positive", -0.4, [(" positive", -0.4), (" negative", -1.2), (" Pos", -3.0), (" neutral", -4)]),
        ]
        let row = try #require(Self.sentiment.row(label: 1, tokens: tokens))
        #expect(row.count == 3)
        #expect(abs(row[0] - -1.2) < 1e-6 && abs(row[1] - -0.4) < 1e-6)
        #expect(row[2] < row[0] - 20)
        #expect(argmax(row) == 1)
    }

    @Test func aLabelMissingFromTheAlternativesGetsHalfTheSmallestShown() throws {
        let tokens = [Self.token("negative", -0.1, [("negative", -0.1), ("Neg", -2.5), ("The", -3.0)])]
        let row = try #require(Self.sentiment.row(label: 0, tokens: tokens))
        #expect(abs(Double(row[1]) - (-3.0 - log(2))) < 1e-5)
        #expect(abs(row[0] - -0.1) < 1e-6)
    }

    /// With sampling, the token written need not be the most likely; the label the model
    /// wrote must still be the row's top, or the report would contradict the answer.
    @Test func theWrittenLabelAlwaysHasTheTopScore() throws {
        let tokens = [Self.token("positive", -1.5, [("negative", -0.3), ("positive", -1.5)])]
        let row = try #require(Self.sentiment.row(label: 1, tokens: tokens))
        #expect(argmax(row) == 1)
        let none = try #require(
            Self.sentiment.row(label: nil, tokens: [Self.token("I", -0.2, [("I", -0.2), ("positive", -1.0)])]))
        #expect(argmax(none) == 2)
    }

    @Test func tokensWithoutAlternativesGiveNoScores() {
        #expect(Self.sentiment.row(label: 1, tokens: []) == nil)
        #expect(Self.sentiment.row(label: 1, tokens: [Self.token("positive", -0.1, [])]) == nil)
    }

    static let votes: [(answers: [Int?], winner: Int?, agreement: Double)] = [
        ([1, 1, 0], 1, 2.0 / 3),
        ([1, 0, nil], nil, 1.0 / 3),
        ([nil, nil, 1], nil, 2.0 / 3),
        ([0], 0, 1.0),
        ([0, 1], nil, 0.5),
    ]

    @Test(arguments: votes)
    func majoritiesTieToNoAnswer(_ answers: [Int?], _ winner: Int?, _ agreement: Double) {
        let vote = LLMVote.majority(answers, labels: 2)
        #expect(vote.label == winner)
        #expect(abs(vote.agreement - agreement) < 1e-12)
        #expect(argmax(LLMVote.row(answers, labels: 2)) == (winner ?? 2))
    }

    @Test(arguments: GlueTask.allCases)
    func builtinPromptsNameEveryFieldAndLabel(_ task: GlueTask) {
        let prompt = LLMPrompt.builtin(for: task)
        #expect(prompt.labelWords.count == task.labelNames.count)
        #expect(Set(prompt.labelWords).count == prompt.labelWords.count)
        for word in prompt.labelWords { #expect(prompt.instruction.contains("'\(word)'")) }
        let input = TextInput(task.fieldNames.map { ($0, "<\($0) text>") })
        let messages = prompt.messages(for: input)
        #expect(messages.map(\.role) == ["system", "user"])
        for field in task.fieldNames { #expect(messages[1].content.contains("<\(field) text>")) }
        #expect(!messages[1].content.contains("{"))
    }

    @Test func aFieldHoldingAPlaceholderIsFilledOnce() {
        let prompt = LLMPrompt.builtin(for: .rte)
        let text = prompt.fill([("sentence1", "{sentence2}"), ("sentence2", "b")])
        #expect(text == "premise: {sentence2}\nhypothesis: b")
    }

    static func write(_ yaml: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appending(path: "prompts-\(UUID().uuidString).yaml")
        try yaml.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    static let file = """
        version: 1
        tasks:
          sst2:
            instruction: "Is this review positive or negative? Answer with one word."
            input: "Review: {sentence}"
            labels: {negative: bad, positive: good}
            demonstrations:
              - {sentence: "a gripping film", label: positive}
          mnli:
            instruction: "Does the premise entail the hypothesis? yes, maybe or no."
            input: "P: {premise}\\nH: {hypothesis}"
            labels: {entailment: yes, neutral: maybe, contradiction: no}
        """

    @Test func promptFilesGiveInstructionWordsAndDemonstrations() throws {
        let path = try Self.write(Self.file)
        let prompt = try LLMPrompt.load(file: path, task: .sst2)
        #expect(prompt.labelWords == ["bad", "good"])
        #expect(prompt.source == "\(path) (version 1)")
        let messages = prompt.messages(for: TextInput([("sentence", "dull")]))
        #expect(messages.map(\.role) == ["system", "user", "assistant", "user"])
        #expect(messages[1].content == "Review: a gripping film" && messages[2].content == "good")
        #expect(messages[3].content == "Review: dull")
        #expect(prompt.sha256 != LLMPrompt.builtin(for: .sst2).sha256)
        // MNLI mismatched is asked as MNLI; a task the file leaves out keeps the built-in.
        #expect(try LLMPrompt.load(file: path, task: .mnliMismatched).labelWords == ["yes", "maybe", "no"])
        #expect(try LLMPrompt.load(file: path, task: .mnliMismatched).input == "P: {premise}\nH: {hypothesis}")
        #expect(try LLMPrompt.load(file: path, task: .qnli) == LLMPrompt.builtin(for: .qnli))
    }

    @Test func theHashChangesWithEverythingButTheExample() throws {
        let base = LLMPrompt.builtin(for: .sst2)
        var changed = base
        changed.instruction += " "
        #expect(changed.sha256 != base.sha256)
        changed = base
        changed.labelWords = ["neg", "pos"]
        #expect(changed.sha256 != base.sha256)
        #expect(LLMPrompt.builtin(for: .sst2).sha256 == base.sha256)
    }

    @Test(arguments: [
        ("version: 2\ntasks: {}", "prompts file version 2"),
        ("version: 1\ntasks:\n  sst3: {}", "unknown task 'sst3'"),
        (
            "version: 1\ntasks:\n  sst2:\n    instruction: x\n    input: 'no field'\n    labels: {negative: a, positive: b}",
            "the input must contain {sentence}"
        ),
        (
            "version: 1\ntasks:\n  sst2:\n    instruction: x\n    input: '{sentence}'\n    labels: {negative: a, positive: a}",
            "'a' names two labels"
        ),
        (
            "version: 1\ntasks:\n  sst2:\n    instruction: x\n    input: '{sentence}'\n    labels: {negative: not good, positive: b}",
            "a label word is one word of letters"
        ),
        (
            "version: 1\ntasks:\n  sst2:\n    instruction: x\n    input: '{sentence}'\n    labels: {negative: a, positive: b}\n    shots: []",
            "unknown key"
        ),
        (
            "version: 1\ntasks:\n  sst2:\n    instruction: x\n    input: '{sentence}'\n    labels: {negative: a, positive: b}\n    demonstrations:\n      - {sentence: s, label: great}",
            "unknown label 'great'"
        ),
    ])
    func badPromptFilesAreErrorsNamingTheProblem(_ yaml: String, _ message: String) throws {
        let path = try Self.write(yaml)
        do {
            _ = try LLMPrompt.load(file: path, task: .sst2)
            Issue.record("loaded a bad prompts file")
        } catch {
            #expect(error.description.contains(message), "\(error.description)")
            #expect(error.description.contains(path))
        }
    }

    @Test func specsNeedABaseURLWithoutCredentials() throws {
        let backend = try #require(try ModelBackends.parse("openai:http://127.0.0.1:8080/v1/") as? OpenAIBackend)
        #expect(backend.baseURL.absoluteString == "http://127.0.0.1:8080/v1")
        #expect(backend.isExternal)
        for (spec, message) in [
            ("openai:127.0.0.1:8080/v1", "expected openai:http(s)://HOST:PORT/v1"),
            ("openai:http://127.0.0.1:8080/v1/chat/completions", "give the base URL"),
            ("openai:http://user:s3cret@127.0.0.1:8080/v1", "credentials in the URL"),
        ] {
            #expect(throws: AdvGlueError.self) { try ModelBackends.parse(spec) }
            do { _ = try ModelBackends.parse(spec) } catch {
                #expect(error.description.contains(message), "\(error.description)")
                #expect(!error.description.contains("s3cret"))
            }
        }
    }

    /// The report counts answers that named no label, with and without attack, from the
    /// results alone: the column is the run's last label.
    @Test func summariesCountNoAnswersWithAndWithoutAttack() {
        func result(_ outcome: AttackOutcome, original: Int, perturbed: Int?) -> AttackResult {
            AttackResult(
                exampleID: UUID().uuidString, groundTruth: 1, outcome: outcome,
                original: TextInput([("sentence", "x")]), perturbed: nil, originalPrediction: original,
                perturbedPrediction: perturbed, originalProbabilities: nil, perturbedProbabilities: nil,
                modifications: [], wordCount: 1, queries: 1, budgetExhausted: false, errorMessage: nil)
        }
        let results = [
            result(.skipped, original: 2, perturbed: nil), result(.successful, original: 1, perturbed: 2),
            result(.successful, original: 1, perturbed: 0), result(.failed, original: 1, perturbed: 1),
        ]
        let summary = AttackSummary(results, noAnswerColumn: 2)
        #expect(summary.noAnswerOriginal == 1)
        #expect(summary.noAnswerUnderAttack == 2)
        #expect(AttackSummary(results).noAnswerOriginal == nil)
    }

    @Test func costsFollowThePrice() {
        var usage = TokenUsage()
        usage.promptTokens = 2_000_000
        usage.completionTokens = 100_000
        let price = TokenPrice(promptPerMillion: 0.15, completionPerMillion: 0.60)
        #expect(abs(price.cost(of: usage) - 0.36) < 1e-12)
    }
}
