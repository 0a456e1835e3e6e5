import AdvGlueAttacks
import AdvGlueCorpora
import AdvGlueSupport
import AdvGlueText
import Foundation
import Testing

/// The homoglyph table holds only pairs a reader cannot tell apart: each renders as the
/// same picture in six common fonts (the rendering check re-run here), keeps the UTS #39
/// skeleton, and keeps letter case; the transformation offers nothing else.
@Suite("Homoglyph table")
struct HomoglyphTableTests {
    static var tableURL: URL { Fixtures.resources.lexicons.appending(path: "homoglyphs.tsv") }

    static var contextsURL: URL { Fixtures.resources.lexicons.appending(path: "homoglyph-contexts.tsv") }

    static func table() throws -> HomoglyphTable { try HomoglyphTable.load(tableURL) }

    static func contexts() throws -> HomoglyphContexts { try HomoglyphContexts.load(contextsURL) }

    /// The shipped transformation: the table and its contexts.
    static func homoglyph() throws -> Homoglyph { Homoglyph(table: try table(), contexts: try contexts()) }

    /// (latin, lookalike, similarity, width difference) of every row of the shipped table.
    static func rows() throws -> [(Character, Character, Double, Double)] {
        let text = try String(contentsOf: tableURL, encoding: .utf8)
        return try text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false)
            return (
                try #require(cells[0].first), try #require(cells[1].first), try #require(Double(cells[5])),
                try #require(Double(cells[6]))
            )
        }
    }

    @Test func everyPairKeepsTheSkeletonAndTheCase() throws {
        let rows = try Self.rows()
        #expect(rows.count >= 40)
        for (latin, lookalike, similarity, width) in rows {
            #expect(similarity >= 0.99 && width <= 0.01, "\(latin) → \(lookalike): the table records a failing pair")
            #expect(
                try Confusables.skeleton(String(lookalike)) == Confusables.skeleton(String(latin)),
                "\(latin) → \(lookalike)")
            #expect(
                latin.isUppercase == lookalike.isUppercase && latin.isLowercase == lookalike.isLowercase,
                "\(latin) → \(lookalike)")
            #expect(latin.isASCII && !lookalike.isASCII)
        }
    }

    /// Renders every pair again in the six fonts (scripts/homoglyphs/render_check.py):
    /// each must pass, with the figures the table records.
    @Test(ExternalFixtures.trait) func everyPairPassesTheRenderingCheck() throws {
        let process = Process()
        process.executableURL = ExternalFixtures.python
        process.arguments = ["scripts/homoglyphs/render_check.py", "check", Self.tableURL.path]
        process.currentDirectoryURL = Fixtures.packageRoot
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "a pair fails the rendering check (or the fonts or Pillow are missing)")
        let report = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let minimum = try #require(report["minSimilarity"] as? Double)
        let maximumWidth = try #require(report["maxWidthDifference"] as? Double)
        #expect(minimum >= 0.99 && maximumWidth <= 0.01)
        #expect((report["fonts"] as? [String])?.count == 6)
        let pairs = try #require(report["pairs"] as? [[String: Any]])
        let rows = try Self.rows()
        #expect(pairs.count == rows.count)
        for (pair, row) in zip(pairs, rows) {
            #expect(pair["latin"] as? String == String(row.0) && pair["lookalike"] as? String == String(row.1))
            #expect(pair["passes"] as? Bool == true, "\(row.0) → \(row.1)")
            #expect(pair["similarity"] as? Double == row.2, "\(row.0) → \(row.1): the table records \(row.2)")
            #expect(pair["widthDifference"] as? Double == row.3)
            #expect((pair["missingIn"] as? [String])?.isEmpty == true)
        }
    }

    /// Every variant of every word of the demo corpora replaces one letter by a table
    /// look-alike of the same case.
    @Test func replacementsComeFromTheTableAndKeepTheCase() throws {
        let table = try Self.table()
        let homoglyph = try Self.homoglyph()
        var checked = 0
        for task in [GlueTask.sst2, .mnli] {
            for example in try Fixtures.demo(task) {
                for field in example.input.fields {
                    for word in field.text.split(separator: " ").map(String.init) + [field.text.uppercased()] {
                        for variant in homoglyph.variants(of: word) {
                            let changed = zip(word, variant).filter { $0 != $1 }
                            #expect(changed.count == 1 && variant.count == word.count)
                            guard let (old, new) = changed.first else { continue }
                            #expect(table.lookalikes[old]?.contains(new) == true, "\(old) → \(new) in \(word)")
                            #expect(old.isUppercase == new.isUppercase && old.isLowercase == new.isLowercase)
                            checked += 1
                        }
                    }
                }
            }
        }
        #expect(checked > 1000)
    }

    /// The look-alikes a reader saw in the audit of the skeleton-only table are never offered.
    @Test(arguments: [
        ("attempt", "α"), ("predictable", "α"), ("moving", "σ"), ("refreshing", "ӏ"), ("help", "ԥ"), ("wow", "ѡ"),
        ("affecting", "ͺ"), ("lacks", "Ι"), ("Lacks", "Ι"), ("dull", "ӏ"),
    ])
    func lettersAReaderSawAreNeverOffered(_ word: String, _ visible: Character) throws {
        for variant in try Self.homoglyph().variants(of: word) {
            #expect(!variant.contains(visible), "\(variant)")
        }
    }

    /// A table saved with Windows line ends reads the same.
    @Test func crlfLineEndsAreRead() throws {
        let url = FileManager.default.temporaryDirectory.appending(path: "advglue-homoglyphs-\(UUID().uuidString).tsv")
        try Data("# comment\r\na\tа\tnote\r\nO\tО\r\n".utf8).write(to: url)
        #expect(try HomoglyphTable.load(url).lookalikes == ["a": ["а"], "O": ["О"]])
    }

    @Test(arguments: [
        ("a\tΑ\n", "changes letter case"),
        ("ab\tа\n", "one character each"),
        ("а\ta\n", "must be a Latin"),
        ("a\t€\n", "a letter of another script"),
        ("a\n", "one character each"),
    ])
    func malformedTablesAreRefusedNamingTheLine(_ text: String, _ problem: String) throws {
        let url = FileManager.default.temporaryDirectory.appending(path: "advglue-homoglyphs-\(UUID().uuidString).tsv")
        try Data(("# comment\n" + text).utf8).write(to: url)
        #expect {
            _ = try HomoglyphTable.load(url)
        } throws: { error in
            let error = error as? AdvGlueError
            return error?.code == .badConfig && error?.location?.line == 2 && error?.message.contains(problem) == true
        }
    }
}
