import AdvGlueSupport
import Foundation

/// The team's sentiment lexicon (`Corpora/lexicons/polarity-sst2.tsv`, derived from GLUE
/// SST-2's training phrases by `scripts/lexicons/polarity_sst2.py`): per word, the log-odds of
/// a positive rather than a negative phrase, a class (+1, 0, -1), and how many phrases use
/// it (which `review-vocabulary` asks).
///
/// ```swift
/// let lexicon = try PolarityLexicon.load(url)
/// lexicon["terrible"]?.polarity  // -1
/// ```
/// Complexity: O(n) to load n words, O(1) per look-up.
public struct PolarityLexicon: Sendable {
    public struct Entry: Sendable, Hashable {
        public var logOdds: Double
        /// +1 positive, -1 negative, 0 neither.
        public var polarity: Int
        /// How many training phrases use the word (positive and negative together).
        public var phrases: Int
    }

    let entries: [String: Entry]

    public subscript(word: String) -> Entry? { entries[word.lowercased()] }

    public var count: Int { entries.count }

    /// Whether the lexicon lists `word`: whether at least 5 training phrases use it.
    public func contains(_ word: String) -> Bool { entries[word.lowercased()] != nil }

    /// How many training phrases use `word`: 0 for a word the lexicon leaves out (fewer
    /// than 5).
    public func phrases(_ word: String) -> Int { entries[word.lowercased()]?.phrases ?? 0 }

    /// Reads `word<TAB>log_odds<TAB>z<TAB>positive<TAB>negative<TAB>class` lines; `#` lines
    /// are comments. A malformed line is an error naming it.
    public static func load(_ url: URL) throws(AdvGlueError) -> PolarityLexicon {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw AdvGlueError(.notFound, "cannot read the polarity lexicon", at: .file(url.path))
        }
        var entries: [String: Entry] = [:]
        for (number, line) in String(decoding: data, as: UTF8.self)
            .split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated()
        where !line.hasPrefix("#") && !line.isEmpty {
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard cells.count == 6, let logOdds = Double(cells[1]), let polarity = Int(cells[5]),
                (-1...1).contains(polarity), let positive = Int(cells[3]), let negative = Int(cells[4]),
                positive >= 0, negative >= 0
            else {
                throw AdvGlueError(
                    .badConfig, "expected word, log-odds, z, two counts and a class of -1, 0 or 1",
                    hint: "regenerate it with scripts/lexicons/polarity_sst2.py", at: .file(url.path, line: number + 1))
            }
            entries[cells[0].lowercased()] = Entry(logOdds: logOdds, polarity: polarity, phrases: positive + negative)
        }
        return PolarityLexicon(entries: entries)
    }
}
