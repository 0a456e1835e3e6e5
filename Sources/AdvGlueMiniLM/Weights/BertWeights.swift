import AdvGlueSupport
import Foundation

/// The tensors of a BERT encoder, bound by name from a safetensors file with every
/// shape checked against the configuration. PyTorch `Linear` weights are
/// `[out, in]`, row-major, as the file stores them.
public struct BertWeights: @unchecked Sendable {
    // Unchecked: the buffers point into `file`'s read-only mapping, which this keeps alive.

    public struct Linear {
        public var weight: UnsafeBufferPointer<Float>
        public var bias: UnsafeBufferPointer<Float>
        public var inputs: Int
        public var outputs: Int
    }

    public struct LayerNorm {
        public var gamma: UnsafeBufferPointer<Float>
        public var beta: UnsafeBufferPointer<Float>
    }

    public struct Layer {
        public var query: Linear, key: Linear, value: Linear
        /// Query, key and value stacked as one `[3 · hidden, hidden]` product, so the
        /// input is packed for sgemm once instead of three times.
        public var queryKeyValue: Linear
        public var attentionOutput: Linear
        public var attentionNorm: LayerNorm
        public var intermediate: Linear
        public var output: Linear
        public var outputNorm: LayerNorm
    }

    public let file: SafeTensors
    /// Trained tensors laid over `file`'s, in order (fine-tuned deltas), kept alive with them.
    public let overlays: [WeightOverlay]
    public let configuration: BertConfiguration
    public let wordEmbeddings: UnsafeBufferPointer<Float>
    public let positionEmbeddings: UnsafeBufferPointer<Float>
    public let typeEmbeddings: UnsafeBufferPointer<Float>
    public let embeddingNorm: LayerNorm
    public let layers: [Layer]
    /// Owns the stacked query-key-value weights (the only copies; everything else is mapped).
    private let stacked: StackedStorage
    /// Owns the all-zero token-type table of a model that has none (DistilBERT).
    private let zeroTypes: StackedStorage?

    /// How a checkpoint names the encoder's tensors.
    public enum Layout: Sendable {
        /// BERT and MiniLM: `embeddings.…`, `encoder.layer.N.attention.self.query`, …
        case bert
        /// DistilBERT: `distilbert.embeddings.…`, `transformer.layer.N.attention.q_lin`, …, and
        /// no token-type embeddings (all token types read a zero row).
        case distilBERT
        /// RoBERTa: BERT's names under `roberta.`; positions start after the padding id
        /// (``BertConfiguration/positionOffset``) and its tokenizer is byte-level BPE.
        case roberta

        /// The prefix of the encoder's tensors in a sequence-classification checkpoint.
        var modelPrefix: String {
            switch self {
            case .bert: "bert."
            case .distilBERT: "distilbert."
            case .roberta: "roberta."
            }
        }
    }

    public init(
        file: SafeTensors, configuration c: BertConfiguration, layout: Layout = .bert, overlays: [WeightOverlay] = []
    ) throws(AdvGlueError) {
        self.file = file
        self.overlays = overlays
        self.configuration = c
        // Checkpoints saved from BertModel have no prefix; those from a task model start with
        // "bert." ("roberta.", "distilbert.").
        let prefix =
            [layout.modelPrefix, ""].first {
                file.tensors[$0 + "embeddings.word_embeddings.weight"] != nil
            } ?? ""
        // Each overlay in turn replaces a tensor or adds its LoRA update to what the ones
        // before it left.
        func tensor(_ name: String, _ shape: [Int]) throws(AdvGlueError) -> UnsafeBufferPointer<Float> {
            var value = try file.floats(prefix + name, shape: shape)
            for overlay in overlays {
                if let replaced = try overlay.replacement(name, shape: shape) { value = replaced }
            }
            return value
        }
        func linear(_ name: String, inputs: Int, outputs: Int) throws(AdvGlueError) -> Linear {
            var weight = try file.floats(prefix + "\(name).weight", shape: [outputs, inputs])
            for overlay in overlays {
                if let replaced = try overlay.replacement("\(name).weight", shape: [outputs, inputs]) {
                    weight = replaced
                }
                if let merged = try overlay.merged(name, base: weight, outputs: outputs, inputs: inputs) {
                    weight = merged
                }
            }
            return Linear(weight: weight, bias: try tensor("\(name).bias", [outputs]), inputs: inputs, outputs: outputs)
        }
        func norm(_ name: String) throws(AdvGlueError) -> LayerNorm {
            LayerNorm(
                gamma: try tensor("\(name).weight", [c.hiddenSize]), beta: try tensor("\(name).bias", [c.hiddenSize]))
        }
        wordEmbeddings = try tensor("embeddings.word_embeddings.weight", [c.vocabSize, c.hiddenSize])
        positionEmbeddings = try tensor("embeddings.position_embeddings.weight", [c.maxPositions, c.hiddenSize])
        if layout == .distilBERT {
            let zeros = StackedStorage(layers: 0, hidden: c.hiddenSize, extra: c.typeVocabSize * c.hiddenSize)
            typeEmbeddings = UnsafeBufferPointer(zeros.extra)
            zeroTypes = zeros
        } else {
            typeEmbeddings = try tensor("embeddings.token_type_embeddings.weight", [c.typeVocabSize, c.hiddenSize])
            zeroTypes = nil
        }
        embeddingNorm = try norm("embeddings.LayerNorm")
        // The tensors of layer i under each layout: query, key, value, attention output and
        // its norm, intermediate, output and its norm.
        func names(_ i: Int) -> [String] {
            switch layout {
            case .bert, .roberta:
                let p = "encoder.layer.\(i)."
                return [
                    "attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense",
                    "attention.output.LayerNorm", "intermediate.dense", "output.dense", "output.LayerNorm",
                ].map { p + $0 }
            case .distilBERT:
                let p = "transformer.layer.\(i)."
                return [
                    "attention.q_lin", "attention.k_lin", "attention.v_lin", "attention.out_lin", "sa_layer_norm",
                    "ffn.lin1", "ffn.lin2", "output_layer_norm",
                ].map { p + $0 }
            }
        }
        var layers: [Layer] = []
        let stacked = StackedStorage(layers: c.layers, hidden: c.hiddenSize)
        for i in 0..<c.layers {
            let n = names(i)
            let query = try linear(n[0], inputs: c.hiddenSize, outputs: c.hiddenSize)
            let key = try linear(n[1], inputs: c.hiddenSize, outputs: c.hiddenSize)
            let value = try linear(n[2], inputs: c.hiddenSize, outputs: c.hiddenSize)
            layers.append(
                Layer(
                    query: query, key: key, value: value,
                    queryKeyValue: stacked.stack(layer: i, [query, key, value]),
                    attentionOutput: try linear(n[3], inputs: c.hiddenSize, outputs: c.hiddenSize),
                    attentionNorm: try norm(n[4]),
                    intermediate: try linear(n[5], inputs: c.hiddenSize, outputs: c.intermediateSize),
                    output: try linear(n[6], inputs: c.intermediateSize, outputs: c.hiddenSize),
                    outputNorm: try norm(n[7])))
        }
        self.layers = layers
        self.stacked = stacked
    }
}

/// Heap storage for the stacked query-key-value weights of every layer.
final class StackedStorage: @unchecked Sendable {
    // Unchecked: written once while the weights are bound, read-only afterwards.
    let weights: UnsafeMutableBufferPointer<Float>
    let biases: UnsafeMutableBufferPointer<Float>
    let hidden: Int
    /// Zero-filled floats for a table the checkpoint lacks (DistilBERT's token types).
    let extra: UnsafeMutableBufferPointer<Float>

    init(layers: Int, hidden: Int, extra: Int = 0) {
        self.hidden = hidden
        weights = .allocate(capacity: layers * 3 * hidden * hidden)
        biases = .allocate(capacity: layers * 3 * hidden)
        self.extra = .allocate(capacity: extra)
        self.extra.initialize(repeating: 0)
    }

    deinit {
        weights.deallocate()
        biases.deallocate()
        extra.deallocate()
    }

    func stack(layer: Int, _ parts: [BertWeights.Linear]) -> BertWeights.Linear {
        let weightStart = layer * 3 * hidden * hidden
        let biasStart = layer * 3 * hidden
        for (i, part) in parts.enumerated() {
            _ = UnsafeMutableBufferPointer(rebasing: weights[(weightStart + i * hidden * hidden)...]).initialize(
                from: part.weight)
            _ = UnsafeMutableBufferPointer(rebasing: biases[(biasStart + i * hidden)...]).initialize(from: part.bias)
        }
        return BertWeights.Linear(
            weight: UnsafeBufferPointer(rebasing: weights[weightStart..<weightStart + 3 * hidden * hidden]),
            bias: UnsafeBufferPointer(rebasing: biases[biasStart..<biasStart + 3 * hidden]),
            inputs: hidden, outputs: 3 * hidden)
    }
}
