import AdvGlueResults
import AdvGlueText

/// A paraphrase in progress: the fields' texts after the rewrites so far, the same texts
/// without the entity swaps (what the meaning check compares with the original: a swapped
/// name is valid by being swapped everywhere, and a sentence encoder would read it as a
/// change of meaning), and the rewrites applied, in order, in all and by field.
///
/// ```swift
/// var state = RewriteState(start)                 // the original texts, nothing applied
/// state.applied                                   // ["because-front", "person:male-english"] later
/// ```
public struct RewriteState: Hashable, Sendable {
    public var fields: [String]
    public var plain: [String]
    public var applied: [String]
    /// The rewrites that changed each field, in order.
    public var appliedByField: [[String]]

    public init(_ start: PerturbedInput) {
        fields = start.input.fields.map(\.text)
        plain = fields
        applied = []
        appliedByField = fields.map { _ in [] }
    }

    /// This state with `rewrite` applied to the fields in `changed` (new texts, and new plain
    /// texts where the rewrite is not an entity swap).
    func adding(_ rewrite: String, fields changed: [Int: String], plain changedPlain: [Int: String]) -> RewriteState {
        var next = self
        for (index, text) in changed {
            next.fields[index] = text
            next.appliedByField[index].append(rewrite)
        }
        for (index, text) in changedPlain { next.plain[index] = text }
        next.applied.append(rewrite)
        return next
    }

    static func isSwap(_ rewrite: String) -> Bool { rewrite.hasPrefix("person:") || rewrite.hasPrefix("place:") }

    /// `start` with every changed field replaced whole, the rewrites named in reading order
    /// (`paraphrase.because-front+person:male-english`); nil if a rewrite moved text outside
    /// a field's first and last word, which a word-position record cannot hold.
    public func perturbed(from start: PerturbedInput) -> PerturbedInput? {
        Self.perturbed(fields, from: start) { appliedByField[$0] }
    }

    /// As ``perturbed(from:)`` for the texts without entity swaps.
    public func plainPerturbed(from start: PerturbedInput) -> PerturbedInput? {
        Self.perturbed(plain, from: start) { appliedByField[$0].filter { !Self.isSwap($0) } }
    }

    private static func perturbed(_ texts: [String], from start: PerturbedInput, names: (Int) -> [String])
        -> PerturbedInput?
    {
        var result = start
        for (index, text) in texts.enumerated() where text != start.original.input.fields[index].text {
            let field = start.original.fields[index]
            guard let first = field.words.first, let last = field.words.last else { return nil }
            let before = field.text[..<first.range.lowerBound]
            let after = field.text[last.range.upperBound...]
            guard text.count >= before.count + after.count, text.hasPrefix(before), text.hasSuffix(after) else {
                return nil
            }
            let middle = String(text.dropFirst(before.count).dropLast(after.count))
            guard !middle.isEmpty else { return nil }
            result = result.applying(
                Modification(
                    position: WordPosition(field: index, word: 0), span: field.words.count,
                    original: String(field.text[first.range.lowerBound..<last.range.upperBound]),
                    replacement: middle, transformation: "paraphrase." + names(index).joined(separator: "+")))
        }
        return result
    }
}
