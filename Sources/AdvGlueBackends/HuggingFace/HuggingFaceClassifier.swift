import AdvGlueCorpora
import AdvGlueMiniLM
import AdvGlueModels
import AdvGlueSupport
import AdvGlueText
import Foundation

/// A Hugging Face `BertForSequenceClassification`, `DistilBertForSequenceClassification` or
/// `RobertaForSequenceClassification` checkpoint run natively: the tokenizer and encoder of
/// ``MiniLM`` (the same code, with the checkpoint's own weights and vocabulary; DistilBERT's
/// and RoBERTa's tensors mapped onto it), then the head over the first token: BERT's pooler
/// (a dense layer and tanh), DistilBERT's pre-classifier (a dense layer and ReLU) or
/// RoBERTa's classifier.dense (tanh), and the output layer. Pairs are encoded as the model
/// was trained, `[CLS] a [SEP] b [SEP]` with token types 0 and 1 (RoBERTa:
/// `<s> a </s></s> b </s>`), truncated longest-first to the model's length.
///
/// ```swift
/// let model = try HuggingFaceClassifier.load(folder: url, task: .sst2, spec: "hf:./ckpt")
/// let logits = try await model.logits(for: [TextInput([("sentence", "a dull film")])])
/// ```
/// Complexity: one encoder pass per batch of inputs, O(tokens · layers).
public final class HuggingFaceClassifier: Classifier, Sendable {
    public let identity: ModelIdentity
    public let labels: [String]
    let bert: MiniLM
    let pooler: (weight: [Float], bias: [Float])
    /// BERT's pooler squashes with tanh, DistilBERT's pre-classifier with ReLU.
    let poolerIsTanh: Bool
    let classifier: (weight: [Float], bias: [Float])
    /// For each task label, the index of the model's logit that scores it.
    let order: [Int]
    let fieldCount: Int

    init(
        identity: ModelIdentity, labels: [String], bert: MiniLM, pooler: (weight: [Float], bias: [Float]),
        poolerIsTanh: Bool, classifier: (weight: [Float], bias: [Float]), order: [Int], fieldCount: Int
    ) {
        self.identity = identity
        self.labels = labels
        self.bert = bert
        self.pooler = pooler
        self.poolerIsTanh = poolerIsTanh
        self.classifier = classifier
        self.order = order
        self.fieldCount = fieldCount
    }

    /// Loads the checkpoint in `folder` for `task`; errors name the file and what is missing.
    public static func load(folder: URL, task: GlueTask, spec: String) throws(AdvGlueError) -> HuggingFaceClassifier {
        let checkpoint = try HuggingFaceCheckpoint.read(folder)
        let (order, byPosition) = try checkpoint.order(for: task)
        let layout = checkpoint.layout
        let bert = try MiniLM(folder: folder, maxSequenceLength: checkpoint.maxLength, layout: layout)
        let file = try SafeTensors(url: folder.appending(path: "model.safetensors"))
        let hidden = bert.encoder.configuration.hiddenSize
        func dense(_ name: String, outputs: Int) throws(AdvGlueError) -> (weight: [Float], bias: [Float]) {
            (
                Array(try file.floats("\(name).weight", shape: [outputs, hidden])),
                Array(try file.floats("\(name).bias", shape: [outputs]))
            )
        }
        // The head over the first token: BERT's pooler (tanh) and classifier, DistilBERT's
        // pre-classifier (ReLU) and classifier, RoBERTa's classifier.dense (tanh) and out_proj.
        let pooler: (weight: [Float], bias: [Float])
        let classifier: (weight: [Float], bias: [Float])
        switch layout {
        case .bert:
            pooler = try dense("bert.pooler.dense", outputs: hidden)
            classifier = try dense("classifier", outputs: checkpoint.labels.count)
        case .distilBERT:
            pooler = try dense("pre_classifier", outputs: hidden)
            classifier = try dense("classifier", outputs: checkpoint.labels.count)
        case .roberta:
            pooler = try dense("classifier.dense", outputs: hidden)
            classifier = try dense("classifier.out_proj", outputs: checkpoint.labels.count)
        }
        // The checksum of the weights file, read through its mapping (hundreds of MB for a
        // base model: hashed at the SHA extensions' speed, well under a second).
        let checksum = (try? Data(contentsOf: folder.appending(path: "model.safetensors"), options: .alwaysMapped))
            .map { SHA256.hex($0) }
        let identity = ModelIdentity(
            spec: spec,
            description:
                "\(checkpoint.architecture) (\(bert.encoder.configuration.layers) layers, hidden \(hidden), inputs cut at \(checkpoint.maxLength) tokens"
                + (byPosition ? "; labels LABEL_0... taken in \(task.rawValue)'s order" : "") + ")",
            checksum: checksum)
        return HuggingFaceClassifier(
            identity: identity, labels: task.labelNames, bert: bert, pooler: pooler,
            poolerIsTanh: layout != .distilBERT,
            classifier: classifier,
            order: order, fieldCount: task.fieldNames.count)
    }

    public func logits(for inputs: [TextInput]) async throws -> [[Float]] {
        for input in inputs where input.fields.count != fieldCount || !(1...2).contains(input.fields.count) {
            throw AdvGlueError(
                .modelFailed, "this checkpoint's task takes \(fieldCount) fields, got \(input.fields.count)")
        }
        let encodings = inputs.map { input in
            input.fields.count == 1
                ? encode(input.fields[0].text) : encode(input.fields[0].text, input.fields[1].text)
        }
        return scores(of: encodings).map { scores in order.map { scores[$0] } }
    }

    /// `[CLS] text [SEP]`, cut to the model's length.
    func encode(_ text: String) -> Encoding { bert.encode(text) }

    /// `[CLS] a [SEP] b [SEP]` with token types 0 and 1, cut longest-first.
    func encode(_ a: String, _ b: String) -> Encoding { bert.encode(a, b) }

    /// The classifier's logits in the model's label order.
    func scores(of encodings: [Encoding]) -> [[Float]] {
        bert.tokenStates(of: encodings).map { states in
            let dense = Self.dense(pooler, Array(states.row(0)))
            let pooled = poolerIsTanh ? dense.map { tanh($0) } : dense.map { max(0, $0) }
            return Self.dense(classifier, pooled)
        }
    }

    /// `weight · x + bias` for a row-major weight of `bias.count` rows.
    static func dense(_ layer: (weight: [Float], bias: [Float]), _ x: [Float]) -> [Float] {
        layer.bias.indices.map { row in
            var sum = layer.bias[row]
            for column in x.indices { sum += layer.weight[row * x.count + column] * x[column] }
            return sum
        }
    }
}
