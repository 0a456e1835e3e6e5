import AdvGlueRun
import ArgumentParser
import Foundation

struct Gate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gate",
        abstract: "Check saved results against release gates; exit 1 when a gate fails.",
        discussion: """
            Reads saved results (folders written by `advglue attack` or `advglue eval`, searched
            recursively, or results.json / eval.json files; default: the config's `results`
            list) and checks every gate of the config against the runs its task and recipe
            match: minimum accuracy under attack, maximum drop from benign accuracy, maximum
            attack success rate, minimum validity (similarity, BERTScore F1) and the
            calibration probe's verdict. It runs no model. To attack and gate in one step,
            use `advglue attack --gate CONFIG`.

            Exit status: 0 every gate passed, 1 a gate failed (the report names it and by how
            much), 2 usage or runtime error (bad config, unreadable results).

            Example:
              advglue gate --config robustness.example.yaml Reports/sst2-typo
            """
    )

    @Option(name: .long, help: ArgumentHelp("The gate config (see robustness.example.yaml).", valueName: "path"))
    var config: String

    @Argument(
        help: ArgumentHelp(
            "Saved results: folders or results.json / eval.json files (default: the config's `results`).",
            valueName: "results"))
    var results: [String] = []

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Also write gate.md, gate.json and junit.xml (one test case per check) into this folder.", valueName: "dir")
    )
    var out: String?

    func run() async throws {
        try GateRun(console: TerminalConsole()).checkSaved(
            config: config, results: results, out: out.map { URL(filePath: $0, directoryHint: .isDirectory) })
    }
}
