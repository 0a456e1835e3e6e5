import Testing

@testable import AdvGlueText

@Suite("Rendering with replaced words")
struct RenderingTests {
    static let texts = [
        "a  \"dull\" , boring\tfilm .",
        "It's (really) *great* | `code` <b>bold</b>",
        "  leading spaces and trailing  \n",
        "Thé café — naïve résumé, 12.5% off!",
        "東京は 素晴らしい 映画 です",
        "emoji 👍🏽 stays 🇫🇷 where it was",
        "line one\r\nline two\nline three",
        "ฉันชอบหนังเรื่องนี้มาก",
    ]

    /// Replaces every word with a marker and checks that the characters between words
    /// are byte-for-byte those of the original.
    @Test(arguments: texts)
    func everyOtherByteIsUnchanged(_ text: String) throws {
        let segmented = try SegmentedText(text)
        for index in segmented.words.indices {
            let rendered = segmented.replacing([index: "XyZ"])
            let word = segmented.words[index]
            let prefix = text[..<word.range.lowerBound]
            let suffix = text[word.range.upperBound...]
            #expect(rendered.utf8.elementsEqual((String(prefix) + "XyZ" + String(suffix)).utf8))
        }
    }

    @Test(arguments: texts)
    func replacingAllWordsKeepsTheSkeleton(_ text: String) throws {
        let segmented = try SegmentedText(text)
        let replacements = Dictionary(uniqueKeysWithValues: segmented.words.indices.map { ($0, "w") })
        let rendered = segmented.replacing(replacements)
        var expected = ""
        for segment in segmented.segments { expected += segment.kind.isWord ? "w" : String(text[segment.range]) }
        #expect(rendered == expected)
    }

    @Test func noReplacementReturnsTheTextUnchanged() throws {
        let text = "e\u{301}  decomposed stays decomposed"
        #expect(try SegmentedText(text).replacing([:]).utf8.elementsEqual(text.utf8))
    }

    @Test func replacementsAreNFC() throws {
        let rendered = try SegmentedText("a cafe here").replacing([1: "cafe\u{301}"])
        #expect(rendered == "a caf\u{E9} here")
        #expect(Normalization.isNFC(rendered))
    }

    @Test func multiFieldInputsReplaceByPosition() throws {
        let input = TextInput([("premise", "The cat sat."), ("hypothesis", "A cat is sitting.")])
        let segmented = try SegmentedInput(input)
        #expect(segmented.wordCount == 7)
        let output = segmented.replacing([WordPosition(field: 1, word: 1): "dog"])
        #expect(output["premise"] == "The cat sat.")
        #expect(output["hypothesis"] == "A dog is sitting.")
    }

    @Test func deletingAWordTakesOneSpaceWithIt() throws {
        let segmented = try SegmentedInput(TextInput([("sentence", "a dull film .")]))
        #expect(segmented.deleting(WordPosition(field: 0, word: 1))["sentence"] == "a film .")
        #expect(segmented.deleting(WordPosition(field: 0, word: 0))["sentence"] == "dull film .")
    }
}
