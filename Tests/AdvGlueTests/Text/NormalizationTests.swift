import Testing

@testable import AdvGlueText

@Suite("Normalised look-up keys")
struct NormalizationTests {
    @Test(arguments: [
        ("FILM", "film"), ("Ｆｉｌｍ", "film"), ("ﬁlm", "film"), ("Straße", "strasse"), ("CAFÉ", "café"),
        ("cafe\u{301}", "café"), ("Ⅸ", "ix"), ("film", "film"), ("ΣΊΣΥΦΟΣ", "σίσυφοσ"), ("Don\u{2019}t", "don't"),
    ])
    func keysAreNFKCCaseFolded(_ input: String, _ expected: String) {
        #expect(Normalization.key(input) == expected)
    }

    @Test func nfcComposes() {
        #expect(Normalization.nfc("e\u{301}") == "\u{E9}")
        #expect(Normalization.nfc("ﬁ") == "ﬁ")  // NFC keeps compatibility characters
        #expect(Normalization.isNFC("plain ascii"))
        #expect(!Normalization.isNFC("e\u{301}"))
    }

    @Test func wordTokensCarryTheirKey() throws {
        let text = try SegmentedText("The FILM was Ｇｒｅａｔ")
        #expect(text.words.map(\.key) == ["the", "film", "was", "great"])
    }

    @Test func confusableSkeletonsMatchLookAlikes() throws {
        // Latin "paypal" and one with a Cyrillic "а" (U+0430) look the same.
        #expect(try Confusables.skeleton("paypal") == Confusables.skeleton("p\u{430}yp\u{430}l"))
        #expect(try Confusables.skeleton("film") != Confusables.skeleton("firm"))
    }
}
