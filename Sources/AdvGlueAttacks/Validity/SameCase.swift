import AdvGlueResults

/// A changed word keeps its letter case: lower case stays lower, a capital stays a capital,
/// capitals stay capitals. A typo that changes case ("cold" → "Told") reads as another word,
/// or a name.
///
/// ```swift
/// SameCase.pattern(of: "Awful")  // .capitalized
/// SameCase.pattern(of: "Told") == SameCase.pattern(of: "cold")  // false
/// ```
/// Complexity: O(length) per changed word.
public struct SameCase: Constraint {
    public enum Pattern: Sendable, Equatable {
        case noLetters, lower, capitalized, upper, mixed
    }

    public init() {}

    public var name: String { "same-case" }

    public static func pattern(of word: String) -> Pattern {
        let letters = word.filter(\.isLetter)
        guard let first = letters.first else { return .noLetters }
        if letters.allSatisfy({ !$0.isUppercase }) { return .lower }
        if letters.count > 1, letters.allSatisfy({ !$0.isLowercase }) { return .upper }
        if first.isUppercase, letters.dropFirst().allSatisfy({ !$0.isUppercase }) { return .capitalized }
        return .mixed
    }

    public static func keeps(_ modification: Modification) -> Bool {
        [.template, .rewrite].contains(ModificationKind(transformation: modification.transformation))
            || pattern(of: modification.original) == pattern(of: modification.replacement)
    }

    public func filter(_ candidates: [PerturbedInput], reference: PerturbedInput) async throws -> [PerturbedInput] {
        candidates.filter { newModifications(of: $0, since: reference).allSatisfy(Self.keeps) }
    }
}
