import AdvGlueCorpora
import AdvGlueGates
import AdvGlueReports
import AdvGlueResults
import AdvGlueSupport
import Foundation

/// `advglue merge`: the shards of a sharded attack, checked to make one run, written as
/// the unsharded run writes it (its journal included), then closed as an attack is
/// (``RunClosing``). No model runs.
///
/// ```swift
/// try MergeRun(journals: ["Reports/sst2/shard-0-of-2", "Reports/sst2/shard-1-of-2"], out: nil, gate: nil, console: console).run()
/// ```
public struct MergeRun {
    /// Shard journals, or folders searched for them.
    public var journals: [String]
    /// Where the merged report goes; nil for the folder holding the shard folders.
    public var out: String?
    public var gate: String?
    public var console: any RunConsole

    public init(journals: [String], out: String?, gate: String?, console: any RunConsole) {
        self.journals = journals
        self.out = out
        self.gate = gate
        self.console = console
    }

    public func run() throws {
        let started = Date()
        let gates = try gate.map { try GateRun.loadConfig($0) }
        let urls = try journals.flatMap { try Self.journals(at: URL(filePath: $0)) }
        var scans: [JournalScan] = []
        for url in urls {
            do {
                scans.append(try JournalReader.scan(url))
            } catch {
                throw error.code == .notFound ? error : error.coded(.badData)
            }
        }
        let set: ShardSet
        do {
            set = try ShardSet(scans: scans)
        } catch {
            throw AdvGlueError(error.code, "cannot merge: \(error.message)", hint: error.hint, at: error.location)
        }
        let resources = RunEnvironment.resources
        if let gates {
            try GateRun(console: console).checkPlanned(
                gates, runs: set.recipes.map { .init(task: $0.header.run.task, recipe: $0.name) }, resources: resources)
        }
        let base = try outputFolder(urls)
        let lock = try FolderLock(base)
        defer { lock.release() }
        GateFiles.removeStale(in: base)
        let single = set.recipes.count == 1
        let scratch = FolderLock.scratchFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        var runs: [StreamedRun] = []
        var timings: [ShardTiming] = []
        for recipe in set.recipes {
            let folder = single ? base : base.appending(path: recipe.name, directoryHint: .isDirectory)
            if let shard = recipe.shards.first(where: {
                $0.url.deletingLastPathComponent().standardizedFileURL == folder.standardizedFileURL
            }) {
                throw AdvGlueError(
                    .usage,
                    "--out \(base.path) would overwrite the journal \(shard.url.path); merge into another folder")
            }
            let (digest, cases) = try merge(recipe, into: folder, scratch: scratch)
            let shardTimings = recipe.shards.map(Self.timing)
            timings += shardTimings
            let run = StreamedRun(
                folder: recipe.name, digest: digest,
                context: Self.context(started: started, shards: shardTimings, resources: resources),
                probe: nil, junitCases: cases)
            try run.writeReport(into: folder, junit: single)
            runs.append(run)
            console.print(SummaryTable.render(run.digest))
            console.print("report:  \(folder.appending(path: "report.md").path)")
        }
        let closing = RunClosing(console: console, base: base, resources: resources)
        try closing.summarise(
            runs,
            suite: single
                ? nil : Self.context(started: started, shards: timings, resources: resources, parts: runs.map(\.folder))
        )
        try closing.refuseAllErrors(runs)
        if let gates { try closing.checkGates(gates, runs: runs, single: single) }
    }

    /// One recipe's shards streamed into its outputs, with the combined journal.
    private func merge(_ recipe: ShardSet.Recipe, into folder: URL, scratch: URL) throws -> (AttackDigest, URL) {
        let header = try recipe.header.line()
        let journal: StreamedFile
        do {
            journal = try StreamedFile(folder.appending(path: "journal.jsonl"))
            try journal.write(header)
        } catch {
            throw AdvGlueError(
                .io, "cannot write \(AdvGlueError.summary(of: error))", hint: "check --out", cause: error)
        }
        let stream = ResultsStream(
            tool: recipe.header.tool ?? RunEnvironment.tool, complete: true, run: recipe.header.run)
        let (digest, cases) = try StreamedRun.stream(
            recipe.locations, examples: recipe.locations.count, stream: stream, into: folder,
            scratch: scratch, journal: journal)
        try journal.commit()
        return (digest, cases)
    }

    /// The journals a path names: itself, or every `journal.jsonl` under a folder.
    static func journals(at url: URL) throws -> [URL] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw AdvGlueError(.notFound, "\(url.path): no such file or folder")
        }
        guard isDirectory.boolValue else { return [url] }
        let found =
            (FileManager.default.enumerator(at: url, includingPropertiesForKeys: nil)?.allObjects as? [URL] ?? [])
            .filter { $0.lastPathComponent == "journal.jsonl" }
            .sorted { $0.path < $1.path }
        if found.isEmpty { throw AdvGlueError(.notFound, "\(url.path): no journal.jsonl in this folder or below it") }
        return found
    }

    /// `--out`, else the one folder holding every `shard-I-of-N` folder of the journals.
    private func outputFolder(_ journals: [URL]) throws -> URL {
        if let out { return URL(filePath: out, directoryHint: .isDirectory) }
        let parents = Set(
            journals.map { url -> String? in
                var folder = url.deletingLastPathComponent().standardizedFileURL
                while folder.path != "/" {
                    if folder.lastPathComponent.wholeMatch(of: /shard-\d+-of-\d+/) != nil {
                        return folder.deletingLastPathComponent().path
                    }
                    folder = folder.deletingLastPathComponent()
                }
                return nil
            })
        guard parents.count == 1, let parent = parents.first!, !parent.isEmpty else {
            throw AdvGlueError(
                .usage,
                "--out: the journals are not all in shard-I-of-N folders of one folder; say where the merged report goes"
            )
        }
        return URL(filePath: parent, directoryHint: .isDirectory)
    }

    /// A shard's timing, from the `run.json` its run wrote beside the journal.
    static func timing(_ shard: JournalScan) -> ShardTiming {
        let url = shard.url.deletingLastPathComponent().appending(path: ReportContext.fileName)
        let context = FileManager.default.contents(atPath: url.path).flatMap { try? ReportContext.decode($0) }
        return ShardTiming(
            index: shard.header.shard?.index ?? 0, count: shard.header.shard?.count ?? 1,
            date: context?.date, elapsedSeconds: context?.elapsedSeconds)
    }

    /// The merged run's `run.json`: from the earliest shard's start to the last one's end
    /// when every shard left its timing, else the merge's own.
    static func context(started: Date, shards: [ShardTiming], resources: ProjectResources?, parts: [String]? = nil)
        -> ReportContext
    {
        var context = RunEnvironment.reportContext(started: started, resources: resources, parts: parts)
        let spans = shards.compactMap { shard -> (Date, Date)? in
            guard let date = shard.date.flatMap(RunEnvironment.date(iso8601:)), let elapsed = shard.elapsedSeconds
            else { return nil }
            return (date, date.addingTimeInterval(elapsed))
        }
        if spans.count == shards.count, let start = spans.map(\.0).min(), let end = spans.map(\.1).max() {
            context.date = RunEnvironment.iso8601(start)
            context.elapsedSeconds = end.timeIntervalSince(start)
        }
        context.shards = parts == nil ? shards : nil
        return context
    }
}
