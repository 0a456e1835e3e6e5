import AdvGlueCorpora
import AdvGlueText
import Foundation
import Testing

@testable import AdvGlueBackends
@testable import AdvGlueModels

/// The byte-level feature look-up must give exactly what the String featuriser gives,
/// in the same order, so logits stay bit for bit the same.
@Suite("Feature indexer")
struct FeatureIndexerTests {
    /// The reference: feature names as Strings, looked up in a dictionary, summed in
    /// that order.
    static func reference(_ model: LexicalModel, _ input: TextInput) -> (indices: [Int], logits: [Float]) {
        let vocabulary = model.vocabulary
        var index: [String: Int] = [:]
        for (i, name) in vocabulary.enumerated() { index[name] = i }
        let indices = model.featurizer.features(of: input).compactMap { index[$0] }
        return (indices, model.logits(for: indices))
    }

    static let hostile = [
        "", "   ", ".", "A dull, DULL film", "isn't it ’s DON’T", "Ｃａｆé au lait", "cafe\u{301} naïve", "東京は素晴らしい",
        "👍🏽 great 👩‍💻 work", "3.14 and 1,000 U.S.A", "e\u{301}e\u{301} ÉCOLE ß STRASSE", "x\u{202E}y zero\u{200B}width",
        "tab\tand\nnewline", "ǅungla İstanbul ﬁne", "it 's a charming and often affecting journey . ",
    ]

    /// A model whose vocabulary holds every feature of the hostile strings (minimum count
    /// 1), single-text and pair, so the look-ups are exercised on hits, not only misses.
    static func trained(_ task: GlueTask) -> LexicalModel {
        let texts = hostile.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        let examples = texts.enumerated().map { i, text in
            Example(
                id: "\(i)",
                input: TextInput(
                    task.fieldNames.enumerated().map {
                        ($0.element, $0.offset == 0 ? text : texts[(i + 3) % texts.count])
                    }),
                label: i % task.labelNames.count)
        }
        var configuration = TrainingConfiguration()
        configuration.minCount = 1
        return LexicalTrainer.train(
            examples, featurizer: LexicalFeaturizer(task: task, negationCues: ["not", "don't", "n't", "isn't"]),
            labels: task.labelNames, configuration: configuration, trainingData: "inline")
    }

    @Test(arguments: [GlueTask.sst2, .rte, .mnli])
    func hostileTextsGiveTheReferenceFeatures(_ task: GlueTask) async throws {
        let model = Self.trained(task)
        #expect(model.featureCount > 50)
        for (i, text) in Self.hostile.enumerated() {
            let input = TextInput(
                task.fieldNames.enumerated().map {
                    ($0.element, $0.offset == 0 ? text : Self.hostile[(i + 5) % Self.hostile.count])
                })
            let expected = Self.reference(model, input)
            #expect(model.featureIndices(of: input) == expected.indices, "\(text)")
            #expect(try await model.logits(for: [input]) == [expected.logits], "\(text)")
        }
    }

    @Test func wordKeysMatchTheSegmenterAndNormalisation() throws {
        var scanner = WordKeyScanner()
        for text in Self.hostile {
            scanner.scan(text)
            let keys = (0..<scanner.count).map { String(decoding: scanner.key($0), as: UTF8.self) }
            #expect(keys == LexicalFeaturizer.words(text), "\(text)")
        }
    }

    @Test func namesOfTheShippedModelRoundTrip() throws {
        let model = try Fixtures.model(.sst2)
        let names = model.vocabulary
        #expect(names.count == model.featureCount)
        #expect(Set(names).count == names.count)
        let rebuilt = LexicalModel(
            featurizer: model.featurizer, labels: model.labels, vocabulary: names, weights: model.weights,
            bias: model.bias, metadata: model.metadata)
        let input = TextInput([("sentence", "it 's a charming and often affecting journey . ")])
        #expect(rebuilt.featureIndices(of: input) == model.featureIndices(of: input))
    }

    /// Every SST-2 dev sentence, 5,000 SST-2 training sentences and every RTE dev pair
    /// through the shipped models: the same indices and logits as the String path.
    @Test(SharedCorpora.trait)
    func realDataGivesTheReferenceLogits() async throws {
        for (task, file, limit) in [
            (GlueTask.sst2, "glue_data/SST-2/dev.tsv", Int.max), (.sst2, "glue_data/SST-2/train.tsv", 5000),
            (.rte, "glue_data/RTE/dev.tsv", Int.max),
        ] {
            let model = try Fixtures.model(task)
            let examples = try DataLoader.load(try SharedCorpora.file(file), task: task).examples.prefix(limit)
            let vocabulary = model.vocabulary
            var index: [String: Int] = [:]
            for (i, name) in vocabulary.enumerated() { index[name] = i }
            let logits = try await model.logits(for: examples.map(\.input))
            for (example, row) in zip(examples, logits) {
                let expected = model.featurizer.features(of: example.input).compactMap { index[$0] }
                #expect(model.featureIndices(of: example.input) == expected, "\(example.id)")
                #expect(row == model.logits(for: expected), "\(example.id)")
            }
        }
    }
}
