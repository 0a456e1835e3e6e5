import AdvGlueCorpora
import AdvGlueResults
import AdvGlueSupport

/// The report's account of validity: which filters a success had to pass and what they
/// rejected, or, for a run without filters, plainly that its figures include adversarial
/// examples no one validated. AdvGLUE found about 90% of the examples attack algorithms
/// generate invalid, so this section stands beside every success rate.
enum ValiditySection {
    /// What each filter refuses, by name (docs/validity.md).
    static let refuses: [String: String] = [
        "max-modification-rate": "more than 15% of the attacked words changed",
        "protected-words":
            "changing numbers, dates, ordinals, names, negations, quantifiers, degree and focus words, light nouns, idioms or half a compound",
        "same-case": "a change of letter case",
        "digits-kept": "a digit changed or added",
        "typos-stay-typos": "a character edit that makes a real word",
        "real-words": "a substitution that is not a word",
        "verbs-kept": "a synonym for a verb, which takes other objects and particles",
        "pair-nouns-kept": "(sentence pairs) a synonym for a noun, which names a neighbouring concept",
        "relational-adjectives-kept":
            "a synonym for or by an adjective that can mean \"relating to\" (\"comic heights\")",
        "distinct-stems": "a substitution by the word's derivative or variant (\"magical\" → \"magic\")",
        "word-embedding-similarity": "a substitution not used like the word (GloVe cosine below 0.6)",
        "collocations-kept":
            "a synonym for a size adjective, a particle, \"worth\" or \"like\", or a word of an open compound (\"big ticket\")",
        "fits-neighbours": "a substitution that breaks \"a\"/\"an\", repeats a word beside it, or reads \"more hard\"",
        "pos-in-context": "a synonym of another part of speech than the word has in context",
        "sense-in-context": "a synonym of another sense than the word has in context",
        "review-vocabulary":
            "a substitution by a word film reviews rarely use (fewer than 50 SST-2 training phrases, or under half as many as the word it replaces)",
        "polarity-kept": "a substitution of another sentiment polarity or strength",
        "field-similarity": "a flip whose changed field drifts in meaning (MiniLM cosine)",
    ]

    static func validated(_ run: RunInfo) -> Bool { run.filters?.validated ?? false }

    /// A sentence for the verdict line.
    static func verdict(_ results: AttackDigest) -> String {
        guard let filters = results.run.filters, filters.validated else {
            return
                "**These figures count adversarial examples no one validated (`--filters none`): AdvGLUE found about 90% of such examples change the meaning or the label.**"
        }
        let rejected = (results.summary.rejectedCandidates ?? [:]).values.reduce(0, +)
        let flips = (results.summary.rejectedFlips ?? [:]).values.reduce(0, +)
        let passed =
            "the \(filters.filters.count) validity filters of `--filters \(filters.set)`, which rejected \(rejected) candidate changes and \(flips) flips"
        // Where people read this recipe's successes and found fewer than 90% valid, the
        // filters miss some invalid ones: say so beside the figures rather than claim all.
        if let reading = reading(results), reading.share < readingTarget {
            return "Every success counted passed " + passed
                + "; **but when the team read \(reading.read) of this recipe's successes on this task (\(MarkdownEscaping.escape(reading.date)), built-in lexical model), only \(reading.valid) were valid (\(percent(reading))): the success rate still counts examples a careful reader rejects.** Read them, or validate them by hand (`advglue export --annotation`)."
        }
        // A reading of the successes the filters were written on overstates them.
        if let reading = reading(results), reading.inSample == true {
            return "Every success counted passed " + passed
                + "; **the team read \(reading.read) of this recipe's successes on this task (\(MarkdownEscaping.escape(reading.date)), built-in lexical model) and found \(reading.valid) valid (\(percent(reading))), but the filters were written on those very successes, so other examples will read lower.** Read them, or validate them by hand (`advglue export --annotation`)."
        }
        return "Only valid adversarial examples count: every success passed " + passed + "."
    }

    /// The share of read successes below which a report warns that the filters miss some
    /// invalid ones (issue 17's target).
    static let readingTarget = 0.9

    /// The reading of the run's recipe on the run's task, if any and if it ran with filters.
    static func reading(_ results: AttackDigest) -> RecipeInfo.Reading? {
        guard validated(results.run) else { return nil }
        // MNLI's reading drew on matched and mismatched pairs alike.
        let task = results.run.task == .mnliMismatched ? GlueTask.mnli : results.run.task
        return results.run.recipe.readings?.first { $0.task == task.rawValue && $0.isWellFormed }
    }

    static func percent(_ reading: RecipeInfo.Reading) -> String {
        "\(Int((100 * reading.share).rounded()))%"
    }

    /// One sentence on what reading the recipe's successes found, on every task read.
    static func readingLine(_ readings: [RecipeInfo.Reading]) -> String {
        let parts = readings.map { reading in
            // A results file may come from anywhere: its strings are escaped. MNLI's reading
            // drew on matched and mismatched pairs.
            let task =
                reading.task == GlueTask.mnli.rawValue
                ? "MNLI" : GlueTask(rawValue: reading.task)?.displayName ?? MarkdownEscaping.escape(reading.task)
            let sample = reading.inSample == true ? ", in-sample" : reading.inSample == false ? ", held out" : ""
            return
                "\(task) \(reading.valid) of \(reading.read) valid (\(percent(reading)), \(MarkdownEscaping.escape(reading.date))\(sample))"
        }
        return
            "Read by hand under the default filters of the day (built-in lexical models; docs/validity-reading.md): "
            + parts.joined(separator: "; ") + "."
    }

    static func lines(_ results: AttackDigest) -> [String] {
        var lines = ["## Validity", ""]
        guard let filters = results.run.filters, filters.validated else {
            lines.append(
                "This run applied no validity filters (`--filters none`): the recipe ran as its paper does, and its successes include adversarial examples that change the meaning or the gold label, or are not English. Read them before trusting the figures, or run with the default `--filters advglue`."
            )
            return lines + [""]
        }
        let threshold = filters.similarityThreshold.map { " (threshold \(Format.fixed($0, digits: 2)))" } ?? ""
        lines.append(
            "A success counts only if it passed every filter below (see docs/validity.md). Candidate changes a word-level filter rejected never reached the model; flips an acceptance check refused were not counted, and the search kept looking."
        )
        lines.append("")
        lines.append("| Filter | Refuses | Candidates rejected | Flips refused |")
        lines.append("|---|---|---:|---:|")
        let candidates = results.summary.rejectedCandidates ?? [:]
        let flips = results.summary.rejectedFlips ?? [:]
        for name in filters.filters {
            let what = (refuses[name] ?? "") + (name == "field-similarity" ? threshold : "")
            lines.append(
                "| \(MarkdownEscaping.code(name)) | \(MarkdownEscaping.escape(what)) | \(candidates[name] ?? 0) | \(flips[name] ?? 0) |"
            )
        }
        let readings = (results.run.recipe.readings ?? []).filter(\.isWellFormed)
        if !readings.isEmpty { lines += ["", readingLine(readings)] }
        if let similarity = results.summary.averageFieldSimilarity {
            lines += ["", "Mean field similarity of the successful attacks: \(Format.fixed(similarity, digits: 3))."]
        }
        return lines + [""]
    }
}
