import Foundation

/// The numeric building blocks of the forward pass, on raw row-major float buffers.
/// Matrix products go to OpenBLAS; element-wise work is written as plain loops over
/// contiguous rows that the compiler vectorises, split across cores for large inputs.
enum Kernels {
    /// `output[rows × out] = input[rows × in] · weightᵀ + bias`, with a PyTorch `Linear`
    /// weight `[out, in]`.
    ///
    /// The rows are split across cores, each part one single-threaded sgemm (see ``BLAS``).
    ///
    /// Complexity: O(rows · in · out).
    static func linear(
        _ input: UnsafePointer<Float>, rows: Int, _ layer: BertWeights.Linear, into output: UnsafeMutablePointer<Float>
    ) {
        let n = layer.outputs
        let k = layer.inputs
        let bias = layer.bias.baseAddress!
        let weight = layer.weight.baseAddress!
        Parallel.rows(rows, minimumPerChunk: 16) { range in
            for row in range { (output + row * n).update(from: bias, count: n) }
            BLAS.sgemm(
                transposeB: true, m: range.count, n: n, k: k, alpha: 1, a: input + range.lowerBound * k, lda: k,
                b: weight, ldb: k, beta: 1, c: output + range.lowerBound * n, ldc: n)
        }
    }

    /// `x = LayerNorm(x + residual)` over each row of `width` values, in place.
    static func addAndNormalize(
        _ x: UnsafeMutablePointer<Float>, residual: UnsafePointer<Float>?, rows: Int, width: Int,
        _ norm: BertWeights.LayerNorm, epsilon: Float
    ) {
        let gamma = norm.gamma.baseAddress!
        let beta = norm.beta.baseAddress!
        Parallel.rows(rows, minimumPerChunk: 32) { range in
            for row in range {
                let v = x + row * width
                if let residual {
                    let r = residual + row * width
                    for i in 0..<width { v[i] += r[i] }
                }
                var sum: Float = 0
                for i in 0..<width { sum += v[i] }
                let mean = sum / Float(width)
                var squares: Float = 0
                for i in 0..<width {
                    let d = v[i] - mean
                    squares += d * d
                }
                let scale = 1 / (squares / Float(width) + epsilon).squareRoot()
                for i in 0..<width { v[i] = (v[i] - mean) * scale * gamma[i] + beta[i] }
            }
        }
    }

    /// BERT's exact GELU, `x · Φ(x) = x/2 · (1 + erf(x/√2))`, in place.
    static func gelu(_ x: UnsafeMutablePointer<Float>, count: Int) {
        Parallel.rows(count, minimumPerChunk: 16_384) { range in
            FastMath.gelu(x + range.lowerBound, count: range.count)
        }
    }

    /// Softmax of each row of `width` values, in place.
    static func softmaxRows(_ x: UnsafeMutablePointer<Float>, rows: Int, width: Int) {
        for row in 0..<rows {
            let v = x + row * width
            var maximum = -Float.infinity
            for i in 0..<width { maximum = max(maximum, v[i]) }
            var sum: Float = 0
            for i in 0..<width {
                let e = expf(v[i] - maximum)
                v[i] = e
                sum += e
            }
            let inverse = 1 / sum
            for i in 0..<width { v[i] *= inverse }
        }
    }
}

/// Splits work over the machine's cores (2 here) with `concurrentPerform`; small inputs
/// run on the calling thread.
enum Parallel {
    static let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)

    static func rows(_ count: Int, minimumPerChunk: Int, _ body: (Range<Int>) -> Void) {
        let chunks = min(cores, max(1, count / minimumPerChunk))
        if chunks == 1 {
            body(0..<count)
            return
        }
        let size = (count + chunks - 1) / chunks
        perform(chunks) { chunk in
            let start = chunk * size
            body(start..<min(count, start + size))
        }
    }

    /// `concurrentPerform` for bodies that write through raw pointers into disjoint
    /// parts of shared buffers; the pointers are not `Sendable`, the partition makes it safe.
    static func perform(_ iterations: Int, _ body: (Int) -> Void) {
        withoutActuallyEscaping(body) { body in
            nonisolated(unsafe) let body = body
            DispatchQueue.concurrentPerform(iterations: iterations) { body($0) }
        }
    }
}
