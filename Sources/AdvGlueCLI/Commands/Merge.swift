import AdvGlueRun
import ArgumentParser

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

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Folder for the merged report (default: the folder holding the shard-I-of-N folders).", valueName: "dir"))
    var out: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Check the merged results against a gate config; exit 1 when a gate fails.", valueName: "config"))
    var gate: String?

    func validate() throws {
        if journals.isEmpty { throw ValidationError("give the shards' journals or folders to merge") }
    }

    func run() async throws {
        try MergeRun(journals: journals, out: out, gate: gate, console: TerminalConsole()).run()
    }
}
