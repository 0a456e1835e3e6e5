import AdvGlueSupport
import AdvGlueText

/// Keeps candidates whose changed words are each within `maximum` grapheme edits of
/// the original word. Edits are insertions, deletions, substitutions and swaps of two
/// adjacent characters (optimal string alignment distance), so one typo counts as one.
///
/// Complexity: O(m · L²) for m modified words of at most L clusters.
public struct MaxEditDistance: Constraint {
    public let maximum: Int

    public init(maximum: Int) {
        self.maximum = maximum
    }

    public var name: String { "max-edit-distance" }

    public func filter(_ candidates: [PerturbedInput], reference: PerturbedInput) async throws -> [PerturbedInput] {
        candidates.filter { candidate in
            candidate.modifications.values.allSatisfy {
                Self.distance(Array($0.original), Array($0.replacement)) <= maximum
            }
        }
    }

    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = Swift.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = Swift.min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }
}

extension MaxEditDistance {
    /// `type: max-edit-distance` in a recipe's `constraints`.
    static let recipePart = RecipePart<any Constraint>(
        type: "max-edit-distance",
        summary:
            "Keeps candidates whose changed words are each within the maximum grapheme edits of the original word.",
        options: [
            RecipeOption("maximum", "the most edits per word (insertions, deletions, substitutions, adjacent swaps)")
        ]
    ) { map, context throws(AdvGlueError) in
        MaxEditDistance(maximum: try map.required("maximum").int())
    }
}
