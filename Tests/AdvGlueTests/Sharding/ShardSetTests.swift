import AdvGlueAttacks
import AdvGlueCorpora
import AdvGlueReports
import AdvGlueResults
import AdvGlueRun
import AdvGlueSupport
import Foundation
import Testing

@Suite("Sharding: combining shard journals")
struct ShardSetTests {
    static let ids = (0..<10).map { "ex\($0)" }

    /// Writes shard `index` of `count` of a run over ``ids`` (all of its examples, or the
    /// first `finished`), the way `advglue attack --shard` does.
    static func shard(
        _ index: Int, of count: Int, seed: UInt64 = 42, finished: Int? = nil, recipe: String = "typo",
        suite: [String]? = nil, fingerprint: String? = nil, folder: URL
    ) throws -> URL {
        let split = ShardAssignment(
            ids: ids, costs: ids.map { ShardAssignment.cost(of: JournalTests.result($0).original.texts) }, count: count)
        let assigned = split.indices(of: index)
        var info = try JournalTests.info(seed: seed, examples: ids.count)
        info.recipe = RecipeInfo(try Fixtures.recipe(recipe))
        let url = folder.appending(path: "shard-\(index)-of-\(count)/\(suite == nil ? "" : recipe + "/")journal.jsonl")
        let header = JournalHeader(
            tool: ToolInfo(version: "0.1.0"), icuVersion: "72.1", run: info,
            shard: count == 1
                ? nil
                : ShardInfo(
                    index: index, count: count, examples: assigned.count, assignment: fingerprint ?? split.fingerprint),
            suite: suite)
        let writer = try JournalWriter.create(at: url, header: header, durability: .writeOnly)
        for position in assigned.prefix(finished ?? assigned.count).reversed() {
            try writer.append(index: position, result: JournalTests.result(ids[position]))
        }
        try writer.close()
        return url
    }

    static func folder() -> URL {
        FileManager.default.temporaryDirectory.appending(path: "advglue-shards-\(UUID().uuidString)")
    }

    static func error(_ urls: [URL]) throws -> AdvGlueError? {
        do {
            _ = try ShardSet(scans: try urls.map { try JournalReader.scan($0) })
            return nil
        } catch let error as AdvGlueError {
            return error
        }
    }

    @Test func shardsCombineInDataOrder() throws {
        let folder = Self.folder()
        let urls = try (0..<3).map { try Self.shard($0, of: 3, folder: folder) }
        let set = try ShardSet(scans: try urls.reversed().map { try JournalReader.scan($0) })
        #expect(set.recipes.count == 1)
        let recipe = set.recipes[0]
        #expect(recipe.header.shard == nil)
        #expect(recipe.shards.map { $0.header.shard?.index } == [0, 1, 2])
        #expect(recipe.locations.finished == Self.ids.count)
        let reader = JournalLineReader(files: recipe.locations.files)
        for index in Self.ids.indices {
            let place = try #require(recipe.locations[index])
            #expect(try reader.entry(file: place.file, line: place.line).result.exampleID == Self.ids[index])
        }
    }

    @Test func missingDuplicatedUnfinishedAndMixedShardsAreRefusedByName() throws {
        let folder = Self.folder()
        let urls = try (0..<4).map { try Self.shard($0, of: 4, folder: folder) }
        let missing = try #require(try Self.error([urls[0], urls[1], urls[3]]))
        #expect(missing.code == .notFound)
        #expect(missing.message.contains("shard 2/4 missing"), "\(missing)")
        let duplicated = try #require(try Self.error(urls + [urls[1]]))
        #expect(duplicated.code == .usage)
        #expect(duplicated.message.contains("shard 1/4 is given twice"), "\(duplicated)")
        let other = Self.folder()
        let seven = try Self.shard(2, of: 4, seed: 7, folder: other)
        let mixed = try #require(try Self.error([urls[0], urls[1], seven, urls[3]]))
        #expect(mixed.code == .badData)
        #expect(mixed.message.contains("run.seed is 7 in \(seven.path) but 42 in"), "\(mixed)")
        let half = try Self.shard(3, of: 4, finished: 1, folder: other)
        let unfinished = try #require(try Self.error([urls[0], urls[1], urls[2], half]))
        #expect(unfinished.code == .notFound)
        #expect(unfinished.message.contains("1 of its 2 examples"), "\(unfinished)")
        let two = try Self.shard(1, of: 2, folder: other)
        #expect(try Self.error([urls[0], two])?.code == .badData)
        // An unsharded journal with shards of the same recipe is two ways of splitting it.
        let whole = try Self.shard(0, of: 1, folder: other)
        #expect(try Self.error(urls + [whole])?.code == .badData)
        #expect(try Self.error([whole]) == nil)
    }

    @Test func everyRecipeOfASeveralRecipeRunMustBeThere() throws {
        let folder = Self.folder()
        let suite = ["typo", "homoglyph"]
        let typo = try (0..<2).map { try Self.shard($0, of: 2, recipe: "typo", suite: suite, folder: folder) }
        let homoglyph = try (0..<2).map { try Self.shard($0, of: 2, recipe: "homoglyph", suite: suite, folder: folder) }
        let set = try ShardSet(scans: try (homoglyph + typo).map { try JournalReader.scan($0) })
        #expect(set.recipes.map(\.name) == suite)
        let missing = try #require(try Self.error(typo))
        #expect(missing.code == .notFound)
        #expect(missing.message.contains("recipe homoglyph"), "\(missing)")
    }

    /// Shards that split the examples differently saw other data or another selection;
    /// a shard that does not say how it split cannot be checked.
    @Test func shardsSplitDifferentlyAreRefused() throws {
        let folder = Self.folder()
        let zero = try Self.shard(0, of: 2, folder: folder)
        let other = try Self.shard(1, of: 2, fingerprint: String(repeating: "0", count: 64), folder: Self.folder())
        let error = try #require(try Self.error([zero, other]))
        #expect(error.code == .badData)
        #expect(error.message.contains("split the examples differently"), "\(error)")
        let unmarked = try Self.shard(1, of: 2, fingerprint: "", folder: Self.folder())
        var lines = try String(contentsOf: unmarked, encoding: .utf8).components(separatedBy: "\n")
        lines[0] = lines[0].replacingOccurrences(of: #""assignment":"","#, with: "")
        try lines.joined(separator: "\n").write(to: unmarked, atomically: true, encoding: .utf8)
        let old = try #require(try Self.error([zero, unmarked]))
        #expect(old.code == .badData)
        #expect(old.message.contains("does not record how the run was split"), "\(old)")
    }
}
