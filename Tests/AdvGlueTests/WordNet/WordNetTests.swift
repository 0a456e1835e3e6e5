import AdvGlueSupport
import AdvGlueWordNet
import Foundation
import Testing

/// WordNet 3.0 comes from Debian's wordnet-base (scripts/setup.sh installs it).
@Suite("WordNet database and inflection")
struct WordNetTests {
    static let wordnet: WordNet? = try? WordNet.locate()

    func wordnet() throws -> WordNet {
        try #require(Self.wordnet, "WordNet 3.0 is missing: run scripts/setup.sh (apt-get install wordnet-base)")
    }

    @Test(arguments: [
        ("geese", PartOfSpeech.noun, "goose"), ("movies", .noun, "movie"), ("churches", .noun, "church"),
        ("went", .verb, "go"), ("walking", .verb, "walk"), ("makes", .verb, "make"), ("better", .adjective, "good"),
        ("Awful", .adjective, "awful"), ("women", .noun, "woman"),
    ])
    func morphyFindsLemmas(_ word: String, _ pos: PartOfSpeech, _ lemma: String) throws {
        #expect(try wordnet().lemmas(of: word, as: pos).contains(lemma))
    }

    @Test func knownSynsets() throws {
        let wn = try wordnet()
        let movie = try wn.synonyms(of: "movie", as: .noun).map(\.word)
        #expect(movie.contains("film") && movie.contains("flick"))
        #expect(!movie.contains("movie"))
        #expect(!movie.contains { $0.contains(" ") })
        #expect(try wn.synonyms(of: "movie", as: .noun, multiWord: true).map(\.word).contains("motion picture"))
        #expect(try wn.synonyms(of: "awful", as: .adjective).map(\.word).contains("dreadful"))
        #expect(try wn.synsets(of: "dog", as: .noun).contains { $0.contains("domestic dog") })
        #expect(try wn.lemmas(of: "qwzx", as: .noun).isEmpty)
    }

    @Test func missingDatabaseIsAClearError() {
        #expect(throws: AdvGlueError.self) { try WordNet(folder: URL(filePath: "/nonexistent")) }
        do {
            _ = try WordNet.locate(environment: ["WNHOME": "/nonexistent"])
            if !FileManager.default.fileExists(atPath: "/usr/share/wordnet/index.noun") {
                Issue.record("located a missing WordNet")
            }
        } catch {
            #expect(error.description.contains("apt-get install wordnet-base"))
        }
        do {
            _ = try WordNet(folder: URL(filePath: "/nonexistent"))
        } catch {
            #expect(error.description.contains("/nonexistent: no WordNet database"))
        }
    }

    @Test(arguments: [
        ("film", "movies", "movie", PartOfSpeech.noun, "films"), ("dreadful", "Awful", "awful", .adjective, "Dreadful"),
        ("stroll", "walked", "walk", .verb, "strolled"), ("stroll", "walking", "walk", .verb, "strolling"),
        ("make", "takes", "take", .verb, "makes"), ("glass", "cups", "cup", .noun, "glasses"),
        ("story", "tales", "tale", .noun, "stories"),
        ("picture", "MOVIE", "movie", .noun, "PICTURE"), ("save", "keeping", "keep", .verb, "saving"),
    ])
    func inflectionRoundTrips(
        _ synonym: String, _ word: String, _ lemma: String, _ pos: PartOfSpeech, _ expected: String
    ) {
        let inflected = Inflection.inflect(synonym, like: word, lemma: lemma, pos: pos)
        #expect(inflected == expected)
        // The inflected synonym relates to its lemma as the original did to its own.
        #expect(
            Inflection.form(of: expected, lemma: synonym, pos: pos) == Inflection.form(of: word, lemma: lemma, pos: pos)
        )
    }

    @Test func irregularFormsAreNotGuessed() {
        #expect(Inflection.inflect("travel", like: "went", lemma: "go", pos: .verb) == nil)
        #expect(Inflection.inflect("fine", like: "better", lemma: "good", pos: .adjective) == nil)
    }
}
