import AdvGlueSupport
import Foundation

/// The hyperparameters of a BERT encoder, read from the model folder's `config.json`.
public struct BertConfiguration: Sendable, Equatable, Decodable {
    public var vocabSize: Int
    public var hiddenSize: Int
    public var layers: Int
    public var heads: Int
    public var intermediateSize: Int
    public var maxPositions: Int
    public var typeVocabSize: Int
    public var layerNormEpsilon: Float
    public var hiddenAct: String
    /// RoBERTa's padding id, from which it numbers positions (``PackedBatch``); nil for BERT.
    public var paddingId: Int32?

    /// The positions a sequence cannot use: RoBERTa's first `paddingId + 1`.
    public var positionOffset: Int { paddingId.map { Int($0) + 1 } ?? 0 }

    /// The longest encoding the position table allows.
    public var maxTokens: Int { maxPositions - positionOffset }

    enum CodingKeys: String, CodingKey {
        case vocabSize = "vocab_size"
        case hiddenSize = "hidden_size"
        case layers = "num_hidden_layers"
        case heads = "num_attention_heads"
        case intermediateSize = "intermediate_size"
        case maxPositions = "max_position_embeddings"
        case typeVocabSize = "type_vocab_size"
        case layerNormEpsilon = "layer_norm_eps"
        case hiddenAct = "hidden_act"
    }

    public var headSize: Int { hiddenSize / heads }

    /// A DistilBERT `config.json` (`dim`, `n_layers`, `n_heads`, `hidden_dim`) as the BERT
    /// encoder's configuration: two token types, which read a zero row.
    public static func readDistilBERT(_ url: URL) throws(AdvGlueError) -> BertConfiguration {
        struct Distil: Decodable {
            var vocabSize: Int
            var dim: Int
            var layers: Int
            var heads: Int
            var hiddenDim: Int
            var maxPositions: Int
            var activation: String
            var sinusoidalPositions: Bool?

            enum CodingKeys: String, CodingKey {
                case vocabSize = "vocab_size"
                case dim
                case layers = "n_layers"
                case heads = "n_heads"
                case hiddenDim = "hidden_dim"
                case maxPositions = "max_position_embeddings"
                case activation
                case sinusoidalPositions = "sinusoidal_pos_embds"
            }
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw AdvGlueError(.notFound, "cannot read", at: .file(url.path))
        }
        let distil: Distil
        do {
            distil = try JSONDecoder().decode(Distil.self, from: data)
        } catch {
            throw AdvGlueError(.badData, "not a DistilBERT config.json (\(error))", at: .file(url.path))
        }
        guard distil.activation == "gelu", distil.sinusoidalPositions != true, distil.dim % max(1, distil.heads) == 0
        else {
            throw AdvGlueError(
                .badData,
                "activation '\(distil.activation)' or sinusoidal positions: only gelu with learned positions is implemented",
                at: .file(url.path))
        }
        return BertConfiguration(
            vocabSize: distil.vocabSize, hiddenSize: distil.dim, layers: distil.layers, heads: distil.heads,
            intermediateSize: distil.hiddenDim, maxPositions: distil.maxPositions, typeVocabSize: 2,
            layerNormEpsilon: 1e-12, hiddenAct: "gelu")
    }

    /// A RoBERTa `config.json`: BERT's keys, with positions numbered from `pad_token_id + 1`.
    public static func readRoBERTa(_ url: URL) throws(AdvGlueError) -> BertConfiguration {
        var configuration = try read(url)
        struct Padding: Decodable {
            var padTokenId: Int?
            enum CodingKeys: String, CodingKey { case padTokenId = "pad_token_id" }
        }
        let padding = FileManager.default.contents(atPath: url.path).flatMap {
            try? JSONDecoder().decode(Padding.self, from: $0)
        }
        let pad = padding?.padTokenId ?? 1
        guard pad >= 0, pad < configuration.vocabSize else {
            throw AdvGlueError(
                .badData, "pad_token_id \(pad) is not a token id (0...\(configuration.vocabSize - 1))",
                at: .file(url.path, key: "pad_token_id"))
        }
        configuration.paddingId = Int32(pad)
        guard configuration.maxTokens >= 4 else {
            throw AdvGlueError(
                .badData,
                "max_position_embeddings \(configuration.maxPositions) leaves no room for a text after the \(configuration.positionOffset) positions RoBERTa reserves",
                at: .file(url.path, key: "max_position_embeddings"))
        }
        return configuration
    }

    public static func read(_ url: URL) throws(AdvGlueError) -> BertConfiguration {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw AdvGlueError(.notFound, "cannot read", hint: ModelLocation.installHint, at: .file(url.path))
        }
        let configuration: BertConfiguration
        do {
            configuration = try JSONDecoder().decode(BertConfiguration.self, from: data)
        } catch {
            throw AdvGlueError(
                .badData, "not a BERT config.json (\(error))", hint: ModelLocation.installHint, at: .file(url.path))
        }
        guard configuration.hiddenSize > 0, configuration.heads > 0,
            configuration.hiddenSize % configuration.heads == 0,
            configuration.layers > 0, configuration.intermediateSize > 0, configuration.maxPositions > 2,
            configuration.typeVocabSize > 0, configuration.vocabSize > 0
        else {
            throw AdvGlueError(
                .badData,
                "inconsistent sizes (hidden \(configuration.hiddenSize), heads \(configuration.heads), layers \(configuration.layers))",
                hint: ModelLocation.installHint, at: .file(url.path))
        }
        guard configuration.hiddenAct == "gelu" else {
            throw AdvGlueError(
                .badData, "hidden_act '\(configuration.hiddenAct)'; only BERT's exact gelu is implemented",
                at: .file(url.path))
        }
        return configuration
    }
}
