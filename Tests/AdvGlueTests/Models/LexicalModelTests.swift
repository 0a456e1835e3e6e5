import AdvGlueCorpora
import AdvGlueSupport
import AdvGlueText
import Foundation
import Testing

@testable import AdvGlueBackends
@testable import AdvGlueModels

@Suite("Lexical model")
struct LexicalModelTests {
    static let trainingExamples: [Example] = [
        ("a wonderful , charming film", 1), ("a dull , tedious mess", 0), ("brilliant and moving", 1),
        ("boring and lifeless", 0), ("a charming delight", 1), ("a tedious bore", 0), ("wonderful acting", 1),
        ("dull acting", 0),
    ].enumerated().map {
        Example(id: "\($0.offset)", input: TextInput([("sentence", $0.element.0)]), label: $0.element.1)
    }

    static func train(seed: UInt64 = 0) -> LexicalModel {
        var configuration = TrainingConfiguration()
        configuration.seed = seed
        configuration.minCount = 1
        return LexicalTrainer.train(
            trainingExamples, featurizer: LexicalFeaturizer(task: .sst2, negationCues: ["not"]),
            labels: GlueTask.sst2.labelNames, configuration: configuration, trainingData: "inline")
    }

    @Test func trainingIsDeterministicAndLearns() throws {
        let a = try LexicalModelFile.encode(Self.train())
        let b = try LexicalModelFile.encode(Self.train())
        #expect(a == b)
        #expect(LexicalTrainer.accuracy(of: Self.train(), on: Self.trainingExamples) == 1)
    }

    @Test func fileRoundTripGivesTheSameLogits() async throws {
        let model = Self.train()
        let decoded = try LexicalModelFile.decode(try LexicalModelFile.encode(model), file: "memory")
        let inputs = [TextInput([("sentence", "a wonderful mess")]), TextInput([("sentence", "UNSEEN words only")])]
        #expect(try await decoded.logits(for: inputs) == (try await model.logits(for: inputs)))
        #expect(decoded.vocabulary == model.vocabulary)
    }

    /// The committed models re-encode to their own bytes: the file format has not moved.
    @Test(arguments: ["sst2", "mnli", "qnli", "qqp", "rte"])
    func committedModelsReEncodeToTheirBytes(_ task: String) throws {
        let lexical = Fixtures.resources.models.appending(path: "\(task).lexical.bin")
        #expect(try LexicalModelFile.encode(LexicalModelFile.read(from: lexical)) == Data(contentsOf: lexical))
        let head = Fixtures.resources.models.appending(path: "\(task).minilm.bin")
        #expect(try MiniLMHeadFile.encode(MiniLMHeadFile.read(from: head).head) == Data(contentsOf: head))
    }

    @Test(arguments: ["magic", "version", "truncated", "trailing"])
    func damagedFilesAreClearErrors(_ damage: String) throws {
        var bytes = [UInt8](try LexicalModelFile.encode(Self.train()))
        switch damage {
        case "magic": bytes[0] = 0x58
        case "version": bytes[8] = 9
        case "truncated": bytes.removeLast(5)
        default: bytes.append(1)
        }
        #expect(throws: AdvGlueError.self) { try LexicalModelFile.decode(Data(bytes), file: "broken.bin") }
        do {
            _ = try LexicalModelFile.decode(Data(bytes), file: "broken.bin")
        } catch {
            #expect(error.description.contains("broken.bin: not a valid advglue lexical model"))
            #expect(error.hint?.contains("advglue train") == true)
        }
    }

    @Test func pairFeaturesIncludeCrossFieldCues() {
        let featurizer = LexicalFeaturizer(task: .rte, negationCues: ["not", "never"])
        let features = featurizer.features(
            of: TextInput([("sentence1", "The cat sat"), ("sentence2", "The cat did not sit")]))
        #expect(features.contains("a:w:cat") && features.contains("b:w:sit"))
        #expect(features.contains("x:both:cat") && features.contains("x:new:sit"))
        #expect(features.contains("x:overlap:4"))  // 2 of 5 second-field words
        #expect(features.contains("x:neg:b") && features.contains("x:neg:mismatch") && !features.contains("x:neg:a"))
        #expect(features.contains("a:b:the cat"))
    }

    @Test func jsonExportReproducesTheModel() async throws {
        let model = try Fixtures.model(.sst2)
        let json = try LexicalModelExport.json(for: model)
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        let vocab = try #require(object["vocab"] as? [String])
        let weights = try #require(object["weights"] as? [[Double]])
        let bias = try #require(object["bias"] as? [Double])
        #expect(object["labels"] as? [String] == ["negative", "positive"])
        #expect(object["featurization"] != nil)
        // Score an input from the exported JSON alone and compare with the model.
        let input = TextInput([("sentence", "a wonderful , heartfelt film that never bores")])
        let index = Dictionary(uniqueKeysWithValues: vocab.enumerated().map { ($0.element, $0.offset) })
        var logits = bias
        for feature in model.featurizer.features(of: input) {
            if let i = index[feature] { for c in logits.indices { logits[c] += weights[i][c] } }
        }
        let expected = try await model.logits(for: [input])[0]
        for c in logits.indices { #expect(abs(Float(logits[c]) - expected[c]) < 1e-4) }
    }

    @Test(arguments: GlueTask.allCases)
    func shippedModelsLoadAndStayUnder4MB(_ task: GlueTask) throws {
        let url = LexicalBackend.builtinPath(for: task, resources: Fixtures.resources)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int)
        #expect(size <= 4 * 1024 * 1024)
        let model = try LexicalModelFile.read(from: url)
        #expect(model.labels == task.labelNames)
        #expect(model.metadata.heldOutAccuracy != nil)
    }

    @Test func softmaxAndArgmax() {
        let p = softmax([2, 0])
        #expect(abs(p[0] - 0.8808) < 1e-3)
        #expect(softmax([1000, 0])[0] == 1)
        #expect(argmax([1, 3, 3]) == 1)
    }
}
