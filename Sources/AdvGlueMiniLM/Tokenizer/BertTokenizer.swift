/// Token ids and segment (token type) ids of one encoded input, special tokens included.
public struct Encoding: Sendable, Hashable {
    public var ids: [Int32]
    public var typeIds: [Int32]

    public init(ids: [Int32], typeIds: [Int32]) {
        precondition(ids.count == typeIds.count, "one type id per token")
        self.ids = ids
        self.typeIds = typeIds
    }

    public var count: Int { ids.count }
}

/// BERT's full tokenizer: special tokens kept whole, the uncased basic tokenizer, WordPiece,
/// then `[CLS] A [SEP]` or `[CLS] A [SEP] B [SEP]` (type ids 0 for A, 1 for B), truncated
/// to a maximum length as the reference's `longest_first` strategy does.
///
/// ```swift
/// let tokenizer = BertTokenizer(vocabulary: vocabulary)
/// tokenizer.encode("A fine film.", maxLength: 256).ids // [101, 1037, 2986, 2143, 1012, 102]
/// ```
/// Complexity: O(n) in the length of the text.
public struct BertTokenizer: Sendable {
    public let vocabulary: WordPiece
    public let cls: Int32
    public let sep: Int32
    public let pad: Int32
    /// Special tokens found verbatim in raw text become their ids, as in the reference
    /// (its added tokens are matched before normalisation).
    let specials: [(text: [UInt8], id: Int32)]

    public init(vocabulary: WordPiece) {
        self.vocabulary = vocabulary
        cls = vocabulary.id(of: "[CLS]")!
        sep = vocabulary.id(of: "[SEP]")!
        pad = vocabulary.id(of: "[PAD]")!
        specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"].compactMap { token in
            vocabulary.id(of: token).map { (Array(token.utf8), $0) }
        }
    }

    /// Word-piece ids of `text`, without special tokens or truncation.
    public func tokenize(_ text: String) -> [Int32] {
        var ids: [Int32] = []
        for piece in splitSpecials(text) {
            switch piece {
            case .special(let id): ids.append(id)
            case .text(let segment):
                for word in BasicTokenizer.words(segment) { ids.append(contentsOf: vocabulary.pieces(of: word)) }
            }
        }
        return ids
    }

    /// `[CLS] text [SEP]`, at most `maxLength` tokens (the text's tail is cut).
    public func encode(_ text: String, maxLength: Int) -> Encoding {
        precondition(maxLength >= 2, "room for [CLS] and [SEP]")
        let ids = Array(tokenize(text).prefix(maxLength - 2))
        return Encoding(ids: [cls] + ids + [sep], typeIds: Array(repeating: 0, count: ids.count + 2))
    }

    /// `[CLS] a [SEP] b [SEP]`, at most `maxLength` tokens. An empty `b` gives the
    /// single-text encoding of `a`, as the reference's tokenizer call does (transformers
    /// treats an empty `text_pair` as none).
    public func encode(_ a: String, _ b: String, maxLength: Int) -> Encoding {
        if b.isEmpty { return encode(a, maxLength: maxLength) }
        precondition(maxLength >= 3, "room for [CLS] and two [SEP]")
        let idsA = tokenize(a)
        let idsB = tokenize(b)
        let (lengthA, lengthB) = Self.truncatedLengths(idsA.count, idsB.count, budget: maxLength - 3)
        let first = idsA.prefix(lengthA)
        let second = idsB.prefix(lengthB)
        return Encoding(
            ids: [cls] + first + [sep] + second + [sep],
            typeIds: Array(repeating: 0, count: first.count + 2) + Array(repeating: 1, count: second.count + 1))
    }

    /// The reference's `longest_first` lengths for a pair (Hugging Face tokenizers'
    /// legacy algorithm, kept as is): the shorter side keeps what it can, the longer one
    /// gets the rest, and if both are too long each gets half.
    static func truncatedLengths(_ a: Int, _ b: Int, budget: Int) -> (Int, Int) {
        guard a + b > budget else { return (a, b) }
        var n1 = a
        var n2 = b
        let swapped = n1 > n2
        if swapped { swap(&n1, &n2) }
        n2 = n1 > budget ? n1 : max(n1, budget - n1)
        if n1 + n2 > budget {
            n1 = budget / 2
            n2 = n1 + budget % 2
        }
        if swapped { swap(&n1, &n2) }
        return (min(a, n1), min(b, n2))
    }

    enum Piece {
        case text(String)
        case special(Int32)
    }

    /// Splits raw text at verbatim special tokens such as `[MASK]`.
    func splitSpecials(_ text: String) -> [Piece] {
        let bytes = Array(text.utf8)
        guard bytes.contains(UInt8(ascii: "[")) else { return [.text(text)] }
        var pieces: [Piece] = []
        var start = 0
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "["),
                let special = specials.first(where: {
                    i + $0.text.count <= bytes.count && bytes[i..<i + $0.text.count].elementsEqual($0.text)
                })
            {
                if start < i { pieces.append(.text(String(decoding: bytes[start..<i], as: UTF8.self))) }
                pieces.append(.special(special.id))
                i += special.text.count
                start = i
            } else {
                i += 1
            }
        }
        if start < bytes.count { pieces.append(.text(String(decoding: bytes[start..<bytes.count], as: UTF8.self))) }
        return pieces
    }
}
