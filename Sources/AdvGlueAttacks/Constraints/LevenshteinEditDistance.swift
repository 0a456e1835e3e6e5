import AdvGlueSupport
import AdvGlueText

/// Keeps candidates whose whole text is within `maximum` Levenshtein edits (insertions,
/// deletions, substitutions of Unicode scalars) of the original input, as TextAttack's
/// `LevenshteinEditDistance` with `compare_against_original=True`. Fields are joined
/// with a newline; an unchanged field adds nothing.
///
/// The whole-text distance is at most the sum of the changed words' own distances (align
/// everything between them as it is), so when that sum is within `maximum` the candidate
/// passes without the full computation, which runs only near the limit.
///
/// Complexity: O(Σ m²) for the changed words; near the limit O(n · maximum) for a text of
/// n scalars (a band of the dynamic-programming table).
public struct LevenshteinEditDistance: Constraint {
    public let maximum: Int

    public init(maximum: Int) {
        precondition(maximum >= 0, "an edit distance is never negative")
        self.maximum = maximum
    }

    public var name: String { "levenshtein-edit-distance" }

    public func filter(_ candidates: [PerturbedInput], reference: PerturbedInput) async throws -> [PerturbedInput] {
        candidates.filter { isWithin($0) }
    }

    func isWithin(_ candidate: PerturbedInput) -> Bool {
        var bound = 0
        for modification in candidate.modifications.values {
            bound += Self.distance(
                Array(modification.original.unicodeScalars), Array(modification.replacement.unicodeScalars))
            if bound > maximum { break }
        }
        if bound <= maximum { return true }
        let original = candidate.original.input.fields.map(\.text).joined(separator: "\n")
        let perturbed = candidate.input.fields.map(\.text).joined(separator: "\n")
        return Self.distance(Array(original.unicodeScalars), Array(perturbed.unicodeScalars), limit: maximum) <= maximum
    }

    /// Levenshtein distance; with `limit`, any answer above it is reported as `limit + 1`
    /// and only a band of width 2·limit+1 of the table is filled.
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int? = nil) -> Int {
        let cap = limit ?? Int.max / 2
        if abs(a.count - b.count) > cap { return cap + 1 }
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        let outside = cap + 1
        var previous = [Int](repeating: outside, count: b.count + 1)
        var current = previous
        for j in 0...min(b.count, cap) { previous[j] = j }
        for i in 1...a.count {
            let low = max(1, i - cap)
            let high = min(b.count, i + cap)
            current[0] = i <= cap ? i : outside
            if low > 1 { current[low - 1] = outside }
            var rowMinimum = current[0]
            if low <= high {
                for j in low...high {
                    let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                    let value = min(substitution, previous[j] + 1, current[j - 1] + 1)
                    current[j] = min(value, outside)
                    rowMinimum = min(rowMinimum, current[j])
                }
            }
            if high < b.count { current[high + 1] = outside }
            if rowMinimum > cap { return outside }
            swap(&previous, &current)
        }
        return min(previous[b.count], outside)
    }
}

extension LevenshteinEditDistance {
    /// `type: levenshtein-edit-distance` in a recipe's `constraints`.
    static let recipePart = RecipePart<any Constraint>(
        type: "levenshtein-edit-distance",
        summary:
            "Keeps candidates whose whole text is within the maximum Levenshtein edits of the original (DeepWordBug).",
        options: [RecipeOption("maximum", "the most edits over the whole input")]
    ) { map, context throws(AdvGlueError) in
        let maximumNode = try map.required("maximum")
        let maximum = try maximumNode.int()
        guard maximum >= 0 else { throw maximumNode.error("must not be negative") }
        return LevenshteinEditDistance(maximum: maximum)
    }
}
