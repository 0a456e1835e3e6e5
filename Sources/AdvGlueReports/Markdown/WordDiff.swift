import AdvGlueAttacks
import AdvGlueText

/// Renders an input for a Markdown table cell with its changed words marked:
/// `~~old~~` in the original, `**new**` in the perturbed text. Everything is escaped
/// piece by piece with ``MarkdownEscaping``, so markers cannot be forged by the data.
enum WordDiff {
    enum Side { case original, perturbed }

    static func cell(_ input: TextInput, modifications: [Modification], side: Side) -> String {
        guard let segmented = try? SegmentedInput(input) else {
            return input.fields.map { MarkdownEscaping.escape($0.text) }.joined(separator: "<br>")
        }
        var byField: [Int: [Int: Modification]] = [:]
        for modification in modifications { byField[modification.position.field, default: [:]][modification.position.word] = modification }
        let multiField = input.fields.count > 1
        return segmented.fields.enumerated().map { f, field in
            var out = multiField ? "*" + MarkdownEscaping.escape(input.fields[f].name) + ":* " : ""
            var cursor = field.text.startIndex
            for index in (byField[f] ?? [:]).keys.sorted() {
                let modification = byField[f]![index]!
                let last = index + modification.span - 1
                guard field.words.indices.contains(index), field.words.indices.contains(last) else { continue }
                out += MarkdownEscaping.escape(String(field.text[cursor..<field.words[index].range.lowerBound]))
                switch side {
                case .original: out += "~~" + MarkdownEscaping.escape(modification.original) + "~~"
                case .perturbed: out += "**" + MarkdownEscaping.escape(modification.replacement) + "**"
                }
                cursor = field.words[last].range.upperBound
            }
            out += MarkdownEscaping.escape(String(field.text[cursor...]))
            return out
        }.joined(separator: "<br>")
    }
}
