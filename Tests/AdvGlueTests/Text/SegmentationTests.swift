import Testing

@testable import AdvGlueText

@Suite("ICU word segmentation")
struct SegmentationTests {
    func words(_ text: String) throws -> [String] {
        try SegmentedText(text).words.map { String($0.text) }
    }

    @Test func keepsContractionsAndNumbersWhole() throws {
        #expect(try words("isn't it naïve? 3.14 U.S.A café's") == ["isn't", "it", "naïve", "3.14", "U.S.A", "café's"])
    }

    @Test(arguments: [
        ("a well-crafted film", ["a", "well-crafted", "film"]),
        ("state-of-the-art", ["state-of-the-art"]),
        ("non\u{2011}stop 1-2 re\u{2010}make", ["non\u{2011}stop", "1-2", "re\u{2010}make"]),
        ("well - crafted", ["well", "crafted"]),
        ("well--crafted", ["well", "crafted"]),
        ("-well crafted-", ["well", "crafted"]),
        ("it 's a-", ["it", "s", "a"]),
    ])
    func joiningHyphensKeepsCompoundsWhole(_ text: String, _ expected: [String]) throws {
        let joined = try SegmentedText(text, segmentation: .joiningHyphens)
        #expect(joined.words.map { String($0.text) } == expected)
        #expect(joined.words.map(\.index) == Array(expected.indices))
        // Replacing a compound copies every other byte.
        if let compound = joined.words.firstIndex(where: { $0.text.contains("-") }) {
            let replaced = joined.replacing([compound: "X"])
            #expect(replaced == text.replacingOccurrences(of: String(joined.words[compound].text), with: "X"))
        }
    }

    @Test func icuSegmentationSplitsAtHyphens() throws {
        #expect(try words("a well-crafted film") == ["a", "well", "crafted", "film"])
    }

    @Test func segmentsChineseAndJapaneseWithDictionaries() throws {
        let japanese = try SegmentedText("東京は素晴らしい")
        #expect(japanese.words.count >= 2)
        #expect(japanese.words.map { String($0.text) }.joined() == "東京は素晴らしい")
        #expect(japanese.words.first?.text == "東京")
        #expect(try words("我喜欢这部电影").count >= 3)
    }

    @Test func segmentsThaiWithoutSpaces() throws {
        // "I like this movie very much": no spaces between Thai words.
        let thai = try words("ฉันชอบหนังเรื่องนี้มาก")
        #expect(thai.count >= 4)
        #expect(thai.contains("หนัง"))
        #expect(thai.joined() == "ฉันชอบหนังเรื่องนี้มาก")
    }

    @Test func emojiAreNotWords() throws {
        let text = try SegmentedText("great 👍🏽 film 🇯🇵")
        #expect(text.words.map { String($0.text) } == ["great", "film"])
        #expect(text.segments.map { String(text.text[$0.range]) }.joined() == "great 👍🏽 film 🇯🇵")
    }

    @Test(arguments: [
        "", "   ", "a", "Hello, world!", "  leading and trailing  ", "tabs\tand\nnewlines\r\n",
        "\"quoted\" 'single' «guillemets» „low“", "emoji 👩‍💻 zwj 👍🏽 flag 🇫🇷 keycap 1️⃣",
        "combining e\u{301} and precomposed é", "한국어 문장입니다", "العربية نص", "עברית טקסט",
        "\u{202E}bidi\u{202C} override",
        "ฉันชอบหนังเรื่องนี้มาก", "東京は素晴らしい", "ß ẞ ﬁ Ｆｕｌｌ",
    ])
    func segmentsCoverTheWholeText(_ text: String) throws {
        let segmented = try SegmentedText(text)
        let rebuilt = segmented.segments.map { String(text[$0.range]) }.joined()
        #expect(rebuilt.utf8.elementsEqual(text.utf8))
        for (a, b) in zip(segmented.segments, segmented.segments.dropFirst()) {
            #expect(a.range.upperBound == b.range.lowerBound)
        }
    }
}
