import AdvGlueAttacks
import AdvGlueCorpora
import AdvGlueResults
import AdvGlueSupport
import Foundation
import Testing

/// The pieces `advglue validate` and the human-validation round trip stand on.
@Suite("Validation tools")
struct ValidationToolsTests {
    @Test func csvReaderReadsQuotesLineBreaksAndCRLF() throws {
        let text = "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\nplain,,end\n"
        let table = try CSVReader.parse(text, file: "t.csv")
        #expect(table.header == ["a", "b", "c"])
        #expect(table.rows.count == 2)
        #expect(table.rows[0].cells == ["a": "x, y", "b": "say \"hi\"", "c": "two\nlines"])
        #expect(table.rows[1].line == 4 && table.rows[1].cells["b"] == "")
        #expect(throws: AdvGlueError.self) { try CSVReader.parse("a,b\n1,2,3\n", file: "t.csv") }
        #expect(throws: AdvGlueError.self) { try CSVReader.parse("a\n\"open\n", file: "t.csv") }
    }

    @Test func wordAlignmentFindsTheChangedRuns() {
        let runs = WordAlignment.runs(["a", "fine", "film", "today"], ["A", "fne", "film", "now", "today"])
        #expect(
            runs == [
                .equal(0..<1, 0..<1), .changed(1..<2, 1..<2), .equal(2..<3, 2..<3), .changed(3..<3, 3..<4),
                .equal(3..<4, 4..<5),
            ])
        #expect(WordAlignment.runs([], ["x"]) == [.changed(0..<0, 0..<1)])
        #expect(WordAlignment.runs(["x", "y"], ["x", "y"]) == [.equal(0..<2, 0..<2)])
    }

    /// Cohen's kappa against hand-computed values.
    @Test func kappa() throws {
        // 20 pairs: both yes 10, both no 5, filters yes & people no 3, filters no & people yes 2:
        // observed 0.75, expected 0.65 · 0.6 + 0.35 · 0.4 = 0.53, kappa = 0.22 / 0.47.
        let pairs =
            Array(repeating: (true, true), count: 10) + Array(repeating: (false, false), count: 5)
            + Array(repeating: (true, false), count: 3) + Array(repeating: (false, true), count: 2)
        let kappa = try #require(HumanValidationFile.kappa(pairs.map { (filters: $0.0, people: $0.1) }))
        #expect(abs(kappa - 0.22 / 0.47) < 1e-12)
        #expect(HumanValidationFile.kappa([(true, true), (false, false)].map { (filters: $0.0, people: $0.1) }) == 1)
        #expect(HumanValidationFile.kappa([(true, true), (true, false)].map { (filters: $0.0, people: $0.1) }) == 0)
        #expect(HumanValidationFile.kappa([(true, true), (true, true)].map { (filters: $0.0, people: $0.1) }) == nil)
    }
}
