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

    public init(tautologies: [String] = ["and true is true", "and false is not true"], urls: Int = 1, handles: Int = 1)
    {
        self.tautologies = tautologies
        self.urls = urls
        self.handles = handles
    }

    public var name: String { "distraction" }

    static let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")

    static func randomToken(length: Int, using rng: inout some RandomNumberGenerator) -> String {
        String((0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] })
    }

    public func candidates(
        for state: PerturbedInput, at position: WordPosition,
        using rng: inout some RandomNumberGenerator
    ) -> [Modification] {
        guard position.word == state.original.fields[position.field].words.count - 1 else { return [] }
        let word = state.word(at: position)
        var additions = tautologies.map { ($0, "tautology") }
        for _ in 0..<urls { additions.append(("https://t.co/" + Self.randomToken(length: 10, using: &rng), "url")) }
        for _ in 0..<handles { additions.append(("@" + Self.randomToken(length: 8, using: &rng), "handle")) }
        return additions.map {
            Modification(
                position: position, original: word, replacement: word + " " + $0.0, transformation: "\(name).\($0.1)")
        }
    }
}

extension Distraction {
    /// `type: distraction` in a recipe's `transformation`.
    static let recipePart = RecipePart<any Transformation>(
        type: "distraction",
        summary:
            "Appends a tautology, a random URL or a @handle after a field's last word (AdvGLUE's sentence-level distraction).",
        options: [
            RecipeOption(
                "tautologies", "the tautologies to append, a list", default: "and true is true, and false is not true"),
            RecipeOption("urls", "random URLs offered", default: "1"),
            RecipeOption("handles", "random @handles offered", default: "1"),
        ]
    ) { map, context throws(AdvGlueError) in
        var tautologies: [String] = []
        for item in try map.optional("tautologies")?.sequence() ?? [] { tautologies.append(try item.string()) }
        let urls = try map.optional("urls")?.int() ?? 1
        let handles = try map.optional("handles")?.int() ?? 1
        guard urls >= 0, handles >= 0 else { throw map.owner.error("urls and handles must not be negative") }
        return Distraction(
            tautologies: tautologies.isEmpty ? ["and true is true", "and false is not true"] : tautologies, urls: urls,
            handles: handles)
    }
}
