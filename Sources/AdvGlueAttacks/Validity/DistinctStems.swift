import AdvGlueResults

/// A substitution must not be a derivative of the word it replaces: "magical" → "magic",
/// "anatomical" → "anatomic", "horrible" → "horrifying", "theater" → "theatre". WordNet puts
/// such pairs in one synset, but a word and its derivative or variant spelling differ in
/// use or register ("a truly magic movie", "anatomic humor"), and an attack that only
/// changes a word's ending tests the model's spelling more than its reading. Two words
/// share a stem when they begin with the same five letters, or the shorter (of at least
/// four) begins the longer, unless what they share is a prefix such as "inter" or "super"
/// ("interior", "internal").
///
/// ```swift
/// DistinctStems.shareStem("magical", "magic")   // true
/// DistinctStems.shareStem("use", "usage")       // false
/// ```
/// Complexity: O(k) per substituted word of k letters.
public struct DistinctStems: ModificationConstraint {
    public init() {}

    public var name: String { "distinct-stems" }

    /// The letters two words must share at the start to have one stem.
    public static let stemLength = 5

    /// Prefixes that begin unrelated words ("interior", "internal"; "superfluous",
    /// "supernumerary"): sharing one, and at most one letter more, is no shared stem.
    static let prefixes = [
        "inter", "intra", "super", "contra", "contr", "counter", "trans", "under", "over", "extra", "hyper", "circum",
    ]

    public static func shareStem(_ a: String, _ b: String) -> Bool {
        let a = Array(a.lowercased())
        let b = Array(b.lowercased())
        let shared = zip(a, b).prefix { $0 == $1 }.count
        guard shared >= min(stemLength, max(4, min(a.count, b.count))) else { return false }
        let stem = String(a.prefix(shared))
        return !prefixes.contains { stem.hasPrefix($0) && shared <= $0.count + 1 }
    }

    public func keeps(_ modification: Modification) -> Bool {
        guard ModificationKind(transformation: modification.transformation) == .substitution,
            modification.span == 1, !modification.original.contains(" ")
        else { return true }
        return !Self.shareStem(modification.original, modification.replacement)
    }
}
