import AdvGlueCorpora
import AdvGlueModels
import AdvGlueSupport
import AdvGlueText
import Foundation
import Testing

@testable import AdvGlueBackends

/// One fine-tuned model, four routes: `builtin:finetuned` (the shipped delta), `hf:` on the
/// checkpoint scripts/models/export_finetuned.py writes, `cmd:` with transformers over
/// PyTorch (scripts/models/transformers_model.py) and `cmd:` with ONNX Runtime over the
/// torch.onnx export (scripts/models/onnx_model.py). All give the same predictions on the
/// whole SST-2 dev set.
@Suite("Fine-tuned model routes agree", .serialized, ExternalFixtures.trait, MiniLMTestSupport.trait)
struct FineTunedRoutesTests {
    static let resources = ProjectResources(home: Fixtures.packageRoot)

    /// The exported checkpoint folder (with model.onnx), made once per test run.
    static let checkpoint: Result<URL, ExternalFixtures.TrainingError> = {
        let folder = FileManager.default.temporaryDirectory.appending(
            path: "advglue-sst2-finetuned-\(UUID().uuidString)")
        let root = Fixtures.packageRoot.path
        for arguments in [
            ["\(root)/scripts/models/export_finetuned.py", "--task", "sst2", "--out", folder.path],
            ["\(root)/scripts/models/export_onnx.py", "--model", folder.path],
        ] {
            let run = ExternalFixtures.runPython(arguments)
            guard run.status == 0 else {
                return .failure(.init(message: "\(arguments[0]) failed (\(run.status)): \(run.output)"))
            }
        }
        return .success(folder)
    }()

    static func logits(_ spec: String, _ inputs: [TextInput]) async throws -> [[Float]] {
        let model = try await ModelBackends.parse(spec).load(
            for: .sst2, context: ModelContext(resources: resources, log: .discard))
        do {
            let logits = try await model.logits(for: inputs)
            await model.shutdown()
            return logits
        } catch {
            await model.shutdown()
            throw error
        }
    }

    static func predictions(_ logits: [[Float]]) -> [Int] {
        logits.map { row in row.indices.max { row[$0] < row[$1] }! }
    }

    @Test func everyRouteGivesTheSamePredictionsOnSST2Dev() async throws {
        try ExternalFixtures.require()
        let folder = try Self.checkpoint.get()
        let dev = try DataLoader.load(SharedCorpora.file("glue_data/SST-2/dev.tsv"), task: .sst2).examples
        let inputs = dev.map(\.input)
        let python = ExternalFixtures.python.path
        let scripts = Fixtures.packageRoot.appending(path: "scripts/models").path
        let shipped = try await Self.logits("builtin:finetuned", inputs)
        let routes = [
            ("hf:", "hf:\(folder.path)"),
            ("transformers", "cmd:'\(python)' '\(scripts)/transformers_model.py' --model '\(folder.path)'"),
            ("onnxruntime", "cmd:'\(python)' '\(scripts)/onnx_model.py' --model '\(folder.path)'"),
        ]
        let expected = Self.predictions(shipped)
        let accuracy = Double(zip(expected, dev).filter { $0 == $1.label }.count) / Double(dev.count)
        #expect(accuracy > 0.8, "the fine-tuned SST-2 model's dev accuracy \(accuracy)")
        for (name, spec) in routes {
            let logits = try await Self.logits(spec, inputs)
            let predictions = Self.predictions(logits)
            let differing = zip(predictions, expected).filter { $0 != $1 }.count
            #expect(differing == 0, "\(name): \(differing) of \(dev.count) predictions differ from builtin:finetuned")
            let gap = zip(logits, shipped).flatMap { zip($0, $1).map { abs($0 - $1) } }.max() ?? .infinity
            // hf: runs the same merged weights in the same code: equal up to the merge's rounding.
            #expect(gap < (name == "hf:" ? 1e-5 : 1e-3), "\(name): largest logit difference \(gap)")
        }
    }
}
