import AdvGlueResults
import AdvGlueText

/// An input during an attack: the original segmentation plus the words replaced so far.
///
/// Word positions refer to the original segmentation, so they stay stable however
/// many words have been replaced, and rendering copies everything else byte for byte.
public struct PerturbedInput: Sendable, Hashable {
    public let original: SegmentedInput
    public private(set) var modifications: [WordPosition: Modification] = [:]
    /// The rendered text, kept in step with `modifications`.
    public private(set) var input: TextInput
    /// Words in the fields the attack may change: the base of the modification rate,
    /// so an NLI hypothesis is not rewritten wholesale on the strength of a long premise.
    public let modifiableWordCount: Int
    /// The names of the fields the attack may change; nil for all.
    public let modifiableFields: Set<String>?

    public init(_ original: SegmentedInput, modifiableFields: Set<String>? = nil) {
        self.original = original
        self.input = original.input
        self.modifiableFields = modifiableFields
        self.modifiableWordCount = zip(original.input.fields, original.fields)
            .filter { modifiableFields?.contains($0.0.name) ?? true }
            .reduce(0) { $0 + $1.1.words.count }
    }

    /// Whether the attack may change field `index`.
    public func mayChange(field index: Int) -> Bool {
        modifiableFields?.contains(original.input.fields[index].name) ?? true
    }

    /// The current text of the word at `position`.
    public func word(at position: WordPosition) -> String {
        modifications[position]?.replacement ?? String(original.word(at: position).text)
    }

    public var modifiedPositions: Set<WordPosition> { Set(modifications.keys) }

    /// Every position inside some modification, the first words of phrases included.
    public var coveredPositions: Set<WordPosition> { Set(modifications.values.flatMap(\.covered)) }

    /// Words changed so far, counting every word of a phrase.
    public var modifiedWordCount: Int { modifications.values.reduce(0) { $0 + $1.span } }

    /// A copy with one more word (or phrase) replaced. A modification that overlaps
    /// earlier ones replaces them.
    public func applying(_ modification: Modification) -> PerturbedInput {
        var copy = self
        var record = modification
        if let earlier = modifications[modification.position], earlier.span == modification.span {
            record.original = earlier.original
        }
        let covered = Set(modification.covered)
        for (position, other) in copy.modifications
        where position != modification.position && !covered.isDisjoint(with: other.covered) {
            copy.modifications[position] = nil
        }
        copy.modifications[modification.position] = record
        copy.input = original.replacing(
            spans: copy.modifications.mapValues { (last: $0.position.word + $0.span - 1, text: $0.replacement) })
        return copy
    }

    /// The same input with no words replaced.
    public func reverted() -> PerturbedInput {
        var copy = self
        copy.modifications = [:]
        copy.input = original.input
        return copy
    }

    /// Modifications in reading order.
    public var orderedModifications: [Modification] {
        modifications.values.sorted { $0.position < $1.position }
    }
}
