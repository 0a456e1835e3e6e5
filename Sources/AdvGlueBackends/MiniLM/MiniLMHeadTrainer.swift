import AdvGlueCorpora
import AdvGlueModels
import Foundation

/// Trains a ``MiniLMHead`` by full-batch Adam on the multinomial log-loss with L2.
///
/// Deterministic: no sampling, and every sum runs single-threaded in a fixed order, so the
/// same embeddings and settings give the same bytes.
///
/// Complexity: O(iterations · examples · features · classes).
public enum MiniLMHeadTrainer {
    /// `features` holds one raw feature row per example (see ``MiniLMHead/features(_:)``).
    public static func train(
        features rows: [[Float]], labels: [Int], task: GlueTask, embeddingSize: Int,
        configuration: MiniLMTrainingConfiguration, trainingData: String,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) -> MiniLMHead {
        let n = rows.count
        let d = MiniLMHead.featureCount(task: task, embeddingSize: embeddingSize)
        let classes = task.labelNames.count
        precondition(
            n > 0 && rows.allSatisfy { $0.count == d } && labels.count == n, "one feature row of \(d) values per label")
        var mean = [Float](repeating: 0, count: d)
        var scale = [Float](repeating: 0, count: d)
        for row in rows { for j in 0..<d { mean[j] += row[j] } }
        for j in 0..<d { mean[j] /= Float(n) }
        for row in rows { for j in 0..<d { scale[j] += (row[j] - mean[j]) * (row[j] - mean[j]) } }
        for j in 0..<d { scale[j] = 1 / max((scale[j] / Float(n)).squareRoot(), 1e-6) }
        var x = [Float](repeating: 0, count: n * d)
        for (i, row) in rows.enumerated() { for j in 0..<d { x[i * d + j] = (row[j] - mean[j]) * scale[j] } }

        var w = [Float](repeating: 0, count: classes * d)
        var b = [Float](repeating: 0, count: classes)
        var mw = w
        var vw = w
        var mb = b
        var vb = b
        let beta1: Float = 0.9
        let beta2: Float = 0.999
        let epsilon: Float = 1e-8
        let eta = configuration.learningRate
        var gw = w
        var gb = b
        var scores = [Float](repeating: 0, count: classes)
        for step in 1...configuration.iterations {
            for k in gw.indices { gw[k] = 0 }
            for c in 0..<classes { gb[c] = 0 }
            x.withUnsafeBufferPointer { x in
                w.withUnsafeBufferPointer { w in
                    gw.withUnsafeMutableBufferPointer { gw in
                        for i in 0..<n {
                            let row = x.baseAddress! + i * d
                            for c in 0..<classes {
                                var sum = b[c]
                                let weights = w.baseAddress! + c * d
                                for j in 0..<d { sum += weights[j] * row[j] }
                                scores[c] = sum
                            }
                            let top = scores.max()!
                            var total: Float = 0
                            for c in 0..<classes {
                                scores[c] = Foundation.exp(scores[c] - top)
                                total += scores[c]
                            }
                            for c in 0..<classes {
                                let g = scores[c] / total - (labels[i] == c ? 1 : 0)
                                gb[c] += g
                                let gradient = gw.baseAddress! + c * d
                                for j in 0..<d { gradient[j] += g * row[j] }
                            }
                        }
                    }
                }
            }
            let correction1 = 1 - Foundation.pow(beta1, Float(step))
            let correction2 = 1 - Foundation.pow(beta2, Float(step))
            for k in w.indices {
                let g = gw[k] / Float(n) + configuration.l2 * w[k]
                mw[k] = beta1 * mw[k] + (1 - beta1) * g
                vw[k] = beta2 * vw[k] + (1 - beta2) * g * g
                w[k] -= eta * (mw[k] / correction1) / ((vw[k] / correction2).squareRoot() + epsilon)
            }
            for c in 0..<classes {
                let g = gb[c] / Float(n)
                mb[c] = beta1 * mb[c] + (1 - beta1) * g
                vb[c] = beta2 * vb[c] + (1 - beta2) * g * g
                b[c] -= eta * (mb[c] / correction1) / ((vb[c] / correction2).squareRoot() + epsilon)
            }
            if step % 50 == 0 || step == configuration.iterations { progress?(step, configuration.iterations) }
        }
        let metadata = MiniLMHeadMetadata(training: configuration, trainingData: trainingData, trainingExamples: n)
        return MiniLMHead(
            task: task, labels: task.labelNames, embeddingSize: embeddingSize, mean: mean, scale: scale,
            weights: w, bias: b, metadata: metadata)
    }

    /// Accuracy of `head` on raw feature rows.
    public static func accuracy(of head: MiniLMHead, features: [[Float]], labels: [Int]) -> Double {
        guard !features.isEmpty else { return 0 }
        let correct = zip(features, labels).filter { argmax(head.logits(features: $0)) == $1 }.count
        return Double(correct) / Double(features.count)
    }
}
