import AdvGlueResults
import AdvGlueSupport
import AdvGlueText

/// Sentence-level distraction as AdvGLUE used it: a StressTest tautology ("and true is
/// true") or a CheckList-style irrelevant addition (a random URL or @handle) appended
/// after the last word of a field, before any closing punctuation.
///
/// Candidates exist only at the last word of a field; the URL and handle are drawn
/// with `rng`, so they are reproducible from `--seed`.
///
/// Complexity: O(t) for t tautologies.
public struct Distraction: Transformation {
    public var tautologies: [String]
    public var urls: Int
    public var handles: Int

    public init(tautologies: [String] = ["and true is true", "and false is not true"], urls: Int = 1, handles: Int = 1) {
        self.tautologies = tautologies
        self.urls = urls
        self.handles = handles
    }

    public var name: String { "distraction" }

    static let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")

    static func randomToken(length: Int, using rng: inout some RandomNumberGenerator) -> String {
        String((0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] })
    }

    public func candidates(for state: PerturbedInput, at position: WordPosition,
                           using rng: inout some RandomNumberGenerator) -> [Modification] {
        guard position.word == state.original.fields[position.field].words.count - 1 else { return [] }
        let word = state.word(at: position)
        var additions = tautologies.map { ($0, "tautology") }
        for _ in 0..<urls { additions.append(("https://t.co/" + Self.randomToken(length: 10, using: &rng), "url")) }
        for _ in 0..<handles { additions.append(("@" + Self.randomToken(length: 8, using: &rng), "handle")) }
        return additions.map {
            Modification(position: position, original: word, replacement: word + " " + $0.0, transformation: "\(name).\($0.1)")
        }
    }
}
