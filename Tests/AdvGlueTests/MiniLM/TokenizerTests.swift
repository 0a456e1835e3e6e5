import Foundation
import Testing

@testable import AdvGlueMiniLM

/// Tokenizer behaviour that does not need the model's vocabulary file.
@Suite("BERT tokenizer")
struct TokenizerTests {
    static let vocabulary = try! WordPiece(
        tokens: [
            "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "un", "##aff", "##able", "a", "film", ",", "!", "the",
            "東", "京", "cafe", "hello",
        ], file: "test-vocab")
    static let tokenizer = BertTokenizer(vocabulary: vocabulary)

    @Test func basicTokenizerCleansSplitsLowercasesAndStripsAccents() {
        #expect(
            BasicTokenizer.words("Héllo, WORLD!").map { String(String.UnicodeScalarView($0)) } == [
                "hello", ",", "world", "!",
            ])
        #expect(BasicTokenizer.words("東京").count == 2)
        #expect(BasicTokenizer.words("zero\u{200B}width").map { String(String.UnicodeScalarView($0)) } == ["zerowidth"])
        #expect(BasicTokenizer.words("a\u{3000}b\u{00A0}c").count == 3)
        #expect(BasicTokenizer.words("").isEmpty)
        // NFD splits İ into I + U+0307, which accent stripping drops before lower-casing.
        #expect(BasicTokenizer.words("İ").map { String(String.UnicodeScalarView($0)) } == ["i"])
    }

    @Test func wordPieceIsGreedyLongestMatchFirst() {
        #expect(Self.vocabulary.pieces(of: Array("unaffable".unicodeScalars)) == [5, 6, 7])
        #expect(Self.vocabulary.pieces(of: Array("unknowable".unicodeScalars)) == [1])
        #expect(Self.vocabulary.pieces(of: Array(String(repeating: "a", count: 101).unicodeScalars)) == [1])
    }

    @Test func specialTokensInRawTextAreKept() {
        #expect(Self.tokenizer.tokenize("the [MASK] film") == [12, 4, 9])
        #expect(Self.tokenizer.tokenize("the [mask]") == [12, 1, 1, 1])  // [ mask ] in lower case is plain text
    }

    @Test func singleEncodingTruncatesTheTail() {
        let encoding = Self.tokenizer.encode("a film a film a film", maxLength: 5)
        #expect(encoding.ids == [2, 8, 9, 8, 3])
        #expect(encoding.typeIds == [0, 0, 0, 0, 0])
    }

    @Test func pairEncodingMarksTheSecondSegment() {
        let encoding = Self.tokenizer.encode("a film", "the film !", maxLength: 64)
        #expect(encoding.ids == [2, 8, 9, 3, 12, 9, 11, 3])
        #expect(encoding.typeIds == [0, 0, 0, 0, 1, 1, 1, 1])
    }

    /// Hugging Face tokenizers' longest_first lengths, worked out by hand.
    @Test(arguments: [
        (5, 300, 253, 5, 248), (300, 5, 253, 248, 5), (200, 200, 253, 126, 127), (10, 10, 253, 10, 10),
        (300, 300, 125, 62, 63), (1, 1, 1, 0, 1),
    ])
    func longestFirstTruncation(_ a: Int, _ b: Int, _ budget: Int, _ expectedA: Int, _ expectedB: Int) {
        let (lengthA, lengthB) = BertTokenizer.truncatedLengths(a, b, budget: budget)
        #expect(lengthA == expectedA && lengthB == expectedB)
    }
}
