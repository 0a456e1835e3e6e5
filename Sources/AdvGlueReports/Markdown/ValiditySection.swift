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
        "protected-words": "changing numbers, dates, names, negations, quantifiers or idioms",
        "same-case": "a change of letter case",
        "digits-kept": "a digit changed or added",
        "typos-stay-typos": "a character edit that makes a real word",
        "real-words": "a substitution that is not a word",
        "verbs-kept": "a synonym for a verb, which takes other objects and particles",
        "word-embedding-similarity": "a substitution not used like the word (GloVe cosine below 0.6)",
        "fits-neighbours": "a substitution that breaks \"a\"/\"an\" or repeats a word beside it",
        "pos-in-context": "a synonym of another part of speech than the word has in context",
        "sense-in-context": "a synonym of another sense than the word has in context",
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
        return
            "Only valid adversarial examples count: every success passed the \(filters.filters.count) validity filters of `--filters \(filters.set)`, which rejected \(rejected) candidate changes and \(flips) flips."
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
        if let similarity = results.summary.averageFieldSimilarity {
            lines += ["", "Mean field similarity of the successful attacks: \(Format.fixed(similarity, digits: 3))."]
        }
        return lines + [""]
    }
}
