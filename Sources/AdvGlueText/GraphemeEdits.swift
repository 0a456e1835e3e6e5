/// Character-level edits that work on extended grapheme clusters, so that an edit
/// never splits an emoji with a skin-tone modifier, a flag, a letter with combining
/// accents or a Hangul syllable.
///
/// ```swift
/// GraphemeEdits.swapping("café", at: 2)          // "caéf"
/// GraphemeEdits.deleting("👍🏽ok", at: 0)         // "ok"
/// ```
/// Complexity: O(n) in the number of grapheme clusters.
public enum GraphemeEdits {
    /// Swaps the clusters at `offset` and `offset + 1`.
    public static func swapping(_ word: String, at offset: Int) -> String {
        var clusters = Array(word)
        precondition(offset >= 0 && offset + 1 < clusters.count, "swap offset \(offset) out of range")
        clusters.swapAt(offset, offset + 1)
        return String(clusters)
    }

    /// Removes the cluster at `offset`.
    public static func deleting(_ word: String, at offset: Int) -> String {
        var clusters = Array(word)
        precondition(clusters.indices.contains(offset), "delete offset \(offset) out of range")
        clusters.remove(at: offset)
        return String(clusters)
    }

    /// Inserts `character` before the cluster at `offset` (`offset == count` appends).
    public static func inserting(_ character: Character, into word: String, at offset: Int) -> String {
        var clusters = Array(word)
        precondition(offset >= 0 && offset <= clusters.count, "insert offset \(offset) out of range")
        clusters.insert(character, at: offset)
        return String(clusters)
    }

    /// Replaces the cluster at `offset` with `character`.
    public static func replacing(_ word: String, at offset: Int, with character: Character) -> String {
        var clusters = Array(word)
        precondition(clusters.indices.contains(offset), "replace offset \(offset) out of range")
        clusters[offset] = character
        return String(clusters)
    }
}
