import AdvGlueAttacks
import AdvGlueCorpora
import AdvGlueSupport
import AdvGlueText
import Foundation
import Testing

/// A homoglyph is substituted only where no font kerns or joins the letter with its
/// neighbours differently from its look-alike: the places listed by the rendering check
/// (re-run here for a few letters) and any neighbour it did not check are refused.
@Suite("Homoglyph contexts")
struct HomoglyphContextsTests {
    /// (latin, lookalike, side, neighbour) of every place the shipped list names.
    static func places() throws -> [(Character, Character, HomoglyphContexts.Side, Character)] {
        let text = try String(contentsOf: HomoglyphTableTests.contextsURL, encoding: .utf8)
        return try text.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { line in
            let cells = line.split(separator: "\t").map(String.init)
            guard cells.count >= 4, let side = HomoglyphContexts.Side(rawValue: cells[2]) else { return nil }
            let scalar = try #require(UInt32(cells[3].dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init))
            return (try #require(cells[0].first), try #require(cells[1].first), side, Character(scalar))
        }
    }

    /// Kerning and ligatures the audit of rendered examples saw: "To" tucks the o under the
    /// T, "fi" is a ligature in DejaVu Serif, "Tu" is kerned.
    @Test(arguments: [
        ("Today", "о", false), ("film", "і", false), ("Tuesday", "Τ", false), ("Tuesday", "Т", false),
        ("mood", "о", true), ("loud", "о", true),
    ])
    func kernedPlacesAreNotSubstituted(_ word: String, _ lookalike: Character, _ offered: Bool) throws {
        let homoglyph = try HomoglyphTableTests.homoglyph()
        let variants = homoglyph.variants(of: word)
        switch word {
        case "Today": #expect(!variants.contains("Tоday"))
        case "film": #expect(!variants.contains("fіlm"))
        case "Tuesday": #expect(!variants.contains { $0.contains(lookalike) })
        default: #expect(variants.contains { $0.contains(lookalike) } == offered, "\(variants)")
        }
    }

    /// No variant of any word of the demo corpora puts a look-alike at a listed place.
    @Test func noVariantSitsAtAListedPlace() throws {
        let homoglyph = try HomoglyphTableTests.homoglyph()
        let places = try Self.places()
        #expect(places.count > 1000)
        let listed = Set(places.map { "\($0.0)\($0.1)\($0.2.rawValue)\($0.3)" })
        var checked = 0
        for task in [GlueTask.sst2, .mnli] {
            for example in try Fixtures.demo(task) {
                for field in example.input.fields {
                    for word in field.text.split(separator: " ").map(String.init) {
                        for variant in homoglyph.variants(of: word) {
                            let old = Array(word)
                            let new = Array(variant)
                            let i = try #require(old.indices.first { old[$0] != new[$0] })
                            if i > 0 {
                                #expect(!listed.contains("\(old[i])\(new[i])before\(old[i - 1])"), "\(variant)")
                            }
                            if i + 1 < old.count {
                                #expect(!listed.contains("\(old[i])\(new[i])after\(old[i + 1])"), "\(variant)")
                            }
                            checked += 1
                        }
                    }
                }
            }
        }
        #expect(checked > 500)
    }

    /// The characters around the word count: a first or last letter is kerned with them,
    /// and a neighbour the renderer never checked is refused.
    @Test func neighboursOutsideTheWordCount() throws {
        let contexts = try HomoglyphTableTests.contexts()
        #expect(!contexts.allows("o", "о", before: "T", after: "d"))
        #expect(contexts.allows("o", "о", before: "m", after: "d"))
        #expect(contexts.allows("o", "о", before: nil, after: nil))
        #expect(!contexts.allows("o", "о", before: "€", after: "d"), "€ was not checked")
        #expect(!contexts.allows("o", "о", before: "m", after: "o\u{301}"), "a combining mark was not checked")
        let homoglyph = try HomoglyphTableTests.homoglyph()
        #expect(homoglyph.variants(of: "ocean").contains { $0.first == "о" })
        #expect(!homoglyph.variants(of: "ocean", before: "€").contains { $0.first == "о" })
        #expect(!homoglyph.variants(of: "ocean", before: "T").contains { $0.first == "о" })
    }

    /// A look-alike followed by a space or punctuation would join their script run and end
    /// their kerning with the next letter: only the end of the text allows it.
    @Test func aLetterBeforeASpaceOrPunctuationChangesOnlyAtTheEnd() throws {
        let homoglyph = try HomoglyphTableTests.homoglyph()
        func changedIndices(_ word: String, after: Character?) -> Set<Int> {
            Set(
                homoglyph.variants(of: word, after: after).compactMap { variant in
                    zip(word, variant).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                })
        }
        #expect(changedIndices("hello", after: nil).contains(4), "at the end of the text the last o may change")
        #expect(!changedIndices("hello", after: " ").contains(4))
        #expect(!changedIndices("hello", after: ".").contains(4))
        #expect(!changedIndices("people's", after: nil).contains(5), "the e before the apostrophe")
        #expect(changedIndices("people's", after: nil).contains(1))
    }

    /// `candidates` reads the characters around the word in its text: the first o of
    /// "ocean" after "€" (a neighbour the renderer did not check) never changes; after a
    /// space it may.
    @Test func candidatesSeeTheTextAroundTheWord() throws {
        let homoglyph = try HomoglyphTableTests.homoglyph()
        let input = try SegmentedInput(TextInput([("sentence", "€ocean and ocean")]))
        let state = PerturbedInput(input)
        var rng = SplitMix64(seed: 1)
        func firstLetterChanges(at word: Int) -> Bool {
            homoglyph.candidates(for: state, at: WordPosition(field: 0, word: word), using: &rng)
                .contains { $0.replacement.first != "o" }
        }
        #expect(input.fields[0].words.map { String($0.text) } == ["ocean", "and", "ocean"])
        #expect(!firstLetterChanges(at: 0))
        #expect(firstLetterChanges(at: 2))
    }

    /// The rendering check re-run for a few letters (the whole list takes most of a
    /// minute): the places it finds are the ones shipped.
    @Test(ExternalFixtures.trait) func theListMatchesTheRenderer() throws {
        let letters = ["T", "o", "i", "P"]
        let process = Process()
        process.executableURL = ExternalFixtures.python
        process.arguments =
            ["scripts/homoglyphs/render_check.py", "contexts", HomoglyphTableTests.tableURL.path, "--only"] + letters
        process.currentDirectoryURL = Fixtures.packageRoot
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "the renderer failed (fonts or Pillow missing?)")
        func relevant(_ text: String) -> [Substring] {
            text.split(separator: "\n").filter { line in
                !line.hasPrefix("#")
                    && (letters.contains(String(line.prefix(1))) || line.hasPrefix("pairs")
                        || line.hasPrefix("neighbours"))
            }
        }
        let rendered = relevant(String(decoding: data, as: UTF8.self))
        let shipped = relevant(try String(contentsOf: HomoglyphTableTests.contextsURL, encoding: .utf8))
        #expect(rendered.count > 100)
        #expect(rendered == shipped, "regenerate with scripts/homoglyphs.sh")
    }

    @Test(arguments: [
        ("pairs\tU+0061>U+0430\nneighbours\tU+0020-U+007E\na\tа\tbeside\tU+0054\n", 4, "before|after"),
        ("pairs\tU+0061>U+0430\nneighbours\tU+007E-U+0020\n", 3, "range"),
        ("pairs\tU+0061\nneighbours\tU+0020-U+007E\n", 2, "pair"),
        ("a\tа\tbefore\tU+0054\n", nil, "no 'pairs'"),
    ])
    func malformedListsAreRefused(_ text: String, _ line: Int?, _ problem: String) throws {
        let url = FileManager.default.temporaryDirectory.appending(path: "advglue-contexts-\(UUID().uuidString).tsv")
        try Data(("# comment\n" + text).utf8).write(to: url)
        #expect {
            _ = try HomoglyphContexts.load(url)
        } throws: { error in
            let error = error as? AdvGlueError
            return error?.code == .badConfig && error?.location?.line == line
                && error?.message.contains(problem) == true
        }
    }

    /// A table whose pairs the list never checked is refused when the recipe loads.
    @Test func aRecipeWithAnUncheckedPairIsRefused() throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "advglue-hg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("a\tа\ny\tу\n".utf8).write(to: folder.appending(path: "table.tsv"))
        try FileManager.default.copyItem(
            at: HomoglyphTableTests.contextsURL, to: folder.appending(path: "homoglyph-contexts.tsv"))
        let recipe = folder.appending(path: "mine.yaml")
        let shipped = try String(
            contentsOf: Fixtures.packageRoot.appending(path: "Attacks/homoglyph.yaml"), encoding: .utf8)
        let text = shipped.replacingOccurrences(
            of: "  table: lexicons/homoglyphs.tsv", with: "  table: table.tsv\n  contexts: homoglyph-contexts.tsv")
        #expect(text != shipped)
        try Data(text.utf8).write(to: recipe)
        #expect {
            _ = try RecipeLoader.load(recipe, resources: Fixtures.resources)
        } throws: { error in
            let error = error as? AdvGlueError
            return error?.code == .badConfig && error?.message.contains("never checked") == true
        }
    }
}
