/// One encoder layer: self-attention with output projection, residual and LayerNorm,
/// then the feed-forward block (GELU) with residual and LayerNorm (post-norm, as BERT).
///
/// Complexity: O(tokens · hidden · (4 · hidden + 2 · intermediate)) plus attention.
struct TransformerLayer {
    let weights: BertWeights.Layer
    let configuration: BertConfiguration

    /// Scratch buffers for one forward pass, reused by every layer.
    struct Workspace {
        /// `[tokens × 3 · hidden]`: each token's query, key and value side by side.
        let queryKeyValue: UnsafeMutablePointer<Float>
        let context, attention: UnsafeMutablePointer<Float>
        let intermediate: UnsafeMutablePointer<Float>

        init(tokens: Int, configuration: BertConfiguration) {
            let size = tokens * configuration.hiddenSize
            queryKeyValue = .allocate(capacity: 3 * size)
            context = .allocate(capacity: size)
            attention = .allocate(capacity: size)
            intermediate = .allocate(capacity: tokens * configuration.intermediateSize)
        }

        func deallocate() {
            for buffer in [queryKeyValue, context, attention, intermediate] { buffer.deallocate() }
        }
    }

    /// Transforms `hidden` (`[tokens × hiddenSize]`) in place.
    func apply(_ hidden: UnsafeMutablePointer<Float>, batch: PackedBatch, workspace w: Workspace) {
        let tokens = batch.tokenCount
        let c = configuration
        Kernels.linear(hidden, rows: tokens, weights.queryKeyValue, into: w.queryKeyValue)
        SelfAttention.apply(
            queryKeyValue: w.queryKeyValue, into: w.context, offsets: batch.offsets, heads: c.heads,
            headSize: c.headSize)
        Kernels.linear(w.context, rows: tokens, weights.attentionOutput, into: w.attention)
        Kernels.addAndNormalize(
            w.attention, residual: hidden, rows: tokens, width: c.hiddenSize, weights.attentionNorm,
            epsilon: c.layerNormEpsilon)
        Kernels.linear(w.attention, rows: tokens, weights.intermediate, into: w.intermediate)
        Kernels.gelu(w.intermediate, count: tokens * c.intermediateSize)
        Kernels.linear(w.intermediate, rows: tokens, weights.output, into: hidden)
        Kernels.addAndNormalize(
            hidden, residual: w.attention, rows: tokens, width: c.hiddenSize, weights.outputNorm,
            epsilon: c.layerNormEpsilon)
    }
}
