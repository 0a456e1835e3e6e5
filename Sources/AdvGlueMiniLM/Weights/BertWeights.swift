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
    public let configuration: BertConfiguration
    public let wordEmbeddings: UnsafeBufferPointer<Float>
    public let positionEmbeddings: UnsafeBufferPointer<Float>
    public let typeEmbeddings: UnsafeBufferPointer<Float>
    public let embeddingNorm: LayerNorm
    public let layers: [Layer]
    /// Owns the stacked query-key-value weights (the only copies; everything else is mapped).
    private let stacked: StackedStorage

    public init(file: SafeTensors, configuration c: BertConfiguration) throws(AdvGlueError) {
        self.file = file
        self.configuration = c
        // Checkpoints saved from BertModel have no prefix; those from a task model start with "bert.".
        let prefix =
            file.tensors["embeddings.word_embeddings.weight"] == nil
                && file.tensors["bert.embeddings.word_embeddings.weight"] != nil ? "bert." : ""
        func tensor(_ name: String, _ shape: [Int]) throws(AdvGlueError) -> UnsafeBufferPointer<Float> {
            try file.floats(prefix + name, shape: shape)
        }
        func linear(_ name: String, inputs: Int, outputs: Int) throws(AdvGlueError) -> Linear {
            Linear(
                weight: try tensor("\(name).weight", [outputs, inputs]), bias: try tensor("\(name).bias", [outputs]),
                inputs: inputs, outputs: outputs)
        }
        func norm(_ name: String) throws(AdvGlueError) -> LayerNorm {
            LayerNorm(
                gamma: try tensor("\(name).weight", [c.hiddenSize]), beta: try tensor("\(name).bias", [c.hiddenSize]))
        }
        wordEmbeddings = try tensor("embeddings.word_embeddings.weight", [c.vocabSize, c.hiddenSize])
        positionEmbeddings = try tensor("embeddings.position_embeddings.weight", [c.maxPositions, c.hiddenSize])
        typeEmbeddings = try tensor("embeddings.token_type_embeddings.weight", [c.typeVocabSize, c.hiddenSize])
        embeddingNorm = try norm("embeddings.LayerNorm")
        var layers: [Layer] = []
        let stacked = StackedStorage(layers: c.layers, hidden: c.hiddenSize)
        for i in 0..<c.layers {
            let p = "encoder.layer.\(i)."
            let query = try linear(p + "attention.self.query", inputs: c.hiddenSize, outputs: c.hiddenSize)
            let key = try linear(p + "attention.self.key", inputs: c.hiddenSize, outputs: c.hiddenSize)
            let value = try linear(p + "attention.self.value", inputs: c.hiddenSize, outputs: c.hiddenSize)
            layers.append(
                Layer(
                    query: query, key: key, value: value,
                    queryKeyValue: stacked.stack(layer: i, [query, key, value]),
                    attentionOutput: try linear(
                        p + "attention.output.dense", inputs: c.hiddenSize, outputs: c.hiddenSize),
                    attentionNorm: try norm(p + "attention.output.LayerNorm"),
                    intermediate: try linear(
                        p + "intermediate.dense", inputs: c.hiddenSize, outputs: c.intermediateSize),
                    output: try linear(p + "output.dense", inputs: c.intermediateSize, outputs: c.hiddenSize),
                    outputNorm: try norm(p + "output.LayerNorm")))
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

    init(layers: Int, hidden: Int) {
        self.hidden = hidden
        weights = .allocate(capacity: layers * 3 * hidden * hidden)
        biases = .allocate(capacity: layers * 3 * hidden)
    }

    deinit {
        weights.deallocate()
        biases.deallocate()
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
