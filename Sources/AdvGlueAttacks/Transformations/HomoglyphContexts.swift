import AdvGlueSupport
import Foundation

/// The places where a homoglyph pair does not render alike
/// (`Corpora/lexicons/homoglyph-contexts.tsv`): a font kerns the Latin letter with its
/// neighbour ("To") or joins them into a ligature ("fi"), and not the look-alike, so the
/// substitution would move or change the line. `scripts/homoglyphs.sh` shapes every pair
/// beside every neighbour it checks and lists the places that differ; a neighbour it did
/// not check is refused too.
///
/// ```swift
/// let contexts = try HomoglyphContexts.load(URL(filePath: "Corpora/lexicons/homoglyph-contexts.tsv"))
/// contexts.allows("o", "о", before: "T", after: "d")  // false: "To" is kerned
/// contexts.allows("o", "о", before: "g", after: "d")  // true
/// ```
public struct HomoglyphContexts: Sendable, Hashable {
    public enum Side: String, Sendable, Hashable {
        /// The neighbour comes before the letter.
        case before
        /// The neighbour comes after the letter.
        case after
    }

    public struct Pair: Sendable, Hashable {
        public var latin: Character
        public var lookalike: Character
    }

    struct Place: Hashable {
        var latin: Character
        var lookalike: Character
        var side: Side
        var neighbour: Unicode.Scalar
    }

    /// The places that show.
    let places: Set<Place>
    /// The pairs the renderer shaped; a pair outside them was never checked in context.
    public let pairs: Set<Pair>
    /// The neighbours the renderer checked, as closed ranges of code points.
    let checked: [ClosedRange<UInt32>]

    /// Whether `lookalike` may replace `latin` between `before` and `after` (nil at the
    /// start or end of the text).
    /// Complexity: O(r) for r checked ranges.
    public func allows(_ latin: Character, _ lookalike: Character, before: Character?, after: Character?) -> Bool {
        allows(latin, lookalike, neighbour: before, side: .before)
            && allows(latin, lookalike, neighbour: after, side: .after)
    }

    private func allows(_ latin: Character, _ lookalike: Character, neighbour: Character?, side: Side) -> Bool {
        guard let neighbour else { return true }
        guard neighbour.unicodeScalars.count == 1, let scalar = neighbour.unicodeScalars.first,
            checked.contains(where: { $0.contains(scalar.value) })
        else { return false }
        return !places.contains(Place(latin: latin, lookalike: lookalike, side: side, neighbour: scalar))
    }

    /// The table's pairs this list does not cover, in table order.
    public func unchecked(in table: HomoglyphTable) -> [Pair] {
        table.lookalikes.sorted { $0.key < $1.key }.flatMap { latin, lookalikes in
            lookalikes.map { Pair(latin: latin, lookalike: $0) }
        }.filter { !pairs.contains($0) }
    }

    /// Reads the list: a `pairs<TAB>U+0061>U+0430,...` line naming the pairs checked, a
    /// `neighbours<TAB>U+0020-U+007E,U+2026,...` line naming the neighbours, then
    /// `latin<TAB>lookalike<TAB>before|after<TAB>U+XXXX<TAB>...` per place; `#` lines are
    /// comments. A malformed line is an error naming it.
    public static func load(_ url: URL) throws(AdvGlueError) -> HomoglyphContexts {
        guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8)
        else {
            throw AdvGlueError(.badConfig, "cannot read the homoglyph contexts", at: .file(url.path))
        }
        var places: Set<Place> = []
        var checked: [ClosedRange<UInt32>]?
        var pairs: Set<Pair>?
        // `isNewline`: "\r\n" is one Character, which a split on "\n" would not see.
        for (number, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            guard !line.hasPrefix("#"), !line.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            func problem(_ message: String) -> AdvGlueError {
                AdvGlueError(
                    .badConfig, message, hint: "regenerate it with scripts/homoglyphs.sh",
                    at: .file(url.path, line: number + 1))
            }
            if cells[0] == "pairs" {
                guard cells.count == 2 else { throw problem("expected 'pairs<TAB>U+XXXX>U+YYYY,...'") }
                var found: Set<Pair> = []
                for item in cells[1].split(separator: ",") {
                    let ends = item.split(separator: ">").compactMap {
                        codePoint(String($0)).flatMap(Unicode.Scalar.init)
                    }
                    guard ends.count == 2 else { throw problem("'\(item)' is not a pair U+XXXX>U+YYYY") }
                    found.insert(Pair(latin: Character(ends[0]), lookalike: Character(ends[1])))
                }
                pairs = found
                continue
            }
            if cells[0] == "neighbours" {
                guard cells.count == 2 else { throw problem("expected 'neighbours<TAB>U+XXXX-U+YYYY,...'") }
                var ranges: [ClosedRange<UInt32>] = []
                for item in cells[1].split(separator: ",") {
                    let ends = item.split(separator: "-").map { codePoint(String($0)) }
                    guard (1...2).contains(ends.count), let low = ends.first!, let high = ends.last!, low <= high else {
                        throw problem("'\(item)' is not a code point or a range of them")
                    }
                    ranges.append(low...high)
                }
                checked = ranges
                continue
            }
            guard cells.count >= 4, cells[0].count == 1, cells[1].count == 1, let side = Side(rawValue: cells[2]),
                let neighbour = codePoint(cells[3]).flatMap(Unicode.Scalar.init)
            else { throw problem("expected latin<TAB>lookalike<TAB>before|after<TAB>U+XXXX") }
            places.insert(
                Place(latin: cells[0].first!, lookalike: cells[1].first!, side: side, neighbour: neighbour))
        }
        guard let checked, let pairs else {
            throw AdvGlueError(
                .badConfig, "no 'pairs' or 'neighbours' line: what was checked is unknown",
                hint: "regenerate it with scripts/homoglyphs.sh", at: .file(url.path))
        }
        return HomoglyphContexts(places: places, pairs: pairs, checked: checked)
    }

    /// `U+00E9` → 0xE9.
    private static func codePoint(_ text: String) -> UInt32? {
        guard text.hasPrefix("U+"), (6...8).contains(text.count) else { return nil }
        return UInt32(text.dropFirst(2), radix: 16)
    }
}
