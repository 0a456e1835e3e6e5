import AdvGlueAttacks
import AdvGlueCorpora
import AdvGlueModels
import AdvGlueReports
import AdvGlueResults
import AdvGlueRun
import AdvGlueSupport
import AdvGlueText
import Foundation
import Testing

@Suite("Journal: writer, reader, configuration")
struct JournalTests {
    static func info(seed: UInt64 = 42, examples: Int = 3) throws -> RunInfo {
        let recipe = try Fixtures.recipe()
        return RunInfo(
            task: .sst2, labels: GlueTask.sst2.labelNames, recipe: RecipeInfo(recipe),
            model: ModelIdentity(spec: "builtin:lexical", description: "test"),
            data: DataInfo(
                file: "dev.tsv", sha256: "abc", format: .glueTSV, demo: false, examplesInFile: examples, skippedRows: []
            ),
            fields: ["sentence"], seed: seed, queryBudget: 2000, numExamplesRequested: nil, examplesSelected: examples)
    }

    static func result(_ id: String, probabilities: [Float] = [0.1234567, 0.8765433]) -> AttackResult {
        AttackResult(
            exampleID: id, groundTruth: 1, outcome: .failed, original: TextInput([("sentence", "a fine film \(id)")]),
            perturbed: TextInput([("sentence", "a fnie film \(id)")]), originalPrediction: 1, perturbedPrediction: 1,
            originalProbabilities: probabilities, perturbedProbabilities: [0.3, 0.7], modifications: [], wordCount: 3,
            queries: 7, budgetExhausted: false, errorMessage: nil)
    }

    static func temporaryJournal() -> URL {
        FileManager.default.temporaryDirectory.appending(path: "advglue-journal-\(UUID().uuidString)/journal.jsonl")
    }

    @Test(arguments: JournalWriter.Durability.allCases)
    func resultsRoundTripExactly(_ durability: JournalWriter.Durability) throws {
        let url = Self.temporaryJournal()
        let header = JournalHeader(tool: ToolInfo(version: "0.1.0"), run: try Self.info())
        let writer = try JournalWriter.create(at: url, header: header, durability: durability)
        let results = [
            Self.result("a", probabilities: [Float.leastNonzeroMagnitude, 1]), Self.result("b"),
            Self.result("c", probabilities: [0.1, 0.9]),
        ]
        let durable = DurableCounter()
        for index in [2, 0] { try writer.append(index: index, result: results[index]) { durable.increment() } }
        try writer.close()
        #expect(durable.value == 2)
        let read = try JournalReader.read(url)
        #expect(read.header == header)
        #expect(read.results == [0: results[0], 2: results[2]])
        #expect(read.tornBytes == 0)
        try read.validate(exampleIDs: ["a", "b", "c"])
        #expect(throws: AdvGlueError.self) { try read.validate(exampleIDs: ["a", "x", "y"]) }
        #expect(throws: AdvGlueError.self) { try read.validate(exampleIDs: ["a"]) }
    }

    @Test func aTornLastLineIsDroppedAndCutOffWhenContinuing() throws {
        let url = Self.temporaryJournal()
        let writer = try JournalWriter.create(at: url, header: JournalHeader(tool: nil, run: try Self.info()))
        try writer.append(index: 0, result: Self.result("a"))
        try writer.close()
        let complete = try Data(contentsOf: url)
        // Killed in the middle of writing the second line.
        let handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"index":1,"result":{"exampleID":"b","groundTr"#.utf8))
        try handle.close()
        let read = try JournalReader.read(url)
        #expect(read.results.keys.sorted() == [0])
        #expect(read.tornBytes > 0)
        #expect(read.validLength == complete.count)
        let continued = try JournalWriter.continuing(read)
        try continued.append(index: 1, result: Self.result("b"))
        try continued.close()
        let again = try JournalReader.read(url)
        #expect(again.results.keys.sorted() == [0, 1])
        #expect(again.tornBytes == 0)
        // A crash can also leave a last line of zeros ending in a newline.
        try (Data(contentsOf: url) + Data(repeating: 0, count: 40) + Data([0x0A])).write(to: url)
        #expect(try JournalReader.read(url).results.count == 2)
    }

    @Test func damageBeforeTheLastLineAndRepeatsAreErrorsNamingTheLine() throws {
        let url = Self.temporaryJournal()
        let writer = try JournalWriter.create(at: url, header: JournalHeader(tool: nil, run: try Self.info()))
        try writer.append(index: 0, result: Self.result("a"))
        try writer.append(index: 1, result: Self.result("b"))
        try writer.close()
        var lines = try String(contentsOf: url, encoding: .utf8).split(
            separator: "\n", omittingEmptySubsequences: false)
        lines[1] = "garbage"
        try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
        do {
            _ = try JournalReader.read(url)
            Issue.record("read a damaged journal")
        } catch {
            #expect(error.location?.line == 2)
            #expect(error.code == .badData)
        }
        lines[1] = lines[2]
        try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
        #expect(throws: AdvGlueError.self) { try JournalReader.read(url) }
        try Data("not a journal\n".utf8).write(to: url)
        #expect(throws: AdvGlueError.self) { try JournalReader.read(url) }
        #expect(throws: AdvGlueError.self) { try JournalReader.read(url.appending(path: "missing")) }
    }

    @Test func differencesNameWhatChanged() throws {
        let journal = JournalHeader(tool: ToolInfo(version: "0.1.0"), run: try Self.info())
        #expect(journal.differences(from: journal).isEmpty)
        var current = JournalHeader(tool: ToolInfo(version: "0.1.0"), run: try Self.info(seed: 7))
        current.run.data.file = "/elsewhere/dev.tsv"
        #expect(current.differences(from: journal).map(\.description) == ["run.seed: 42 in the journal, 7 now"])
        current.run.data.sha256 = "def"
        current.run.fields = ["sentence", "extra"]
        current.run.recipe = RecipeInfo(try Fixtures.recipe("pwws"))
        let paths = current.differences(from: journal).map(\.path)
        #expect(paths.contains("run.data.file") && paths.contains("run.data.sha256") && paths.contains("run.fields"))
        #expect(paths.contains("run.recipe.name") && paths.contains("run.recipe.sha256"))
        #expect(!paths.contains { $0.hasPrefix("run.recipe.deviations") })
        // A journal from before the tool and ICU versions were recorded does not block a resume.
        let old = JournalHeader(tool: nil, run: try Self.info())
        #expect(
            JournalHeader(tool: ToolInfo(version: "0.1.0"), icuVersion: "72.1", run: try Self.info()).differences(
                from: old
            ).isEmpty)
        let icu = JournalHeader(tool: nil, icuVersion: "72.1", run: try Self.info())
        #expect(
            JournalHeader(tool: nil, icuVersion: "74.2", run: try Self.info()).differences(from: icu).map(\.description)
                == ["icuVersion: '72.1' in the journal, '74.2' now"])
    }

    /// A recipe data file that changed is named; one that moved with the same checksum is
    /// the same file; a journal from before data files were recorded resumes, unless the
    /// recipe reads a file advglue did not read then (the homoglyph table).
    @Test func recipeDataFilesAreComparedFileByFile() throws {
        func header(_ files: [DataFileInfo]?) throws -> JournalHeader {
            var info = try Self.info()
            info.recipe.dataFiles = files
            return JournalHeader(tool: ToolInfo(version: "0.1.0"), run: info)
        }
        let table = DataFileInfo(file: "/a/Corpora/lexicons/homoglyphs.tsv", sha256: "t1")
        let contexts = DataFileInfo(file: "/a/Corpora/lexicons/homoglyph-contexts.tsv", sha256: "c1")
        let stopwords = DataFileInfo(file: "/a/Corpora/lexicons/stopwords-en.txt", sha256: "s1")
        let journal = try header([table, contexts, stopwords])
        var changed = contexts
        changed.sha256 = "c2"
        #expect(
            try header([table, changed, stopwords]).differences(from: journal).map(\.description) == [
                "run.recipe.dataFiles.homoglyph-contexts.tsv.sha256: 'c1' in the journal, 'c2' now"
            ])
        let moved = [table, contexts, stopwords].map {
            DataFileInfo(file: "/b" + $0.file.dropFirst(2), sha256: $0.sha256)
        }
        #expect(try header(moved).differences(from: journal).isEmpty)
        #expect(try header([stopwords]).differences(from: try header(nil)).isEmpty)
        #expect(!(try header([table, contexts, stopwords]).differences(from: try header(nil)).isEmpty))
    }
}

/// Counts `whenDurable` calls from the journal's sync queue.
final class DurableCounter: @unchecked Sendable {
    // Unchecked: guarded by the lock.
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
