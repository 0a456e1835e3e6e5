import AdvGlueResults

/// The digits of a changed word stay as they were, and none appear: "1979" → "1799" or
/// "4:51" → "4:15" can change the gold label of an entailment or question pair.
///
/// ```swift
/// DigitsKept.keeps(original: "1979", replacement: "1799")  // false
/// DigitsKept.keeps(original: "film", replacement: "fi1m")  // false
/// ```
/// Complexity: O(length) per changed word.
public struct DigitsKept: Constraint {
    public init() {}

    public var name: String { "digits-kept" }

    public static func keeps(original: String, replacement: String) -> Bool {
        original.filter(\.isNumber) == replacement.filter(\.isNumber)
    }

    public func filter(_ candidates: [PerturbedInput], reference: PerturbedInput) async throws -> [PerturbedInput] {
        candidates.filter { candidate in
            newModifications(of: candidate, since: reference).allSatisfy {
                [.template, .rewrite].contains(ModificationKind(transformation: $0.transformation))
                    || Self.keeps(original: $0.original, replacement: $0.replacement)
            }
        }
    }
}
