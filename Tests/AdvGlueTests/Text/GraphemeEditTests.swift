import Testing

@testable import AdvGlueText

@Suite("Grapheme-safe character edits")
struct GraphemeEditTests {
    static let words = ["👍🏽ok👍🏽", "🇫🇷🇯🇵🇺🇸", "e\u{301}te\u{301}", "한국어", "naïve", "👩‍💻code", "ab", "ก่อน", "1️⃣2️⃣"]

    /// Every edit of every cluster position yields clusters that were all in the word
    /// (or the inserted one): no cluster is ever split or merged.
    @Test(arguments: words)
    func editsNeverSplitAClusterPosition(_ word: String) {
        let clusters = Array(word)
        let originals = Set(clusters.map(String.init))
        for i in clusters.indices {
            let deleted = GraphemeEdits.deleting(word, at: i)
            #expect(deleted.count == clusters.count - 1)
            #expect(Set(Array(deleted).map(String.init)).isSubset(of: originals))
            let replaced = GraphemeEdits.replacing(word, at: i, with: "x")
            #expect(replaced.count == clusters.count)
            #expect(Array(replaced)[i] == "x")
            let inserted = GraphemeEdits.inserting("x", into: word, at: i)
            #expect(inserted.count == clusters.count + 1)
            if i + 1 < clusters.count {
                let swapped = GraphemeEdits.swapping(word, at: i)
                #expect(swapped.count == clusters.count)
                #expect(Array(swapped).map(String.init).sorted() == clusters.map(String.init).sorted())
            }
        }
    }

    @Test func unicodeScalarsOfAnEmojiStayTogether() {
        let swapped = GraphemeEdits.swapping("a👍🏽", at: 0)
        #expect(swapped == "👍🏽a")
        #expect(swapped.unicodeScalars.count == 3)
    }
}
