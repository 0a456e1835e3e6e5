/// What the encoder needs of a tokenizer: one text or a pair as token ids with the model's
/// special tokens, cut to a maximum length. ``BertTokenizer`` (WordPiece; BERT, MiniLM,
/// DistilBERT) and ``RobertaTokenizer`` (byte-level BPE) conform.
///
/// ```swift
/// let tokenizer: any SequenceTokenizer = BertTokenizer(vocabulary: vocabulary)
/// tokenizer.encode("A fine film.", "A good movie.", maxLength: 128).ids
/// ```
public protocol SequenceTokenizer: Sendable {
    /// One text with the model's special tokens, at most `maxLength` tokens.
    func encode(_ text: String, maxLength: Int) -> Encoding
    /// A pair with the model's special tokens, cut longest-first to `maxLength` tokens.
    func encode(_ a: String, _ b: String, maxLength: Int) -> Encoding
}

extension BertTokenizer: SequenceTokenizer {}
