import AdvGlueSupport
import Foundation

/// WordPiece over BERT's `vocab.txt` (one token per line, id = line number from 0):
/// greedy longest-match-first, continuation pieces prefixed with `##`, and `[UNK]` for
/// a word with no complete segmentation or longer than 100 characters, as in the reference.
///
/// ```swift
/// let vocabulary = try WordPiece(vocabularyFile: folder.appending(path: "vocab.txt"))
/// vocabulary.pieces(of: Array("unaffable".unicodeScalars)) // ids of "una", "##ffa", "##ble"
/// ```
/// Complexity: O(w · m) look-ups for a word of w characters, m the longest token.
public struct WordPiece: Sendable {
    public let ids: [String: Int32]
    public let tokens: [String]
    public let unknown: Int32
    public let maxCharactersPerWord = 100
    /// The longest token in characters, without its `##`: no longer match is tried.
    let longestToken: Int

    public init(tokens: [String], file: String) throws(AdvGlueError) {
        var ids: [String: Int32] = [:]
        ids.reserveCapacity(tokens.count)
        for (i, token) in tokens.enumerated() where ids[token] == nil { ids[token] = Int32(i) }
        guard let unknown = ids["[UNK]"] else {
            throw AdvGlueError(
                .badData, "the vocabulary has no [UNK] token", hint: ModelLocation.installHint, at: .file(file))
        }
        for special in ["[CLS]", "[SEP]", "[PAD]"] where ids[special] == nil {
            throw AdvGlueError(
                .badData, "the vocabulary has no \(special) token", hint: ModelLocation.installHint, at: .file(file))
        }
        self.ids = ids
        self.tokens = tokens
        self.unknown = unknown
        self.longestToken =
            tokens.map { $0.hasPrefix("##") ? $0.unicodeScalars.count - 2 : $0.unicodeScalars.count }.max() ?? 1
    }

    public init(vocabularyFile url: URL) throws(AdvGlueError) {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw AdvGlueError(.notFound, "cannot read", hint: ModelLocation.installHint, at: .file(url.path))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw AdvGlueError(.badData, "not valid UTF-8", hint: ModelLocation.installHint, at: .file(url.path))
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            String($0.hasSuffix("\r") ? $0.dropLast() : $0)
        }
        if lines.last == "" { lines.removeLast() }
        try self.init(tokens: lines, file: url.path)
    }

    public func id(of token: String) -> Int32? { ids[token] }

    /// The ids of one word's pieces.
    public func pieces(of word: [Unicode.Scalar]) -> [Int32] {
        if word.count > maxCharactersPerWord { return [unknown] }
        var result: [Int32] = []
        var start = 0
        while start < word.count {
            var end = min(word.count, start + longestToken)
            var match: Int32?
            while start < end {
                var candidate = start > 0 ? "##" : ""
                candidate.unicodeScalars.append(contentsOf: word[start..<end])
                if let id = ids[candidate] {
                    match = id
                    break
                }
                end -= 1
            }
            guard let match else { return [unknown] }
            result.append(match)
            start = end
        }
        return result
    }
}
