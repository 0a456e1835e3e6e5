import AdvGlueSupport
import Foundation

/// Byte-level BPE (Sennrich et al., ACL 2016, over GPT-2's byte characters): a
/// vocabulary of token strings and a ranked list of merges. A pre-tokenized piece starts
/// as its byte characters, and the adjacent pair with the lowest merge rank is joined
/// until no listed pair remains; each resulting string is one token.
///
/// Reads `vocab.json` (token → id) and `merges.txt` (`#version` line, then one `a b` pair
/// per line), or the same from a `tokenizer.json` whose model is BPE.
///
/// ```swift
/// let bpe = try BytePairEncoding(folder: checkpoint)
/// bpe.ids(of: ByteLevelPreTokenizer.mapped(" lower"))  // e.g. the id of "Ġlower"
/// ```
/// Complexity: O(m²) per piece of m bytes (pieces are words).
public struct BytePairEncoding: Sendable {
    public let vocabulary: [String: Int32]
    /// The rank of each mergeable pair, keyed `a + " " + b`.
    let ranks: [String: Int]
    public let unknown: Int32?

    public init(vocabulary: [String: Int32], merges: [(String, String)], unknownToken: String = "<unk>") {
        self.vocabulary = vocabulary
        var ranks: [String: Int] = [:]
        // A pair listed twice keeps its last rank, as the reference's dictionary does.
        for (rank, (a, b)) in merges.enumerated() { ranks[a + " " + b] = rank }
        self.ranks = ranks
        unknown = vocabulary[unknownToken]
    }

    /// The tokenizer files of a checkpoint folder: `vocab.json` and `merges.txt`, else `tokenizer.json`.
    public init(folder: URL) throws(AdvGlueError) {
        let vocabFile = folder.appending(path: "vocab.json")
        let mergesFile = folder.appending(path: "merges.txt")
        if FileManager.default.fileExists(atPath: vocabFile.path),
            FileManager.default.fileExists(atPath: mergesFile.path)
        {
            let vocabulary = try Self.vocabulary(Self.object(vocabFile), file: vocabFile.path)
            guard let text = try? String(contentsOf: mergesFile, encoding: .utf8) else {
                throw AdvGlueError(.badData, "cannot read as UTF-8 text", at: .file(mergesFile.path))
            }
            var merges: [(String, String)] = []
            // isNewline: "\r\n" is one Character in Swift, so splitting at "\n" alone misses it.
            for (number, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
                .enumerated()
            {
                if line.hasPrefix("#version") || line.isEmpty { continue }
                let parts = line.split(separator: " ", omittingEmptySubsequences: false)
                guard parts.count == 2 else {
                    throw AdvGlueError(
                        .badData, "a merge must be two tokens separated by one space",
                        at: .file(mergesFile.path, line: number + 1))
                }
                merges.append((String(parts[0]), String(parts[1])))
            }
            self.init(vocabulary: vocabulary, merges: merges)
            return
        }
        let tokenizerFile = folder.appending(path: "tokenizer.json")
        guard FileManager.default.fileExists(atPath: tokenizerFile.path) else {
            throw AdvGlueError(
                .notFound,
                "the checkpoint has no byte-level BPE tokenizer (vocab.json and merges.txt, or tokenizer.json)",
                hint: "save the tokenizer beside the model (tokenizer.save_pretrained(DIR))", at: .file(vocabFile.path))
        }
        let object = try Self.object(tokenizerFile)
        guard let model = object["model"] as? [String: Any], (model["type"] as? String) == "BPE",
            let rawMerges = model["merges"] as? [Any]
        else {
            throw AdvGlueError(
                .badData, "its model is not BPE with merges", at: .file(tokenizerFile.path, key: "model"))
        }
        let vocabulary = try Self.vocabulary(model["vocab"], file: tokenizerFile.path)
        var merges: [(String, String)] = []
        for merge in rawMerges {
            // Older files write a merge as "a b", newer ones as ["a", "b"].
            if let pair = merge as? [String], pair.count == 2 {
                merges.append((pair[0], pair[1]))
            } else if let text = merge as? String, case let parts = text.split(separator: " "), parts.count == 2 {
                merges.append((String(parts[0]), String(parts[1])))
            } else {
                throw AdvGlueError(
                    .badData, "a merge is not a pair: \(merge)", at: .file(tokenizerFile.path, key: "model.merges"))
            }
        }
        self.init(vocabulary: vocabulary, merges: merges)
    }

    /// The token ids of one pre-tokenized piece, given as its byte characters.
    ///
    /// The lowest-ranked pair is merged first, the leftmost of equals first, as the
    /// reference does; pairs wait in a heap and the parts form a linked list, so a piece of
    /// m bytes costs O(m log m) however long (a 100,000-letter "word" included).
    public func ids(of characters: [String]) -> [Int32] {
        guard characters.count > 1 else { return characters.compactMap { vocabulary[$0] ?? unknown } }
        var parts = characters
        var next = Array(1...parts.count)
        next[parts.count - 1] = -1
        var previous = Array(-1..<parts.count - 1)
        var alive = [Bool](repeating: true, count: parts.count)
        var heap = PairHeap()
        func push(_ left: Int) {
            let right = next[left]
            guard right >= 0, let rank = ranks[parts[left] + " " + parts[right]] else { return }
            heap.push((rank, left, parts[left].utf8.count + parts[right].utf8.count))
        }
        for i in 0..<parts.count - 1 { push(i) }
        while let (rank, left, length) = heap.pop() {
            let right = next[left]
            // Stale: the left part was merged away, or has grown since this pair was queued.
            guard alive[left], right >= 0, parts[left].utf8.count + parts[right].utf8.count == length,
                ranks[parts[left] + " " + parts[right]] == rank
            else { continue }
            parts[left] += parts[right]
            alive[right] = false
            next[left] = next[right]
            if next[right] >= 0 { previous[next[right]] = left }
            if previous[left] >= 0 { push(previous[left]) }
            push(left)
        }
        var ids: [Int32] = []
        var i = 0
        while i >= 0 {
            if let id = vocabulary[parts[i]] ?? unknown { ids.append(id) }
            i = next[i]
        }
        return ids
    }

    /// A binary min-heap of pairs by (rank, position of the left part).
    struct PairHeap {
        var items: [(rank: Int, left: Int, length: Int)] = []

        static func less(_ a: (rank: Int, left: Int, length: Int), _ b: (rank: Int, left: Int, length: Int)) -> Bool {
            (a.rank, a.left) < (b.rank, b.left)
        }

        mutating func push(_ item: (rank: Int, left: Int, length: Int)) {
            items.append(item)
            var child = items.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard Self.less(items[child], items[parent]) else { break }
                items.swapAt(child, parent)
                child = parent
            }
        }

        mutating func pop() -> (rank: Int, left: Int, length: Int)? {
            guard let top = items.first else { return nil }
            items[0] = items[items.count - 1]
            items.removeLast()
            var parent = 0
            while true {
                let left = 2 * parent + 1
                let right = left + 1
                var smallest = parent
                if left < items.count, Self.less(items[left], items[smallest]) { smallest = left }
                if right < items.count, Self.less(items[right], items[smallest]) { smallest = right }
                if smallest == parent { break }
                items.swapAt(parent, smallest)
                parent = smallest
            }
            return top
        }
    }

    static func object(_ url: URL) throws(AdvGlueError) -> [String: Any] {
        guard let data = FileManager.default.contents(atPath: url.path),
            let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        else {
            throw AdvGlueError(.badData, "not a JSON object", at: .file(url.path))
        }
        return object
    }

    static func vocabulary(_ value: Any?, file: String) throws(AdvGlueError) -> [String: Int32] {
        guard let map = value as? [String: Any] else {
            throw AdvGlueError(.badData, "the vocabulary is not a map of tokens to ids", at: .file(file))
        }
        var vocabulary: [String: Int32] = [:]
        for (token, id) in map {
            guard let id = (id as? NSNumber)?.int32Value else {
                throw AdvGlueError(.badData, "token '\(token)' has no whole-number id", at: .file(file))
            }
            vocabulary[token] = id
        }
        return vocabulary
    }
}
