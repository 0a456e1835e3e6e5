import Foundation

/// Multi-head scaled dot-product attention over packed sequences.
///
/// Sequences lie back to back in `[tokens × hidden]` buffers with no padding, so each
/// attends only to its own tokens: the same result as the reference's padded batch with
/// an attention mask, without computing the padded rows. For each sequence and head,
/// `softmax(Q Kᵀ / √d) V` is two small sgemm calls on strided views of the stacked
/// `[tokens × (Q | K | V)]` buffer.
///
/// Complexity: O(Σ L² · hidden) for sequences of length L.
enum SelfAttention {
    static func apply(
        queryKeyValue: UnsafePointer<Float>, into context: UnsafeMutablePointer<Float>, offsets: [Int],
        heads: Int, headSize: Int
    ) {
        let hidden = heads * headSize
        let rowStride = 3 * hidden
        let query = queryKeyValue
        let key = queryKeyValue + hidden
        let value = queryKeyValue + 2 * hidden
        let scale = 1 / Float(headSize).squareRoot()
        let sequences = offsets.count - 1
        let lengths: [Int] = (0..<sequences).map { offsets[$0 + 1] - offsets[$0] }
        let longest = lengths.max() ?? 0
        // Longest sequences first, so the cores finish together.
        let order = lengths.indices.sorted { lengths[$0] > lengths[$1] }
        let workers = min(Parallel.cores, max(1, sequences))
        Parallel.perform(workers) { worker in
            let scores = UnsafeMutablePointer<Float>.allocate(capacity: max(1, longest * longest))
            defer { scores.deallocate() }
            for s in stride(from: worker, to: sequences, by: workers) {
                let sequence = order[s]
                let start = offsets[sequence]
                let length = offsets[sequence + 1] - start
                for head in 0..<heads {
                    let column = start * rowStride + head * headSize
                    BLAS.sgemm(
                        transposeB: true, m: length, n: length, k: headSize, alpha: scale, a: query + column,
                        lda: rowStride,
                        b: key + column, ldb: rowStride, beta: 0, c: scores, ldc: length)
                    Kernels.softmaxRows(scores, rows: length, width: length)
                    let output = start * hidden + head * headSize
                    BLAS.sgemm(
                        transposeB: false, m: length, n: headSize, k: length, alpha: 1, a: scores, lda: length,
                        b: value + column, ldb: rowStride, beta: 0, c: context + output, ldc: hidden)
                }
            }
        }
    }
}
