import AdvGlueAttacks
import AdvGlueCorpora
import AdvGlueSupport
import Foundation

/// Journals that together make one run: the shards of each recipe, checked to belong to
/// the same run configuration, with none missing, duplicated or unfinished, and all
/// split alike by ``ShardAssignment`` (its fingerprint). `advglue merge` writes the
/// run's report from them.
///
/// ```swift
/// let set = try ShardSet(scans: urls.map(JournalReader.scan))
/// set.recipes[0].locations // where each example's line is, in data order
/// ```
public struct ShardSet: Sendable {
    /// One recipe's shards, combined.
    public struct Recipe: Sendable {
        /// The run's header as an unsharded run writes it (no shard).
        public var header: JournalHeader
        /// The shards' journals, by shard index.
        public var shards: [JournalScan]
        /// Every example's line, in data order.
        public var locations: JournalLocations
        public var name: String { header.run.recipe.name }
    }

    /// In the order the run named them (`--attack a,b`).
    public var recipes: [Recipe]

    /// Complexity: O(n log n) for n examples (the shard assignment is recomputed).
    public init(scans: [JournalScan]) throws(AdvGlueError) {
        guard let first = scans.first else { throw AdvGlueError(.notFound, "no journals given") }
        // Every journal must come from the same invocation: across recipes only the
        // recipe may differ, within one nothing but the shard.
        for scan in scans.dropFirst() {
            var differences = scan.header.runDifferences(from: first.header)
            if scan.header.run.recipe.name != first.header.run.recipe.name {
                differences.removeAll {
                    $0.path.hasPrefix("run.recipe") || $0.path.hasPrefix("run.queryBudget")
                        || $0.path.hasPrefix("run.fields")
                }
            }
            if !differences.isEmpty {
                throw AdvGlueError(
                    .badData,
                    "the journals come from different run configurations: "
                        + differences.map {
                            "\($0.path) is \($0.current) in \(scan.url.path) but \($0.journal) in \(first.url.path)"
                        }
                        .joined(separator: "; "))
            }
        }
        var byRecipe: [String: [JournalScan]] = [:]
        for scan in scans { byRecipe[scan.header.run.recipe.name, default: []].append(scan) }
        let order: [String]
        if let suite = first.header.suite {
            if let missing = suite.first(where: { byRecipe[$0] == nil }) {
                throw AdvGlueError(
                    .notFound,
                    "recipe \(missing) of the run (--attack \(suite.joined(separator: ","))) has no journals here",
                    hint: "pass its shards too"
                )
            }
            order = suite
        } else {
            guard byRecipe.count == 1 else {
                throw AdvGlueError(
                    .badData,
                    "journals of recipes \(byRecipe.keys.sorted().joined(separator: ", ")) that did not run in one invocation",
                    hint: "merge each recipe on its own"
                )
            }
            order = [first.header.run.recipe.name]
        }
        recipes = try order.map { name throws(AdvGlueError) in try Self.combine(name, byRecipe[name]!) }
    }

    private static func combine(_ name: String, _ scans: [JournalScan]) throws(AdvGlueError) -> Recipe {
        let count = scans[0].header.shard?.count ?? 1
        if let other = scans.first(where: { ($0.header.shard?.count ?? 1) != count }) {
            throw AdvGlueError(
                .badData,
                "\(name): \(describe(scans[0])) and \(describe(other)) split the run differently",
                hint: "merge shards of one --shard count"
            )
        }
        var byIndex = [JournalScan?](repeating: nil, count: count)
        for scan in scans {
            let index = scan.header.shard?.index ?? 0
            if let earlier = byIndex[index] {
                throw AdvGlueError(
                    .usage, "\(name): shard \(index)/\(count) is given twice: \(earlier.url.path) and \(scan.url.path)")
            }
            byIndex[index] = scan
        }
        let missing = byIndex.indices.filter { byIndex[$0] == nil }
        if !missing.isEmpty {
            let have = byIndex.indices.filter { byIndex[$0] != nil }.map { "\($0)/\(count)" }
            throw AdvGlueError(
                .notFound,
                "\(name): shard\(missing.count == 1 ? "" : "s") \(missing.map { "\($0)/\(count)" }.joined(separator: ", ")) missing "
                    + "(given: \(have.joined(separator: ", ")))",
                hint: "pass every shard's journal or folder (shard-I-of-\(count))"
            )
        }
        let shards = byIndex.map { $0! }
        let selected = shards[0].header.run.examplesSelected
        for shard in shards {
            let expected = shard.header.shard?.examples ?? selected
            if shard.entries.count != expected {
                throw AdvGlueError(
                    .notFound,
                    "\(name): \(describe(shard)) is unfinished: \(shard.entries.count) of its \(expected) examples are journaled",
                    hint: "finish it with `advglue attack` and the same options plus --resume \(shard.url.path)")
            }
        }
        var locations = JournalLocations(count: selected, files: shards.map(\.url))
        var ids = [String](repeating: "", count: selected)
        for (number, shard) in shards.enumerated() {
            for entry in shard.entries {
                guard entry.index < selected else {
                    throw AdvGlueError(
                        .badData,
                        "\(shard.url.path):\(entry.lineNumber): example index \(entry.index) is beyond the run's \(selected) examples"
                    )
                }
                if let earlier = locations[entry.index] {
                    throw AdvGlueError(
                        .badData,
                        "\(name): example \(entry.index) ('\(entry.exampleID)') is in both \(shards[earlier.file].url.path) and \(shard.url.path)"
                    )
                }
                locations.set(entry.index, file: number, line: entry.line)
                ids[entry.index] = entry.exampleID
            }
        }
        // The shards' sizes add up, so every example is there once. Each shard journals
        // only the examples its split gives it, so equal splits mean each is where the
        // rule puts it; unequal ones mean the shards did not select the same examples.
        if count > 1 {
            if let unmarked = shards.first(where: { $0.header.shard?.assignment == nil }) {
                throw AdvGlueError(
                    .badData,
                    "\(name): \(describe(unmarked)) does not record how the run was split (an advglue before shard balancing wrote it)",
                    hint: "run its shards again with this advglue")
            }
            if let other = shards.first(where: { $0.header.shard?.assignment != shards[0].header.shard?.assignment }) {
                throw AdvGlueError(
                    .badData,
                    "\(name): \(describe(shards[0])) and \(describe(other)) split the examples differently: "
                        + "the shards did not select the same examples (same data, --num-examples and advglue version?)"
                )
            }
        }
        var header = shards[0].header
        header.shard = nil
        return Recipe(header: header, shards: shards, locations: locations)
    }

    private static func describe(_ scan: JournalScan) -> String {
        scan.header.shard.map { "shard \($0) (\(scan.url.path))" } ?? "the unsharded journal \(scan.url.path)"
    }
}
