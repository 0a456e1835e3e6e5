import AdvGlueSupport
import Foundation

/// The team's homoglyph pairs (`Corpora/lexicons/homoglyphs.tsv`): each Latin letter and
/// the letters of other scripts that render as the same picture. Every pair was rendered
/// in six common fonts by `scripts/homoglyphs.sh` and kept only where the glyph images
/// match (see docs/validity.md); a confusable skeleton alone says two letters may be
/// confused, not that a reader cannot tell them apart.
///
/// ```swift
/// let table = try HomoglyphTable.load(URL(filePath: "Corpora/lexicons/homoglyphs.tsv"))
/// table.lookalikes["a"]  // ["а"] (U+0430)
/// ```
public struct HomoglyphTable: Sendable, Hashable {
    /// Latin letter → its look-alikes, in the table's order.
    public let lookalikes: [Character: [Character]]

    public init(lookalikes: [Character: [Character]]) {
        self.lookalikes = lookalikes
    }

    /// Reads the table: `latin<TAB>lookalike<TAB>...` per line, `#` comment lines. A pair
    /// that changes letter case, or a cell that is not one character, is an error naming
    /// the line.
    public static func load(_ url: URL) throws(AdvGlueError) -> HomoglyphTable {
        guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8)
        else {
            throw AdvGlueError(.badConfig, "cannot read the homoglyph table", at: .file(url.path))
        }
        var lookalikes: [Character: [Character]] = [:]
        // `isNewline`: "\r\n" is one Character, which a split on "\n" would not see.
        for (number, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            guard !line.hasPrefix("#"), !line.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false)
            func problem(_ message: String) -> AdvGlueError {
                AdvGlueError(.badConfig, message, at: .file(url.path, line: number + 1))
            }
            guard cells.count >= 2, cells[0].count == 1, cells[1].count == 1, let latin = cells[0].first,
                let lookalike = cells[1].first
            else { throw problem("expected a Latin letter and its look-alike, one character each, separated by a tab") }
            guard latin.isASCII, latin.isLetter, !lookalike.isASCII, lookalike.isLetter else {
                throw problem(
                    "'\(latin)' → '\(lookalike)': the first must be a Latin (ASCII) letter, the second a letter of another script"
                )
            }
            guard latin.isUppercase == lookalike.isUppercase, latin.isLowercase == lookalike.isLowercase else {
                throw problem("'\(latin)' → '\(lookalike)' changes letter case")
            }
            lookalikes[latin, default: []].append(lookalike)
        }
        return HomoglyphTable(lookalikes: lookalikes)
    }
}
