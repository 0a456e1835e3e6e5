/// Sentence embeddings from token states, as sentence-transformers' all-MiniLM-L6-v2
/// makes them: the mean of all token states ([CLS] and [SEP] included), then L2
/// normalisation, so the dot product of two embeddings is their cosine similarity.
public enum Pooling {
    /// Complexity: O(count · width).
    public static func meanNormalized(_ states: TokenStates) -> [Float] {
        var sum = [Float](repeating: 0, count: states.width)
        states.values.withUnsafeBufferPointer { values in
            for token in 0..<states.count {
                let row = token * states.width
                for i in 0..<states.width { sum[i] += values[row + i] }
            }
        }
        let count = Float(max(1, states.count))
        for i in sum.indices { sum[i] /= count }
        return normalized(sum)
    }

    /// `vector / max(‖vector‖, 1e-12)`, as torch.nn.functional.normalize.
    public static func normalized(_ vector: [Float]) -> [Float] {
        var squares: Float = 0
        for v in vector { squares += v * v }
        let norm = max(squares.squareRoot(), 1e-12)
        return vector.map { $0 / norm }
    }

    /// The dot product; the cosine for normalised vectors.
    public static func dot(_ a: [Float], _ b: [Float]) -> Float {
        precondition(a.count == b.count, "vectors of different sizes")
        var sum: Float = 0
        for i in a.indices { sum += a[i] * b[i] }
        return sum
    }

    /// Cosine similarity of any two vectors.
    public static func cosine(_ a: [Float], _ b: [Float]) -> Double {
        Double(dot(normalized(a), normalized(b)))
    }
}
