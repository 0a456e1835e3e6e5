import AdvGlueCorpora
import AdvGlueRun
import ArgumentParser

extension ValidationSource.Format: ExpressibleByArgument {}

struct Validate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Judge adversarial examples made by any tool with advglue's validity filters.",
        discussion: """
            Reads adversarial examples with their originals and applies the validity filters an
            attack runs under by default (--filters advglue; docs/validity.md): at most 15% of
            words changed, protected numbers, names, negations and quantifiers, typos that stay
            typos, synonyms of the word's sense, part of speech and polarity, meaning kept.
            Writes validation.json (every verdict with its reasons) and validation.md.

            INPUT is a TextAttack CSV (its CSV logger's original_text, perturbed_text,
            result_type; successful rows are judged; give --task), advglue results (a folder or
            results.json; the successful attacks), or AdvGLUE's dev_ann.json (each item's
            original_* fields against its text; --level word narrows it to word-level items).

            Examples:
              advglue validate ../shared/corpora/advglue/dev_ann.json --level word
              advglue validate textattack-pwws.csv --task sst2 --out Reports/validate-ta
              advglue validate Reports/sst2-pwws
            """
    )

    @Argument(help: ArgumentHelp("The adversarial examples: a CSV, results, or dev_ann.json.", valueName: "input"))
    var input: String

    @Option(name: .long, help: ArgumentHelp("What INPUT is (default: told by its name).", valueName: "format"))
    var format = ValidationSource.Format.auto

    @Option(name: .long, help: ArgumentHelp("The GLUE task (needed for a TextAttack CSV).", valueName: "task"))
    var task: GlueTask?

    @Option(
        name: .long,
        help: ArgumentHelp("Only AdvGLUE items of this data_construction: word, sentence or human.", valueName: "level")
    )
    var level: String?

    @Option(name: .long, help: ArgumentHelp("Folder to write into.", valueName: "dir"))
    var out = "Reports/validate"

    func validate() throws {
        if let level, !["word", "sentence", "human"].contains(level) {
            throw ValidationError("--level '\(level)': expected word, sentence or human")
        }
        if out.isEmpty { throw ValidationError("--out must name a folder") }
    }

    func run() async throws {
        try await ValidateRun(
            input: input, format: format, task: task, level: level, out: out, console: TerminalConsole()
        ).run()
    }
}
