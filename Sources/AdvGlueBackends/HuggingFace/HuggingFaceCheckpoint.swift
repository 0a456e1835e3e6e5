import AdvGlueCorpora
import AdvGlueMiniLM
import AdvGlueSupport
import Foundation

/// What `--model hf:DIR` reads from a Hugging Face checkpoint folder before loading it:
/// the architecture, the labels in the model's order, how long an input may be and
/// whether its tokenizer lower-cases. Every missing file or unsupported setting is an
/// error naming the file and what is supported.
///
/// ```swift
/// let checkpoint = try HuggingFaceCheckpoint.read(URL(filePath: "./my-sst2-checkpoint"))
/// checkpoint.labels      // ["negative", "positive"], from config.json's id2label
/// checkpoint.maxLength   // 512
/// ```
struct HuggingFaceCheckpoint: Sendable {
    /// The architectures `hf:` runs natively.
    static let supported = [
        "BertForSequenceClassification", "DistilBertForSequenceClassification", "RobertaForSequenceClassification",
    ]

    var folder: URL
    var architecture: String
    /// How the encoder's tensors are named and its inputs tokenized.
    var layout: BertWeights.Layout {
        switch architecture {
        case "DistilBertForSequenceClassification": .distilBERT
        case "RobertaForSequenceClassification": .roberta
        default: .bert
        }
    }
    /// `id2label` in id order.
    var labels: [String]
    /// Tokens per input, [CLS] and [SEP] included: the tokenizer's `model_max_length`,
    /// capped by the model's `max_position_embeddings`.
    var maxLength: Int

    static func read(_ folder: URL) throws(AdvGlueError) -> HuggingFaceCheckpoint {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw AdvGlueError(
                .notFound, "no checkpoint folder",
                hint: "pass the folder that save_pretrained wrote (config.json, model.safetensors, vocab.txt)",
                at: .file(folder.path))
        }
        func exists(_ file: String) -> Bool {
            FileManager.default.fileExists(atPath: folder.appending(path: file).path)
        }
        let config = try json(folder.appending(path: "config.json"), required: true) ?? [:]
        let architectures = config["architectures"] as? [String] ?? []
        guard let architecture = architectures.first(where: supported.contains) else {
            throw AdvGlueError(
                .badData,
                "unsupported architecture \(architectures.isEmpty ? "(none named)" : architectures.joined(separator: ", "))",
                hint:
                    "hf: runs \(supported.joined(separator: ", ")) natively (BERT, MiniLM, DistilBERT, RoBERTa); for others use --model cmd:'python3 scripts/models/transformers_model.py --model DIR'",
                at: .file(folder.appending(path: "config.json").path, key: "architectures"))
        }
        let isRoberta = architecture == "RobertaForSequenceClassification"
        let hasBPE =
            ["vocab.json", "merges.txt"].allSatisfy { exists($0) } || exists("tokenizer.json")
        for file in ["model.safetensors", "vocab.txt"] where !exists(file) && (file != "vocab.txt" || !isRoberta) {
            throw AdvGlueError(
                .notFound, "the checkpoint has no \(file)",
                hint: file == "model.safetensors"
                    ? "save it with save_pretrained(..., safe_serialization=True); pytorch_model.bin is not read"
                    : "save the tokenizer beside the model (tokenizer.save_pretrained(DIR)); a WordPiece vocab.txt is needed",
                at: .file(folder.appending(path: file).path))
        }
        if isRoberta, !hasBPE {
            throw AdvGlueError(
                .notFound,
                "the checkpoint has no byte-level BPE tokenizer (vocab.json and merges.txt, or tokenizer.json)",
                hint: "save the tokenizer beside the model (tokenizer.save_pretrained(DIR))",
                at: .file(folder.appending(path: "vocab.json").path))
        }
        let configPath = folder.appending(path: "config.json").path
        var labels: [String] = []
        if let id2label = config["id2label"] as? [String: Any] {
            let pairs = id2label.compactMap { key, value in Int(key).map { ($0, "\(value)") } }.sorted { $0.0 < $1.0 }
            guard pairs.map(\.0) == Array(0..<pairs.count) else {
                throw AdvGlueError(.badData, "id2label's ids are not 0...n-1", at: .file(configPath, key: "id2label"))
            }
            labels = pairs.map(\.1)
        } else if let count = config["num_labels"] as? Int {
            labels = (0..<count).map { "LABEL_\($0)" }
        }
        guard labels.count >= 2 else {
            throw AdvGlueError(
                .badData, "a classifier needs two or more labels", at: .file(configPath, key: "id2label"))
        }
        // RoBERTa numbers positions from pad_token_id + 1: that many fewer tokens fit.
        let positions =
            (config["max_position_embeddings"] as? Int ?? 512)
            - (isRoberta ? (config["pad_token_id"] as? Int ?? 1) + 1 : 0)
        let tokenizer = try json(folder.appending(path: "tokenizer_config.json"), required: false) ?? [:]
        if !isRoberta, let lower = tokenizer["do_lower_case"] as? Bool, !lower {
            throw AdvGlueError(
                .badData, "a cased tokenizer (do_lower_case false); hf: runs uncased BERT tokenizers so far",
                hint: "use --model cmd:'python3 scripts/models/transformers_model.py --model DIR'",
                at: .file(folder.appending(path: "tokenizer_config.json").path, key: "do_lower_case"))
        }
        // Room for the special tokens of a pair: [CLS] a [SEP] b [SEP], or <s> a </s></s> b </s>.
        let least = isRoberta ? 4 : 3
        var maxLength = min(positions, 512)
        if let declared = tokenizer["model_max_length"] as? Int, declared >= least {
            maxLength = min(maxLength, declared)
        }
        guard maxLength >= least else {
            throw AdvGlueError(
                .badData, "inputs of \(maxLength) tokens leave no room for a text",
                at: .file(configPath, key: "max_position_embeddings"))
        }
        return HuggingFaceCheckpoint(folder: folder, architecture: architecture, labels: labels, maxLength: maxLength)
    }

    /// The order in which the model's logits give `task`'s labels: each task label's id in
    /// the model, matched by name (case and `_`/`-`/space ignored), or, when the model
    /// names its labels only `LABEL_0`, `LABEL_1`, ..., by position in GLUE's order.
    func order(for task: GlueTask) throws(AdvGlueError) -> (order: [Int], byPosition: Bool) {
        let wanted = task.labelNames
        guard labels.count == wanted.count else {
            throw AdvGlueError(
                .badData,
                "the checkpoint has \(labels.count) labels (\(labels.joined(separator: ", "))), \(task.rawValue) has \(wanted.count) (\(wanted.joined(separator: ", ")))",
                at: .file(folder.appending(path: "config.json").path, key: "id2label"))
        }
        if labels.enumerated().allSatisfy({ $0.element.uppercased() == "LABEL_\($0.offset)" }) {
            return (Array(0..<labels.count), true)
        }
        func key(_ label: String) -> String { label.lowercased().filter { $0.isLetter || $0.isNumber } }
        let keys = labels.map(key)
        var order: [Int] = []
        for label in wanted {
            guard let index = keys.firstIndex(of: key(label)) else {
                throw AdvGlueError(
                    .badData,
                    "id2label (\(labels.joined(separator: ", "))) does not name \(task.rawValue)'s label '\(label)'",
                    hint:
                        "name the labels \(wanted.joined(separator: ", ")) in config.json, or LABEL_0... in that order",
                    at: .file(folder.appending(path: "config.json").path, key: "id2label"))
            }
            order.append(index)
        }
        return (order, false)
    }

    private static func json(_ url: URL, required: Bool) throws(AdvGlueError) -> [String: Any]? {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            if !required { return nil }
            throw AdvGlueError(
                .notFound, "the checkpoint has no \(url.lastPathComponent)",
                hint: "save the model with save_pretrained(DIR)", at: .file(url.path))
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw AdvGlueError(.badData, "not a JSON object", at: .file(url.path))
        }
        return object
    }
}
