import AdvGlueYAML
import Foundation
import Testing

/// The nesting estimate that guards the YAML parser: quotes and comments cannot hide
/// brackets from it, and the shipped recipes and configs stay far below the limit.
@Suite("YAML nesting depth")
struct NestingDepthTests {
    @Test(arguments: [
        "k: [it's, " + String(repeating: "[", count: 500),
        "k: [a#b, " + String(repeating: "[", count: 500),
        "k: [\"a\\\"b\", " + String(repeating: "[", count: 500),
        "k: ['it''s', " + String(repeating: "{", count: 500),
        "k: 'x' # comment\nj: " + String(repeating: "[", count: 500),
        String(repeating: "- ", count: 500) + "x",
    ])
    func hiddenNestingIsCounted(_ text: String) {
        #expect(NestingDepth.of(text) >= 500, "\(NestingDepth.of(text))")
    }

    @Test func quotedAndCommentedBracketsDoNotCount() {
        #expect(NestingDepth.of("a: \"[[[[[[\"\nb: '{{{{' # [[[[[\nc: x\n") == 1)
        #expect(NestingDepth.of("a:\n  b:\n    - [1, [2]]\n") == 6)
    }

    @Test func shippedRecipesAndConfigsAreFarBelowTheLimit() throws {
        let root = Fixtures.packageRoot
        let files =
            try FileManager.default.contentsOfDirectory(atPath: root.appending(path: "Attacks").path)
            .filter { $0.hasSuffix(".yaml") }.map { root.appending(path: "Attacks/\($0)") }
            + [root.appending(path: "robustness.example.yaml")]
        #expect(files.count > 5)
        for file in files {
            let depth = NestingDepth.of(try String(contentsOf: file, encoding: .utf8))
            #expect(depth <= 12, "\(file.lastPathComponent): \(depth)")
        }
    }
}
