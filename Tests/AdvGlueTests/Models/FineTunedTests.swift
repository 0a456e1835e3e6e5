import AdvGlueCorpora
import AdvGlueModels
import AdvGlueSupport
import AdvGlueText
import Foundation
import Testing

@testable import AdvGlueBackends
@testable import AdvGlueMiniLM

/// The shipped fine-tuned victims (`builtin:finetuned`): each task's delta, laid over the
/// installed all-MiniLM-L6-v2, gives PyTorch's logits for the held-out examples the
/// training script recorded, and the held-out accuracy the script measured.
@Suite("Fine-tuned built-in victims (builtin:finetuned)", .serialized)
struct FineTunedTests {
    static let resources = ProjectResources(home: Fixtures.packageRoot)

    /// The tasks with a shipped delta.
    static let tasks: [GlueTask] = [.sst2, .mnli, .qnli, .qqp, .rte].filter {
        FileManager.default.fileExists(atPath: FineTunedBackend.builtinPaths(for: $0, resources: resources).info.path)
    }

    /// The held-out examples of `task`, as scripts/train-finetuned-models.sh chose them.
    static func heldOut(_ task: GlueTask) throws -> [Example] {
        switch task {
        case .sst2: return try DataLoader.load(SharedCorpora.file("glue_data/SST-2/dev.tsv"), task: task).examples
        case .rte: return try DataLoader.load(SharedCorpora.file("glue_data/RTE/dev.tsv"), task: task).examples
        case .mnli, .qqp:
            let folder = task == .mnli ? "MNLI" : "QQP"
            return try DataLoader.load(
                SharedCorpora.file("glue_data/\(folder)/train.sample1000.ppft_heldout.json"), task: task
            ).examples
        case .qnli:
            return try DataLoader.load(SharedCorpora.file("glue_data/QNLI/dev.tsv"), task: task).examples
                .filter { StableHash.fnv1a64($0.id) % 100 < 20 }
        default: return []
        }
    }

    static func load(_ task: GlueTask) throws -> (HuggingFaceClassifier, FineTunedModel.Info) {
        let paths = FineTunedBackend.builtinPaths(for: task, resources: resources)
        let model = try FineTunedModel.load(
            weights: paths.weights, info: paths.info, task: task, spec: "builtin:finetuned")
        return (model, try FineTunedModel.Info.read(paths.info))
    }

    @Test("a delta ships for every task") func everyTaskShips() {
        #expect(Self.tasks == [.sst2, .mnli, .qnli, .qqp, .rte])
    }

    @Test(
        "logits match PyTorch's on the recorded held-out examples", .enabled(if: MiniLMTestSupport.available),
        SharedCorpora.trait, arguments: tasks)
    func logitsMatchPyTorch(_ task: GlueTask) async throws {
        let (model, info) = try Self.load(task)
        let examples = Dictionary(try Self.heldOut(task).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        try #require(info.reference.count == 32)
        let inputs = try info.reference.map { try #require(examples[$0.id], "held-out id \($0.id)").input }
        let logits = try await model.logits(for: inputs)
        var worst: Float = 0
        for (mine, reference) in zip(logits, info.reference) {
            for (a, b) in zip(mine, reference.logits) { worst = max(worst, abs(a - b)) }
        }
        // PyTorch ran LoRA as a separate product (W x + B (A x)); here B·A is merged into W.
        #expect(worst < 2e-4, "largest logit difference \(worst)")
    }

    @Test(
        "held-out accuracy is the one the training script measured", .enabled(if: MiniLMTestSupport.available),
        SharedCorpora.trait, arguments: tasks)
    func heldOutAccuracyMatches(_ task: GlueTask) async throws {
        let (model, info) = try Self.load(task)
        let examples = try Self.heldOut(task)
        #expect(examples.count == info.heldoutExamples)
        let logits = try await model.logits(for: examples.map(\.input))
        let correct = zip(logits, examples).filter { scores, example in
            scores.indices.max { scores[$0] < scores[$1] } == example.label
        }.count
        let accuracy = Double(correct) / Double(examples.count)
        // Float sums in another order may flip an example whose two logits nearly tie.
        #expect(
            abs(accuracy - info.heldoutAccuracy) <= 2.0 / Double(examples.count),
            "\(accuracy) vs \(info.heldoutAccuracy)")
    }

    @Test(
        "the spec loads from the CLI's backend registry and describes itself",
        .enabled(if: MiniLMTestSupport.available))
    func registryLoadsIt() async throws {
        let backend = try ModelBackends.parse("builtin:finetuned")
        #expect(backend.description == "builtin:finetuned")
        let model = try await backend.load(for: .mnliMismatched, context: ModelContext(resources: Self.resources))
        #expect(model.labels == ["entailment", "neutral", "contradiction"])
        #expect(model.identity.description.contains("fine-tuned for mnli"))
        #expect(model.identity.checksum?.count == 64)
    }

    @Test(
        "a delta over another base, with stray tensors or for another task is refused",
        .enabled(if: MiniLMTestSupport.available))
    func mismatchedDeltasAreRefused() throws {
        let paths = FineTunedBackend.builtinPaths(for: .sst2, resources: Self.resources)
        let folder = FileManager.default.temporaryDirectory.appending(path: "advglue-ft-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let info = folder.appending(path: "sst2.finetuned.json")
        var text = try String(contentsOf: paths.info, encoding: .utf8)
        let hash = try #require(text.firstRange(of: /"base_sha256": "([0-9a-f]{64})"/))
        text.replaceSubrange(hash, with: "\"base_sha256\": \"\(String(repeating: "0", count: 64))\"")
        try Data(text.utf8).write(to: info)
        #expect(throws: AdvGlueError.self) {
            try FineTunedModel.load(weights: paths.weights, info: info, task: .sst2, spec: "builtin:finetuned")
        }
        // A delta naming a tensor the encoder has no place for (a renamed or foreign file).
        let stray = folder.appending(path: "stray.safetensors")
        try Self.safetensors(["bert.encoder.layer.9.output.dense.lora_A": [16, 1536], "classifier.bias": [2]])
            .write(to: stray)
        #expect {
            try FineTunedModel.load(weights: stray, info: paths.info, task: .sst2, spec: "builtin:finetuned")
        } throws: { "\($0)".contains("no place for") }
        // LoRA's B without its A.
        let half = folder.appending(path: "half.safetensors")
        try Self.safetensors(["bert.encoder.layer.0.output.dense.lora_B": [384, 16]]).write(to: half)
        #expect {
            try FineTunedModel.load(weights: half, info: paths.info, task: .sst2, spec: "builtin:finetuned")
        } throws: { "\($0)".contains("has no lora_A") }
        // Labels of another task.
        #expect(throws: AdvGlueError.self) {
            try FineTunedModel.load(weights: paths.weights, info: paths.info, task: .mnli, spec: "builtin:finetuned")
        }
    }

    /// A safetensors file of zero-filled F16 tensors with these names and shapes.
    static func safetensors(_ tensors: [String: [Int]]) throws -> Data {
        var header: [String: Any] = [:]
        var offset = 0
        for (name, shape) in tensors.sorted(by: { $0.key < $1.key }) {
            let bytes = shape.reduce(1, *) * 2
            header[name] = ["dtype": "F16", "shape": shape, "data_offsets": [offset, offset + bytes]]
            offset += bytes
        }
        let json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        var data = Data()
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(json)
        data.append(Data(count: offset))
        return data
    }

    @Test(
        "half-precision values widen exactly",
        arguments: [
            (UInt16(0x0000), Float(0)), (0x8000, -0.0), (0x3C00, 1), (0xC000, -2), (0x7BFF, 65504),
            (0x0001, 0x1p-24), (0x03FF, 1023 * 0x1p-24), (0x0400, 0x1p-14), (0x7C00, .infinity),
            (0x3555, 0.333251953125),
        ])
    func halfWidening(_ bits: UInt16, _ value: Float) {
        let widened = SafeTensors.widen(half: bits)
        #expect(widened == value && widened.sign == value.sign)
    }
}
