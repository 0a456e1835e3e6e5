import AdvGlueMiniLM
import AdvGlueSupport
import Foundation

/// Unit-length word vectors for the `word-embedding-similarity` filter: GloVe 6B 50d
/// (Pennington et al., EMNLP 2014) for the words of Debian's word list, lower-cased, written
/// by `scripts/lexicons/glove_vectors.py` as `glove-6b-50d.safetensors` (tensor `vectors`,
/// float16, one row per word) and `glove-6b-50d-words.txt` (row i's word on line i + 1).
///
/// ```swift
/// let vectors = try WordVectors.load(vectors: folder.appending(path: "glove-6b-50d.safetensors"),
///                                    words: folder.appending(path: "glove-6b-50d-words.txt"))
/// vectors.cosine("movie", "film")   // 0.93
/// vectors.cosine("job", "occupation")   // 0.36
/// ```
/// Complexity: O(n·d) to load n words of d dimensions; O(d) per cosine.
public struct WordVectors: Sendable {
    let rows: [String: Int]
    let values: [Float]
    public let dimensions: Int

    public var count: Int { rows.count }

    /// The cosine of two words' vectors; nil when either is unknown. Case is ignored.
    public func cosine(_ a: String, _ b: String) -> Double? {
        guard let i = rows[a.lowercased()], let j = rows[b.lowercased()] else { return nil }
        var dot: Float = 0
        for k in 0..<dimensions { dot += values[i * dimensions + k] * values[j * dimensions + k] }
        return Double(dot)
    }

    /// Reads the two files; a missing file, a shape that disagrees with the word count or a
    /// repeated word is an error naming the file.
    public static func load(vectors: URL, words: URL) throws(AdvGlueError) -> WordVectors {
        guard let text = try? String(contentsOf: words, encoding: .utf8) else {
            throw AdvGlueError(
                .notFound, "cannot read the word list of the word vectors",
                hint: "regenerate it with scripts/lexicons/glove_vectors.py", at: .file(words.path))
        }
        let list = text.split(separator: "\n").map(String.init)
        let file = try SafeTensors(url: vectors)
        guard let info = file.tensors["vectors"], info.shape.count == 2, info.shape[0] == list.count else {
            throw AdvGlueError(
                .badData,
                "expected a tensor 'vectors' of \(list.count) rows, one per word of \(words.lastPathComponent)",
                hint: "regenerate both with scripts/lexicons/glove_vectors.py", at: .file(vectors.path))
        }
        var rows: [String: Int] = [:]
        rows.reserveCapacity(list.count)
        for (row, word) in list.enumerated() where rows.updateValue(row, forKey: word) != nil {
            throw AdvGlueError(.badData, "'\(word)' appears twice", at: .file(words.path, line: row + 1))
        }
        return WordVectors(
            rows: rows, values: try file.widenedFloats("vectors", shape: info.shape), dimensions: info.shape[1])
    }
}
