import AdvGlueCorpora
import AdvGlueModels
import AdvGlueText

/// The built-in victim: multinomial logistic regression over binary word unigram,
/// bigram and (for pair tasks) cross-field features.
///
/// ```swift
/// let model = try LexicalModelFile.read(from: url)
/// let logits = try await model.logits(for: [TextInput([("sentence", "a dull film")])])
/// ```
/// Complexity: O(n + f·c) per input, n its length, f its active features, c the classes.
public struct LexicalModel: Classifier, Sendable {
    public var featurizer: LexicalFeaturizer
    public var labels: [String]
    public var weights: [Float]
    public var bias: [Float]
    public var metadata: LexicalModelMetadata
    public var identity: ModelIdentity

    private let table: FeatureTable

    public init(
        featurizer: LexicalFeaturizer, labels: [String], vocabulary: [String], weights: [Float], bias: [Float],
        metadata: LexicalModelMetadata, identity: ModelIdentity? = nil
    ) {
        self.init(
            featurizer: featurizer, labels: labels, table: FeatureTable(names: vocabulary), weights: weights,
            bias: bias,
            metadata: metadata, identity: identity)
    }

    init(
        featurizer: LexicalFeaturizer, labels: [String], table: FeatureTable, weights: [Float], bias: [Float],
        metadata: LexicalModelMetadata, identity: ModelIdentity? = nil
    ) {
        precondition(weights.count == table.count * labels.count, "weights must be features × classes")
        precondition(bias.count == labels.count, "one bias per class")
        self.featurizer = featurizer
        self.labels = labels
        self.table = table
        self.weights = weights
        self.bias = bias
        self.metadata = metadata
        self.identity =
            identity
            ?? ModelIdentity(
                spec: "builtin:lexical",
                description: "lexical logistic regression (\(featurizer.task.rawValue), \(table.count) features)")
    }

    /// Feature names; the row of `weights` for feature i starts at i·classes.
    public var vocabulary: [String] { (0..<table.count).map(table.name(at:)) }

    /// The number of features.
    public var featureCount: Int { table.count }

    public func withIdentity(_ identity: ModelIdentity) -> LexicalModel {
        var copy = self
        copy.identity = identity
        return copy
    }

    /// Vocabulary indices of the input's known features, in feature-name order (the
    /// order ``LexicalFeaturizer/features(of:)`` lists them and the logits add them in).
    public func featureIndices(of input: TextInput) -> [Int] {
        var indexer = FeatureIndexer()
        return indexer.indices(of: input, featurizer: featurizer, table: table)
    }

    public func logits(for indices: [Int]) -> [Float] {
        let classes = labels.count
        var scores = bias
        for feature in indices {
            let row = feature * classes
            for c in 0..<classes { scores[c] += weights[row + c] }
        }
        return scores
    }

    public func logits(for inputs: [TextInput]) async throws -> [[Float]] {
        var indexer = FeatureIndexer()
        return inputs.map { logits(for: indexer.indices(of: $0, featurizer: featurizer, table: table)) }
    }
}

/// How a lexical model was made, stored in its file.
public struct LexicalModelMetadata: Sendable, Codable, Hashable {
    public var training: TrainingConfiguration
    public var trainingData: String
    public var trainingExamples: Int
    public var heldOutData: String?
    public var heldOutExamples: Int?
    public var heldOutAccuracy: Double?

    public init(
        training: TrainingConfiguration, trainingData: String, trainingExamples: Int,
        heldOutData: String? = nil, heldOutExamples: Int? = nil, heldOutAccuracy: Double? = nil
    ) {
        self.training = training
        self.trainingData = trainingData
        self.trainingExamples = trainingExamples
        self.heldOutData = heldOutData
        self.heldOutExamples = heldOutExamples
        self.heldOutAccuracy = heldOutAccuracy
    }
}
