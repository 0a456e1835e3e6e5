import AdvGlueAttacks
import AdvGlueRun
import ArgumentParser
import Foundation

struct Perturb: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "perturb",
        abstract: "Write a perturbed copy of a dataset with a recipe's transformation, without any model.",
        discussion: """
            Applies the recipe's transformation and constraints at randomly chosen words (no
            model, no search): word-level recipes (typo, homoglyph, synonym, invisible) change
            words until the recipe's 15% limit; sentence-level ones (distraction, paraphrase)
            make one change. The copy keeps the input's format (GLUE .tsv with its header and
            columns, JSON Lines, AdvGLUE dev.json, keyed JSON), ids and labels. The same --seed
            gives the same copy.

            Example:
              advglue perturb --task sst2 --attack typo --data ../shared/corpora/glue_data/SST-2/dev.tsv --out sst2-typo.tsv
            """
    )

    @OptionGroup var taskOptions: TaskOptions

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The recipe whose transformation to apply (typo, homoglyph, distraction, paraphrase, ...).",
            valueName: "recipe"))
    var attack: String

    @Option(name: .long, help: ArgumentHelp("The data file to perturb.", valueName: "path"))
    var data: String

    @Option(
        name: .long, help: ArgumentHelp("Where to write the perturbed copy (same format as --data).", valueName: "path")
    )
    var out: String

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Fields to change: default (pair tasks: the second field), all, or a comma-separated list.",
            valueName: "fields"))
    var fields: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The most changes per example (default: the recipe's modification-rate limit, else 1).", valueName: "n"))
    var maxChanges: Int?

    @Option(name: .long, help: ArgumentHelp("Seed for every random choice.", valueName: "n"))
    var seed: UInt64 = 42

    @Flag(name: .long, help: "Skip malformed rows instead of stopping (they are left out of the copy).")
    var lenient = false

    func validate() throws {
        if let maxChanges, maxChanges < 1 {
            throw ValidationError("--max-changes must be at least 1 (got \(maxChanges))")
        }
        if URL(filePath: out).standardizedFileURL.path == URL(filePath: data).standardizedFileURL.path {
            throw ValidationError("--out '\(out)' is --data itself; write the copy to another file")
        }
        if URL(filePath: out).pathExtension.lowercased() != URL(filePath: data).pathExtension.lowercased() {
            throw ValidationError(
                "--out '\(out)': the copy keeps the format of --data, so give it the same extension (.\(URL(filePath: data).pathExtension))"
            )
        }
    }

    func run() async throws {
        try await PerturbRun(
            task: taskOptions.task, recipe: attack, fields: fields.map(FieldSelection.init(parsing:)), data: data,
            out: out,
            maxChanges: maxChanges, seed: seed, lenient: lenient, console: TerminalConsole()
        ).run()
    }
}
