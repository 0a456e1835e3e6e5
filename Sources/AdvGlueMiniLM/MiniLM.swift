import AdvGlueSupport
import Foundation
import Synchronization

/// all-MiniLM-L6-v2 run natively: the BERT tokenizer, the 6-layer encoder and mean
/// pooling, giving the same sentence embeddings as sentence-transformers.
///
/// Load it once per process with ``shared()``; loading maps the 91 MB weights file
/// and reads the 30,522-token vocabulary (about 20 ms).
///
/// ```swift
/// let model = try MiniLM.shared()
/// let e = model.embed(["A fine film.", "A good movie."])
/// Pooling.dot(e[0], e[1]) // cosine similarity, about 0.8
/// ```
/// Complexity: O(total tokens) per call (see ``BertEncoder``).
public final class MiniLM: Sendable {
    public let folder: URL
    /// WordPiece for BERT and DistilBERT, byte-level BPE for RoBERTa.
    public let tokenizer: any SequenceTokenizer
    public let encoder: BertEncoder
    /// Tokens per input, [CLS] and [SEP] included (sentence-transformers' max_seq_length).
    public let maxSequenceLength: Int
    /// Inputs per forward pass; bounds the memory of a call.
    public let batchSize: Int
    /// Bytes of tensor data in the weights file.
    public let weightsBytes: Int
    /// One forward pass at a time: each already uses every core, and two at once would
    /// only double the memory.
    private let gate = Mutex<Void>(())

    public init(
        folder: URL, maxSequenceLength: Int = 256, batchSize: Int = 32, layout: BertWeights.Layout = .bert,
        overlays: [WeightOverlay] = []
    ) throws(AdvGlueError) {
        // RoBERTa's tokenizer files are checked when it loads; a BERT folder needs vocab.txt.
        if layout != .roberta { try ModelLocation.checkFolder(folder, origin: folder.path) }
        let configuration: BertConfiguration
        switch layout {
        case .bert: configuration = try BertConfiguration.read(folder.appending(path: "config.json"))
        case .distilBERT: configuration = try BertConfiguration.readDistilBERT(folder.appending(path: "config.json"))
        case .roberta: configuration = try BertConfiguration.readRoBERTa(folder.appending(path: "config.json"))
        }
        guard (3...configuration.maxTokens).contains(maxSequenceLength), batchSize >= 1 else {
            throw AdvGlueError(
                .badData,
                "max sequence length \(maxSequenceLength) must be 3...\(configuration.maxTokens), batch size at least 1",
                at: .file(folder.path))
        }
        let file = try SafeTensors(url: folder.appending(path: "model.safetensors"))
        let weights = try BertWeights(file: file, configuration: configuration, layout: layout, overlays: overlays)
        if layout == .roberta {
            let roberta = try RobertaTokenizer(folder: folder)
            let ids = roberta.bpe.vocabulary.values
            guard ids.allSatisfy({ (0..<Int32(configuration.vocabSize)).contains($0) }) else {
                throw AdvGlueError(
                    .badData,
                    "token ids \(ids.min() ?? 0)...\(ids.max() ?? 0) do not fit config.json's vocab_size \(configuration.vocabSize)",
                    at: .file(folder.appending(path: "config.json").path, key: "vocab_size"))
            }
            tokenizer = roberta
        } else {
            let vocabularyFile = folder.appending(path: "vocab.txt")
            let vocabulary = try WordPiece(vocabularyFile: vocabularyFile)
            guard vocabulary.tokens.count == configuration.vocabSize else {
                throw AdvGlueError(
                    .badData,
                    "\(vocabulary.tokens.count) tokens, but config.json says vocab_size \(configuration.vocabSize)",
                    hint: ModelLocation.installHint, at: .file(vocabularyFile.path))
            }
            tokenizer = BertTokenizer(vocabulary: vocabulary)
        }
        self.folder = folder
        self.encoder = try BertEncoder(weights: weights)
        self.maxSequenceLength = maxSequenceLength
        self.batchSize = batchSize
        self.weightsBytes = file.tensors.values.reduce(0) { $0 + $1.range.count }
    }

    private static let cache = Mutex<[String: MiniLM]>([:])
    private static let processModel = Mutex<MiniLM?>(nil)

    /// The model ``ModelLocation`` finds from the process environment, located and
    /// loaded once per process: recipes, validity scores and victims share it.
    public static func shared() throws(AdvGlueError) -> MiniLM {
        if let model = processModel.withLock({ $0 }) { return model }
        let model = try shared(environment: ProcessInfo.processInfo.environment)
        processModel.withLock { $0 = $0 ?? model }
        return model
    }

    /// The model found by ``ModelLocation`` from `environment`, loaded once per folder.
    public static func shared(environment: [String: String]) throws(AdvGlueError) -> MiniLM {
        let folder = try ModelLocation.locate(environment: environment)
        if let model = cache.withLock({ $0[folder.path] }) { return model }
        let model = try MiniLM(folder: folder)
        return cache.withLock { cache in
            if let existing = cache[folder.path] { return existing }
            cache[folder.path] = model
            return model
        }
    }

    public func encode(_ text: String) -> Encoding {
        tokenizer.encode(text, maxLength: maxSequenceLength)
    }

    public func encode(_ a: String, _ b: String) -> Encoding {
        tokenizer.encode(a, b, maxLength: maxSequenceLength)
    }

    /// Normalised sentence embeddings, one per text.
    public func embed(_ texts: [String]) -> [[Float]] {
        embeddings(of: texts.map(encode))
    }

    /// Normalised mean-pooled embeddings of already encoded inputs (pairs included).
    public func embeddings(of encodings: [Encoding]) -> [[Float]] {
        tokenStates(of: encodings).map(Pooling.meanNormalized)
    }

    /// Each text's last hidden states, [CLS] and [SEP] included.
    public func tokenStates(_ texts: [String]) -> [TokenStates] {
        tokenStates(of: texts.map(encode))
    }

    /// Runs the encoder in batches of ``batchSize`` inputs of similar length (longest
    /// first, as sentence-transformers orders them) and returns states in input order.
    public func tokenStates(of encodings: [Encoding]) -> [TokenStates] {
        let order = encodings.indices.sorted { (encodings[$0].count, $1) > (encodings[$1].count, $0) }
        var results = [TokenStates?](repeating: nil, count: encodings.count)
        for start in stride(from: 0, to: order.count, by: batchSize) {
            let indices = Array(order[start..<min(order.count, start + batchSize)])
            let states = gate.withLock { _ in encoder.forward(indices.map { encodings[$0] }) }
            for (index, state) in zip(indices, states) { results[index] = state }
        }
        return results.map { $0! }
    }
}
