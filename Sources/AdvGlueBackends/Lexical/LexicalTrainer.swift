import AdvGlueCorpora
import AdvGlueModels
import AdvGlueSupport
import AdvGlueText

/// Settings for ``LexicalTrainer``; all of them are saved with the model.
public struct TrainingConfiguration: Sendable, Codable, Hashable {
    public var seed: UInt64 = 0
    public var epochs: Int = 8
    public var learningRate: Float = 0.1
    public var l2: Float = 1e-5
    /// A feature must occur in at least this many training examples to enter the vocabulary.
    public var minCount: Int = 2
    /// The most frequent features kept; bounds the model file (4 bytes × classes each).
    public var maxFeatures: Int = 60_000

    public init() {}
}

/// Trains ``LexicalModel`` by AdaGrad on the multinomial log-loss with L2.
///
/// Deterministic: the vocabulary is ordered by document frequency then name, the
/// example order of each epoch comes from `SplitMix64(seed)`, and all arithmetic is
/// single-threaded in a fixed order, so the same data and seed give the same bytes.
///
/// Complexity: O(epochs · Σ active features · classes) after featurisation.
public enum LexicalTrainer {
    public static func train(
        _ examples: [Example], featurizer: LexicalFeaturizer, labels: [String],
        configuration: TrainingConfiguration, trainingData: String,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) -> LexicalModel {
        let featureLists = examples.map { featurizer.features(of: $0.input) }
        var documentFrequency: [String: Int] = [:]
        for list in featureLists { for name in list { documentFrequency[name, default: 0] += 1 } }
        let vocabulary =
            documentFrequency
            .filter { $0.value >= configuration.minCount }
            .sorted { ($1.value, $0.key) < ($0.value, $1.key) }
            .prefix(configuration.maxFeatures)
            .map(\.key)
        var index: [String: Int] = [:]
        for (i, name) in vocabulary.enumerated() { index[name] = i }
        let rows = featureLists.map { $0.compactMap { index[$0] } }

        let classes = labels.count
        var weights = [Float](repeating: 0, count: vocabulary.count * classes)
        var bias = [Float](repeating: 0, count: classes)
        var squaredWeights = [Float](repeating: 0, count: weights.count)
        var squaredBias = [Float](repeating: 0, count: classes)
        var rng = SplitMix64(seed: configuration.seed)
        var order = Array(examples.indices)
        let eta = configuration.learningRate
        let l2 = configuration.l2
        let epsilon: Float = 1e-8
        var gradient = [Float](repeating: 0, count: classes)
        for epoch in 0..<configuration.epochs {
            order.shuffle(using: &rng)
            for i in order {
                var scores = bias
                for feature in rows[i] {
                    for c in 0..<classes { scores[c] += weights[feature * classes + c] }
                }
                let probabilities = softmax(scores)
                for c in 0..<classes { gradient[c] = probabilities[c] - (c == examples[i].label ? 1 : 0) }
                for c in 0..<classes {
                    squaredBias[c] += gradient[c] * gradient[c]
                    bias[c] -= eta * gradient[c] / (squaredBias[c].squareRoot() + epsilon)
                }
                for feature in rows[i] {
                    for c in 0..<classes {
                        let k = feature * classes + c
                        let g = gradient[c] + l2 * weights[k]
                        squaredWeights[k] += g * g
                        weights[k] -= eta * g / (squaredWeights[k].squareRoot() + epsilon)
                    }
                }
            }
            progress?(epoch + 1, configuration.epochs)
        }
        let metadata = LexicalModelMetadata(
            training: configuration, trainingData: trainingData, trainingExamples: examples.count)
        return LexicalModel(
            featurizer: featurizer, labels: labels, vocabulary: vocabulary, weights: weights, bias: bias,
            metadata: metadata)
    }

    /// Accuracy of `model` on `examples`.
    public static func accuracy(of model: LexicalModel, on examples: [Example]) -> Double {
        guard !examples.isEmpty else { return 0 }
        let correct = examples.filter { argmax(model.logits(for: model.featureIndices(of: $0.input))) == $0.label }
            .count
        return Double(correct) / Double(examples.count)
    }
}
