import AdvGlueSupport
import Foundation

/// The BERT encoder forward pass: embeddings, then each transformer layer; returns the
/// last hidden state of every token.
///
/// Inputs of a batch are packed without padding (see ``SelfAttention``), so a batch
/// costs what its real tokens cost. Thread-safe: weights are read-only and every call
/// has its own buffers.
///
/// ```swift
/// let encoder = BertEncoder(weights: weights)
/// let states = encoder.forward([tokenizer.encode("A fine film.", maxLength: 256)])
/// states[0].count // 6 tokens × 384
/// ```
/// Complexity: O(tokens · layers · hidden · (4 · hidden + 2 · intermediate)) plus attention.
public struct BertEncoder: Sendable {
    public let weights: BertWeights
    public var configuration: BertConfiguration { weights.configuration }

    /// Loads OpenBLAS (see ``BLAS``) on first use.
    public init(weights: BertWeights) throws(AdvGlueError) {
        try BLAS.load()
        self.weights = weights
    }

    /// Token states of each encoding, `count × hiddenSize` row-major.
    public func forward(_ encodings: [Encoding]) -> [TokenStates] {
        guard !encodings.isEmpty else { return [] }
        let c = configuration
        for encoding in encodings {
            precondition(encoding.count <= c.maxTokens, "encodings must be truncated to \(c.maxTokens) tokens")
            precondition(encoding.ids.allSatisfy { $0 >= 0 && Int($0) < c.vocabSize }, "token id out of range")
            precondition(encoding.typeIds.allSatisfy { $0 >= 0 && Int($0) < c.typeVocabSize }, "type id out of range")
        }
        let batch = PackedBatch(encodings, paddingId: c.paddingId)
        let hidden = UnsafeMutablePointer<Float>.allocate(capacity: max(1, batch.tokenCount * c.hiddenSize))
        defer { hidden.deallocate() }
        let workspace = TransformerLayer.Workspace(tokens: max(1, batch.tokenCount), configuration: c)
        defer { workspace.deallocate() }
        Embeddings.apply(batch, weights: weights, into: hidden)
        for layer in weights.layers {
            TransformerLayer(weights: layer, configuration: c).apply(hidden, batch: batch, workspace: workspace)
        }
        return (0..<batch.sequenceCount).map { s in
            let start = batch.offsets[s]
            let count = batch.offsets[s + 1] - start
            return TokenStates(
                count: count, width: c.hiddenSize,
                values: Array(UnsafeBufferPointer(start: hidden + start * c.hiddenSize, count: count * c.hiddenSize)))
        }
    }
}

/// The last hidden state of each token of one input, `count × width` row-major.
public struct TokenStates: Sendable, Hashable {
    public var count: Int
    public var width: Int
    public var values: [Float]

    public init(count: Int, width: Int, values: [Float]) {
        precondition(values.count == count * width, "values must be count × width")
        self.count = count
        self.width = width
        self.values = values
    }

    public func row(_ i: Int) -> ArraySlice<Float> { values[i * width..<(i + 1) * width] }
}
