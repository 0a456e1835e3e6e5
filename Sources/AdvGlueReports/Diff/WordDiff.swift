import AdvGlueResults
import AdvGlueText
import Foundation

/// Renders a ``DiffField`` list for the formats: a Markdown table cell with changed
/// words marked (`~~old~~` in the original, `**new**` in the perturbed text), and
/// TextAttack's plain-text file markup (`[[word]]`, fields as `[[[[Premise]]]]: …`
/// joined by `<SPLIT>`).
public enum WordDiff {
    /// Characters of unchanged text kept on each side of a change in Markdown; a change
    /// itself shows at most ``changedLimit``.
    static let context = 120
    static let changedLimit = 200

    /// A Markdown table cell. Every piece is escaped on its own with
    /// ``MarkdownEscaping``, so the data cannot forge the markers; long unchanged runs
    /// are shortened around the changes (the full text is in the results file).
    public static func markdown(_ fields: [DiffField], side: DiffSide) -> String {
        let multiField = fields.count > 1
        return fields.map { field in
            var out = multiField ? "*" + MarkdownEscaping.escape(field.name) + ":* " : ""
            if !field.hasChanges {
                return out
                    + MarkdownEscaping.escape(
                        field.pieces.map { if case .same(let t) = $0 { t } else { "" } }.joined(), limit: TextLimit.cell
                    )
            }
            for (i, piece) in field.pieces.enumerated() {
                switch piece {
                case .same(let text):
                    let shown =
                        i == 0
                        ? TextLimit.suffix(text, context)
                        : i == field.pieces.count - 1
                            ? TextLimit.prefix(text, context)
                            : TextLimit.middle(text, head: context / 2, tail: context / 2)
                    out += MarkdownEscaping.escape(shown)
                case .changed(let text):
                    // Emphasis must not start or end with a space to render.
                    let core = text.trimmingCharacters(in: .whitespacesAndNewlines)
                    let lead = String(text.prefix { $0.isWhitespace })
                    let trail = String(text.reversed().prefix { $0.isWhitespace })
                    let marker = side == .original ? "~~" : "**"
                    out += MarkdownEscaping.escape(lead)
                    out += core.isEmpty ? "" : marker + MarkdownEscaping.escape(core, limit: changedLimit) + marker
                    out += MarkdownEscaping.escape(trail)
                }
            }
            return out
        }.joined(separator: "<br>")
    }

    /// TextAttack's `color_method="file"` text: changed words in `[[…]]`; several fields
    /// as `[[[[Premise]]]]: …` (the key wrapped twice, as TextAttack's bold-and-underline
    /// key colour does) joined by `<SPLIT>`, its `AttackedText.SPLIT_TOKEN`.
    public static func textAttackFile(_ fields: [DiffField]) -> String {
        let texts = fields.map { field in
            field.pieces.map { piece -> String in
                switch piece {
                case .same(let text): text
                case .changed(let text): "[[" + text + "]]"
                }
            }.joined()
        }
        if fields.count == 1 { return texts[0].replacingEvery(0x0A, with: "<SPLIT>") }
        return zip(fields, texts).map { "[[[[" + capitalized($0.name) + "]]]]: " + $1 }.joined(separator: "\n")
            .replacingEvery(0x0A, with: "<SPLIT>")
    }

    /// Python's `str.capitalize()`: first character upper-cased, the rest lower-cased.
    static func capitalized(_ name: String) -> String {
        guard let first = name.first else { return name }
        return first.uppercased() + name.dropFirst().lowercased()
    }

    /// The attack report's cell for one side of an attack result.
    static func cell(_ input: TextInput, modifications: [Modification], side: DiffSide) -> String {
        guard let fields = TextDiff.fields(input, modifications: modifications, side: side) else {
            return input.fields.map { MarkdownEscaping.escape($0.text, limit: TextLimit.cell) }.joined(
                separator: "<br>")
        }
        return markdown(fields, side: side)
    }
}
