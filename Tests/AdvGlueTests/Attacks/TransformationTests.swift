import AdvGlueAttacks
import AdvGlueSupport
import AdvGlueText
import AdvGlueWordNet
import Testing

@Suite("Synonym, homoglyph and invisible transformations")
struct TransformationTests {
    @Test func synonymsAreInflectedLikeTheOriginal() throws {
        let wordnet = try #require(try? WordNet.locate(), "WordNet 3.0 is missing: run scripts/setup.sh")
        let synonym = WordNetSynonym(wordnet: wordnet)
        #expect(synonym.replacements(for: "movies").map(\.text).contains("films"))
        #expect(synonym.replacements(for: "Awful").map(\.text).contains("Dreadful"))
        #expect(!synonym.replacements(for: "movies").map(\.text).contains("film"))
        let agreement = PartOfSpeechAgreement(wordnet: wordnet)
        #expect(agreement.partsOfSpeech(of: "films").contains(.noun))
    }

    @Test(arguments: ["mood", "paypal", "HOUSE", "scope", "ocean"])
    func homoglyphsKeepTheSkeleton(_ word: String) throws {
        let variants = try HomoglyphTableTests.homoglyph().variants(of: word)
        #expect(!variants.isEmpty, "no look-alikes for \(word)")
        let skeleton = try Confusables.skeleton(word)
        for variant in variants {
            #expect(variant != word)
            #expect(try Confusables.skeleton(variant) == skeleton)
            #expect(variant.count == word.count)
            // Exactly one character differs, and it is not ASCII.
            let differing = zip(variant, word).filter { $0 != $1 }
            #expect(differing.count == 1 && !differing[0].0.isASCII)
        }
    }

    @Test func invisibleCharactersHideInsideWords() {
        let variants = InvisibleCharacter().variants(of: "film")
        #expect(variants.count == 4 * 3)
        for (text, kind) in variants {
            #expect(text != "film")
            let visible = String(
                String.UnicodeScalarView(
                    text.unicodeScalars.filter {
                        !$0.properties.isDefaultIgnorableCodePoint && $0.properties.generalCategory != .format
                    }))
            if kind == .bidiOverride {
                #expect(text.unicodeScalars.contains("\u{202E}") && text.unicodeScalars.contains("\u{202C}"))
            } else {
                #expect(visible == "film")
            }
        }
        #expect(InvisibleCharacter().variants(of: "a").isEmpty)
    }
}
