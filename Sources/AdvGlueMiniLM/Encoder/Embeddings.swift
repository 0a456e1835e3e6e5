/// BERT's input embeddings: word + position + token type, then LayerNorm.
///
/// Complexity: O(tokens · hidden).
enum Embeddings {
    static func apply(_ batch: PackedBatch, weights: BertWeights, into output: UnsafeMutablePointer<Float>) {
        let hidden = weights.configuration.hiddenSize
        let words = weights.wordEmbeddings.baseAddress!
        let positions = weights.positionEmbeddings.baseAddress!
        let types = weights.typeEmbeddings.baseAddress!
        for token in 0..<batch.tokenCount {
            let row = output + token * hidden
            let word = words + Int(batch.ids[token]) * hidden
            let position = positions + Int(batch.positions[token]) * hidden
            let type = types + Int(batch.typeIds[token]) * hidden
            for i in 0..<hidden { row[i] = word[i] + position[i] + type[i] }
        }
        Kernels.addAndNormalize(
            output, residual: nil, rows: batch.tokenCount, width: hidden, weights.embeddingNorm,
            epsilon: weights.configuration.layerNormEpsilon)
    }
}

/// Encodings laid back to back: token `t` of sequence `s` is row `offsets[s] + t`.
struct PackedBatch {
    var ids: [Int32] = []
    var typeIds: [Int32] = []
    var positions: [Int32] = []
    var offsets: [Int] = [0]

    /// `paddingId`: RoBERTa's numbering (transformers' `create_position_ids_from_input_ids`):
    /// a padding token sits at position `paddingId`, every other token at `paddingId + 1 +`
    /// the number of non-padding tokens before it. Without one, BERT's `0, 1, 2, ...`.
    init(_ encodings: some Sequence<Encoding>, paddingId: Int32? = nil) {
        for encoding in encodings {
            ids += encoding.ids
            typeIds += encoding.typeIds
            if let pad = paddingId {
                var next = pad + 1
                for id in encoding.ids {
                    if id == pad {
                        positions.append(pad)
                    } else {
                        positions.append(next)
                        next += 1
                    }
                }
            } else {
                positions += (0..<Int32(encoding.count)).map { $0 }
            }
            offsets.append(ids.count)
        }
    }

    var tokenCount: Int { ids.count }
    var sequenceCount: Int { offsets.count - 1 }
}
