import AdvGlueCorpora
import AdvGlueReports
import AdvGlueSupport
import ArgumentParser
import Foundation

struct Merge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine the shards of a sharded attack into one report, as the unsharded run writes it.",
        discussion: """
            JOURNAL is a shard's journal.jsonl or a folder holding journals (searched
            recursively): the shard folders `advglue attack --shard I/N` writes (OUT/shard-I-of-N).
            Every shard of every recipe must be there once and finished, and all must come
            from the same run configuration; otherwise merge names what is missing,
            duplicated, unfinished or different, and writes nothing.

            It writes what the unsharded run with the same options writes: report.md,
            results.json, results.csv, junit.xml, accuracy.svg and journal.jsonl (summary.md and
            one folder per recipe for several recipes), byte-identical apart from the Run block
            of the reports and run.json (command line, date, timing), which list the shards.
            No model runs.

            Exit status: 64 a shard given twice, 65 journals of different runs, 66 a shard
            missing or unfinished, 74 cannot write output; with --gate, 1 when a gate fails.

            Examples:
              advglue merge Reports/sst2-pwws/shard-*-of-4
              advglue merge shards/*/journal.jsonl --out Reports/sst2-pwws --gate robustness.yaml
            """
    )

    @Argument(help: ArgumentHelp("Shard journals (journal.jsonl) or folders holding them.", valueName: "journal"))
    var journals: [String]

    @Option(name: .long, help: ArgumentHelp("Folder for the merged report (default: the folder holding the shard-I-of-N folders).", valueName: "dir"))
    var out: String?

    @Option(name: .long, help: ArgumentHelp("Check the merged results against a gate config; exit 1 when a gate fails.", valueName: "config"))
    var gate: String?

    func validate() throws {
        if journals.isEmpty { throw ValidationError("give the shards' journals or folders to merge") }
    }

    func run() async throws {
        let started = Date()
        let gates = try gate.map { try GateCommandSupport.loadConfig($0, status: .config) }
        let urls = try journals.flatMap { try Self.journals(at: URL(filePath: $0)) }
        var scans: [JournalScan] = []
        for url in urls {
            do {
                scans.append(try JournalReader.scan(url))
            } catch {
                throw CommandFailure(message: "\(error)", status: error.kind == .unreadable ? .noInput : .dataError)
            }
        }
        let set: ShardSet
        do {
            set = try ShardSet(scans: scans)
        } catch {
            let status: ExitStatus = switch error.kind {
            case .missing, .incomplete: .noInput
            case .duplicated: .usage
            case .mixed: .dataError
            }
            throw CommandFailure(message: "cannot merge: \(error)", status: status)
        }
        let base = try outputFolder(urls)
        let single = set.recipes.count == 1
        let resources = Environment.resources
        let scratch = FileManager.default.temporaryDirectory.appending(path: "advglue-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        var runs: [StreamedRun] = []
        var timings: [[ShardTiming]] = []
        for recipe in set.recipes {
            let folder = single ? base : base.appending(path: recipe.name, directoryHint: .isDirectory)
            if let shard = recipe.shards.first(where: { $0.url.deletingLastPathComponent().standardizedFileURL == folder.standardizedFileURL }) {
                throw CommandFailure(message: "--out \(base.path) would overwrite the journal \(shard.url.path); merge into another folder", status: .usage)
            }
            let journal = try Self.file(folder.appending(path: "journal.jsonl"))
            let stream = ResultsStream(tool: recipe.header.tool ?? ToolInfo(version: Environment.version), complete: true, run: recipe.header.run)
            do {
                try journal.write(try JSONLine.encode(recipe.header))
            } catch {
                throw CommandFailure(message: "cannot write \(journal.url.path): \(error)", status: .ioError)
            }
            let (digest, cases) = try StreamedRun.stream(recipe.locations, examples: recipe.locations.count, stream: stream, into: folder,
                                                         scratch: scratch, name: recipe.name, journal: journal)
            do { try journal.commit() } catch { throw CommandFailure(message: "\(error)", status: .ioError) }
            let shardTimings = recipe.shards.map(Self.timing)
            timings.append(shardTimings)
            let run = StreamedRun(folder: recipe.name, digest: digest, context: Self.context(started: started, shards: shardTimings, resources: resources),
                                  probe: nil, junitCases: cases)
            try run.writeReport(into: folder, junit: single)
            runs.append(run)
            print(SummaryTable.render(digest))
            print("report:  \(folder.appending(path: "report.md").path)")
        }
        if !single {
            let context = Self.context(started: started, shards: timings.flatMap { $0 }, resources: resources, parts: runs.map(\.folder))
            try StreamedRun.writeSuite(runs, context: context, into: base)
            GitHubStepSummary.append(StepSummary.suite(runs.map(\.part)))
            print("summary: \(base.appending(path: SuiteReport.fileName).path)")
        } else if let only = runs.first {
            GitHubStepSummary.append(StepSummary.attack(only.digest, probe: nil))
        }
        if let gates {
            let subjects = runs.map { GateSubject(attack: $0.digest, probe: nil as ProbeVerdict?, source: single ? base.path : base.appending(path: $0.folder).path) }
            try GateCommandSupport.check(gates, subjects: subjects, out: base, failureStatus: .belowThreshold, errorStatus: .config)
        }
    }

    /// The journals a path names: itself, or every `journal.jsonl` under a folder.
    static func journals(at url: URL) throws -> [URL] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw CommandFailure(message: "\(url.path): no such file or folder", status: .noInput)
        }
        guard isDirectory.boolValue else { return [url] }
        let found = (FileManager.default.enumerator(at: url, includingPropertiesForKeys: nil)?.allObjects as? [URL] ?? [])
            .filter { $0.lastPathComponent == "journal.jsonl" }
            .sorted { $0.path < $1.path }
        if found.isEmpty { throw CommandFailure(message: "\(url.path): no journal.jsonl in this folder or below it", status: .noInput) }
        return found
    }

    /// `--out`, else the one folder holding every `shard-I-of-N` folder of the journals.
    private func outputFolder(_ journals: [URL]) throws -> URL {
        if let out { return URL(filePath: out, directoryHint: .isDirectory) }
        let parents = Set(journals.map { url -> String? in
            var folder = url.deletingLastPathComponent().standardizedFileURL
            while folder.path != "/" {
                if folder.lastPathComponent.wholeMatch(of: /shard-\d+-of-\d+/) != nil { return folder.deletingLastPathComponent().path }
                folder = folder.deletingLastPathComponent()
            }
            return nil
        })
        guard parents.count == 1, let parent = parents.first!, !parent.isEmpty else {
            throw CommandFailure(message: "--out: the journals are not all in shard-I-of-N folders of one folder; say where the merged report goes", status: .usage)
        }
        return URL(filePath: parent, directoryHint: .isDirectory)
    }

    private static func file(_ url: URL) throws -> StreamedFile {
        do { return try StreamedFile(url) } catch { throw CommandFailure(message: "cannot write \(error); check --out", status: .ioError) }
    }

    /// A shard's timing, from the `run.json` its run wrote beside the journal.
    static func timing(_ shard: JournalScan) -> ShardTiming {
        let url = shard.url.deletingLastPathComponent().appending(path: ReportContext.fileName)
        let context = FileManager.default.contents(atPath: url.path).flatMap { try? ReportContext.decode($0) }
        return ShardTiming(index: shard.header.shard?.index ?? 0, count: shard.header.shard?.count ?? 1,
                           date: context?.date, elapsedSeconds: context?.elapsedSeconds)
    }

    /// The merged run's `run.json`: from the earliest shard's start to the last one's end
    /// when every shard left its timing, else the merge's own.
    static func context(started: Date, shards: [ShardTiming], resources: ProjectResources?, parts: [String]? = nil) -> ReportContext {
        var context = Environment.reportContext(started: started, resources: resources, parts: parts)
        let spans = shards.compactMap { shard -> (Date, Date)? in
            guard let date = shard.date.flatMap(Environment.date(iso8601:)), let elapsed = shard.elapsedSeconds else { return nil }
            return (date, date.addingTimeInterval(elapsed))
        }
        if spans.count == shards.count, let start = spans.map(\.0).min(), let end = spans.map(\.1).max() {
            context.date = Environment.iso8601(start)
            context.elapsedSeconds = end.timeIntervalSince(start)
        }
        context.shards = parts == nil ? shards : nil
        return context
    }
}

/// A journal line: compact JSON with sorted keys and a newline, as ``JournalWriter`` writes it.
enum JSONLine {
    static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(value)
        data.append(0x0A)
        return data
    }
}
