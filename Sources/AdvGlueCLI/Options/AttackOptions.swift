import AdvGlueAttacks
import AdvGlueRun
import ArgumentParser

extension ValidityChoice: ExpressibleByArgument {}
extension FilterSet: ExpressibleByArgument {}
extension JournalWriter.Durability: ExpressibleByArgument {}

/// `advglue attack`'s recipes and what overrides them.
struct RecipeOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Recipes in Attacks/ by name (see `advglue recipes`) or paths to recipe .yaml files, comma-separated; several write one report each under --out.",
            valueName: "recipes"))
    var attack = "typo"

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Fields the attack may change: default (pair tasks: the second field, e.g. the NLI hypothesis), all, or a comma-separated list. Overrides the recipe.",
            valueName: "fields"))
    var fields: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Score successful attacks for validity: minilm (MiniLM similarity and BERTScore-style F1 of the changed fields) or none. Overrides the recipe's `validity`.",
            valueName: "scorer"))
    var validity: ValidityChoice?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Validity filters on top of every recipe: advglue (a success counts only if it is a valid adversarial example: at most 15% of words changed, typos that stay typos, synonyms of the word's sense and polarity, meaning kept; see docs/validity.md) or none (each recipe exactly as its paper runs it; successes unvalidated).",
            valueName: "set"))
    var filters = FilterSet.advglue

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The longest one example may take; past it the example is an error (a guard against stalls).",
            valueName: "s"))
    var maxSecondsPerExample: Double = 600

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Distinct model queries allowed per example, the original included; overrides each recipe's query_budget (for slow or paid models, such as an LLM behind an API).",
            valueName: "n"))
    var queryBudget: Int?

    var recipes: [String] { attack.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }

    func validate() throws {
        if let queryBudget, queryBudget < 2 {
            throw ValidationError(
                "--query-budget must be at least 2, the original and one candidate (got \(queryBudget))")
        }
        if !(maxSecondsPerExample > 0 && maxSecondsPerExample.isFinite) {
            throw ValidationError(
                "--max-seconds-per-example must be a positive number of seconds (got \(maxSecondsPerExample))")
        }
    }
}

/// What follows an attack: the calibration probe and the gates.
struct FollowUpOptions: ParsableArguments {
    @Flag(
        name: .long,
        help:
            "Also run the calibration probe for each recipe (held-out examples: those after --num-examples, or --calibration-data) and add its section to the report."
    )
    var probe = false

    @Option(name: .long, help: ArgumentHelp("Held-out labelled data for --probe.", valueName: "path"))
    var calibrationData: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Check the results against a gate config (see robustness.example.yaml); exit 1 when a gate fails.",
            valueName: "config"))
    var gate: String?

    func validate() throws {
        if calibrationData != nil, !probe {
            throw ValidationError("--calibration-data is for --probe; add --probe or leave it out")
        }
    }
}

/// The journal an attack writes, or continues.
struct JournalOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Continue the run that wrote this journal.jsonl: its finished examples are kept, the rest attacked. Needs the same options; --out defaults to the journal's folder.",
            valueName: "journal"))
    var resume: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "When a journal line reaches the disk before its example counts: group (one fdatasync for the lines written meanwhile), line (one per line), none (write(2) only: survives a killed advglue, not a machine crash).",
            valueName: "mode"))
    var journalSync: JournalWriter.Durability = .groupCommit

    @Flag(
        name: .long,
        help:
            "Start again in a folder whose journal holds an unfinished run, discarding its finished examples (without it, such a run is refused: continue it with --resume)."
    )
    var overwrite = false

    func validate() throws {
        if overwrite, resume != nil { throw ValidationError("--overwrite and --resume: choose one") }
    }
}
