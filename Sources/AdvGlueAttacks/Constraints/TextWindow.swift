import AdvGlueResults
import AdvGlueText

/// The text of a run of words of one field as an attack state renders it: the original
/// bytes between words, the state's replacements for changed words.
enum TextWindow {
    /// Words `range` of field `field` of `state`; a phrase replacement that starts
    /// inside the range is rendered whole.
    static func text(of state: PerturbedInput, field: Int, words range: ClosedRange<Int>) -> String {
        let segmented = state.original.fields[field]
        let words = segmented.words
        guard !words.isEmpty else { return "" }
        let text = segmented.text
        var output = ""
        var cursor = words[range.lowerBound].range.lowerBound
        var end = words[range.upperBound].range.upperBound
        let changes = state.orderedModifications.filter {
            $0.position.field == field && range.contains($0.position.word)
        }
        for change in changes {
            let first = words[change.position.word]
            let last = words[change.position.word + change.span - 1]
            guard first.range.lowerBound >= cursor else { continue }
            output += text[cursor..<first.range.lowerBound]
            output += change.replacement
            cursor = last.range.upperBound
            end = max(end, cursor)
        }
        output += text[cursor..<end]
        return output
    }

    /// TextAttack's `text_window_around_index`: `size` words centred on `index`, moved
    /// inward at the ends of the text.
    static func around(_ index: Int, size: Int, wordCount: Int) -> ClosedRange<Int> {
        let half = Double(size - 1) / 2
        if Double(index) - half < 0 { return 0...min(size - 1, wordCount - 1) }
        if Double(index) + half >= Double(wordCount) { return max(0, wordCount - size)...(wordCount - 1) }
        return (index - Int(half.rounded(.up)))...(index + Int(half.rounded(.down)))
    }

    /// The first position whose word differs between `candidate` and `reference`.
    static func newlyModified(_ candidate: PerturbedInput, since reference: PerturbedInput) -> WordPosition? {
        candidate.modifications.filter { reference.modifications[$0.key] != $0.value }.keys.min()
    }

    /// Indices of the fields whose text differs between two inputs.
    static func changedFields(_ a: TextInput, _ b: TextInput) -> [Int] {
        a.fields.indices.filter { b.fields.indices.contains($0) && a.fields[$0].text != b.fields[$0].text }
    }
}
