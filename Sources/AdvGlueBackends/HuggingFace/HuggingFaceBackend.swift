import AdvGlueCorpora
import AdvGlueModels
import AdvGlueSupport
import Foundation

/// `--model hf:DIR`: a Hugging Face sequence-classification checkpoint folder
/// (`config.json`, `model.safetensors`, `tokenizer_config.json` and the tokenizer's files), run
/// natively with no Python (see ``HuggingFaceClassifier``): BERT (MiniLM included), DistilBERT
/// and RoBERTa.
public struct HuggingFaceBackend: ModelBackend {
    public var folder: String

    public static let forms = [
        ModelSpecForm(
            "hf:DIR",
            help: "hf:DIR (a Hugging Face BERT, DistilBERT or RoBERTa sequence-classification checkpoint, run natively)"
        )
    ]

    public init?(spec text: String) throws(AdvGlueError) {
        guard text.hasPrefix("hf:") else { return nil }
        let path = String(text.dropFirst("hf:".count))
        guard !path.isEmpty else {
            throw AdvGlueError(
                .usage, "hf: needs the checkpoint's folder", hint: "e.g. --model hf:./my-sst2-checkpoint",
                at: .flag("--model"))
        }
        folder = path
    }

    public var description: String { "hf:\(folder)" }

    public func load(for task: GlueTask, context: ModelContext) async throws -> any Classifier {
        try HuggingFaceClassifier.load(folder: URL(filePath: folder), task: task, spec: description)
    }
}
