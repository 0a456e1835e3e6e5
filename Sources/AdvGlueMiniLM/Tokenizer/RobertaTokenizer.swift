import AdvGlueSupport
import Foundation

/// RoBERTa's tokenizer: added tokens kept whole, GPT-2's byte-level pre-tokenizer (no
/// prefix space), byte-level BPE, then `<s> A </s>` or `<s> A </s></s> B </s>`, all token
/// types 0, truncated longest-first as ``BertTokenizer`` does.
///
/// ```swift
/// let tokenizer = try RobertaTokenizer(folder: checkpoint)
/// tokenizer.encode("A fine film.", "A good movie.", maxLength: 128).ids  // [0, ..., 2, 2, ..., 2]
/// ```
/// Complexity: O(n log n) for a text of n bytes; a text stops being read once it has
/// given as many tokens as the input can hold.
public struct RobertaTokenizer: SequenceTokenizer {
    /// A token matched verbatim in raw text before pre-tokenization (`<s>`, `<mask>`, ...).
    public struct AddedToken: Sendable, Equatable {
        public var content: String
        public var id: Int32
        /// Absorbs the white space before it (`<mask>` in roberta-base) or after it.
        public var lstrip: Bool
        public var rstrip: Bool
    }

    public let bpe: BytePairEncoding
    public let start: Int32
    public let end: Int32
    /// Longest first, so that a token that starts another is not matched in its place.
    let added: [(bytes: [UInt8], token: AddedToken)]

    public init(bpe: BytePairEncoding, added: [AddedToken]) throws(AdvGlueError) {
        guard let start = bpe.vocabulary["<s>"], let end = bpe.vocabulary["</s>"] else {
            throw AdvGlueError(.badData, "the vocabulary has no <s> or </s> token")
        }
        self.bpe = bpe
        self.start = start
        self.end = end
        self.added = added.filter { !$0.content.isEmpty }.map { (Array($0.content.utf8), $0) }
            .sorted { $0.bytes.count > $1.bytes.count }
    }

    /// The tokenizer files of a checkpoint folder: the BPE (``BytePairEncoding/init(folder:)``)
    /// and the added tokens of `tokenizer.json` or `tokenizer_config.json` (RoBERTa's five
    /// special tokens when neither lists them). A tokenizer that adds a prefix space is refused.
    public init(folder: URL) throws(AdvGlueError) {
        let bpe = try BytePairEncoding(folder: folder)
        let tokenizerFile = folder.appending(path: "tokenizer.json")
        let configFile = folder.appending(path: "tokenizer_config.json")
        let tokenizer =
            FileManager.default.fileExists(atPath: tokenizerFile.path)
            ? try BytePairEncoding.object(tokenizerFile) : [:]
        let config =
            FileManager.default.fileExists(atPath: configFile.path)
            ? try BytePairEncoding.object(configFile) : [:]
        let preTokenizer = tokenizer["pre_tokenizer"] as? [String: Any]
        if config["add_prefix_space"] as? Bool == true || preTokenizer?["add_prefix_space"] as? Bool == true {
            throw AdvGlueError(
                .badData,
                "add_prefix_space is true; hf: runs RoBERTa tokenizers without a prefix space, as roberta-base's",
                hint: "use --model cmd:'python3 scripts/models/transformers_model.py --model DIR'",
                at: .file(configFile.path, key: "add_prefix_space"))
        }
        var added: [AddedToken] = []
        func token(_ entry: [String: Any], id: Int32?) -> AddedToken? {
            guard let content = entry["content"] as? String, let id = id ?? (entry["id"] as? NSNumber)?.int32Value
            else { return nil }
            return AddedToken(
                content: content, id: id, lstrip: entry["lstrip"] as? Bool ?? false,
                rstrip: entry["rstrip"] as? Bool ?? false)
        }
        if let list = tokenizer["added_tokens"] as? [[String: Any]] {
            added = list.compactMap { token($0, id: nil) }
        } else if let decoder = config["added_tokens_decoder"] as? [String: [String: Any]] {
            added = decoder.compactMap { key, entry in Int32(key).flatMap { token(entry, id: $0) } }
        } else {
            added = [("<s>", false), ("<pad>", false), ("</s>", false), ("<unk>", false), ("<mask>", true)]
                .compactMap { content, lstrip in
                    bpe.vocabulary[content].map { AddedToken(content: content, id: $0, lstrip: lstrip, rstrip: false) }
                }
        }
        do {
            try self.init(bpe: bpe, added: added)
        } catch {
            throw AdvGlueError(
                .badData, error.message, at: .file(folder.appending(path: "vocab.json").path))
        }
    }

    /// Token ids of `text`, without special tokens around it or truncation; at most
    /// `limit` of them (what follows could not be kept anyway).
    public func tokenize(_ text: String, limit: Int = .max) -> [Int32] {
        var ids: [Int32] = []
        for piece in splitAdded(text) {
            if ids.count >= limit { break }
            switch piece {
            case .added(let id): ids.append(id)
            case .text(let segment):
                for word in ByteLevelPreTokenizer.split(segment) {
                    ids += bpe.ids(of: ByteLevelPreTokenizer.mapped(word))
                    if ids.count >= limit { break }
                }
            }
        }
        return Array(ids.prefix(limit))
    }

    public func encode(_ text: String, maxLength: Int) -> Encoding {
        precondition(maxLength >= 2, "room for <s> and </s>")
        let ids = [start] + tokenize(text, limit: maxLength - 2) + [end]
        return Encoding(ids: ids, typeIds: Array(repeating: 0, count: ids.count))
    }

    /// `<s> a </s></s> b </s>`; an empty `b` gives the single-text encoding of `a`, as the
    /// reference's tokenizer call does. Reading each text only up to the whole budget is
    /// exact: longest-first never keeps more than the budget of one side.
    public func encode(_ a: String, _ b: String, maxLength: Int) -> Encoding {
        if b.isEmpty { return encode(a, maxLength: maxLength) }
        precondition(maxLength >= 4, "room for <s>, </s></s> and </s>")
        let budget = maxLength - 4
        let idsA = tokenize(a, limit: budget + 1)
        let idsB = tokenize(b, limit: budget + 1)
        let (lengthA, lengthB) = BertTokenizer.truncatedLengths(idsA.count, idsB.count, budget: budget)
        let ids = [start] + idsA.prefix(lengthA) + [end, end] + idsB.prefix(lengthB) + [end]
        return Encoding(ids: ids, typeIds: Array(repeating: 0, count: ids.count))
    }

    enum Piece: Equatable {
        case text(String)
        case added(Int32)
    }

    /// Splits raw text at added tokens, one pass over its UTF-8 bytes; an `lstrip` token
    /// takes the white space before it, an `rstrip` one the white space after it.
    func splitAdded(_ text: String) -> [Piece] {
        let bytes = Array(text.utf8)
        guard !added.isEmpty else { return bytes.isEmpty ? [] : [.text(text)] }
        let firsts = Set(added.map { $0.bytes[0] })
        var pieces: [Piece] = []
        var segmentStart = 0
        var i = 0
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
        while i < bytes.count {
            guard firsts.contains(bytes[i]),
                let match = added.first(where: {
                    i + $0.bytes.count <= bytes.count && bytes[i..<i + $0.bytes.count].elementsEqual($0.bytes)
                })
            else {
                i += 1
                continue
            }
            var textEnd = i
            if match.token.lstrip { while textEnd > segmentStart, isSpace(bytes[textEnd - 1]) { textEnd -= 1 } }
            if segmentStart < textEnd {
                pieces.append(.text(String(decoding: bytes[segmentStart..<textEnd], as: UTF8.self)))
            }
            pieces.append(.added(match.token.id))
            i += match.bytes.count
            if match.token.rstrip { while i < bytes.count, isSpace(bytes[i]) { i += 1 } }
            segmentStart = i
        }
        if segmentStart < bytes.count {
            pieces.append(.text(String(decoding: bytes[segmentStart..<bytes.count], as: UTF8.self)))
        }
        return pieces
    }
}
