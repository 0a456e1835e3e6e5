import AdvGlueText

/// Keeps candidates whose changed words are each within `maximum` grapheme edits
/// (Levenshtein) of the original word, so stacked character edits stay readable.
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
            candidate.modifications.values.allSatisfy { Self.distance(Array($0.original), Array($0.replacement)) <= maximum }
        }
    }

    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
