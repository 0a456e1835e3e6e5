import AdvGlueModels
import AdvGlueResults
import AdvGlueSupport

/// The reproducibility block every report ends with (tool version and commit, seed,
/// checksums, model), then the "Run" block with what differs between runs that give the
/// same results (command line, date, duration; for a merged run its shards), kept apart
/// so the rest compares cleanly: a run merged from shards has the same report as the
/// unsharded run up to that block.
public enum Reproducibility {
    /// `items` are (name, already-escaped Markdown value) rows after the advglue version.
    public static func lines(tool: ToolInfo, context: ReportContext, items: [(String, String)], examples: Int)
        -> [String]
    {
        let version = tool.version + (context.commit.map { " (commit \($0))" } ?? "")
        var lines = [
            "## Reproducibility",
            "",
            "| Item | Value |",
            "|---|---|",
            "| advglue | \(MarkdownEscaping.escape(version)) |",
        ]
        lines += items.map { "| \($0.0) | \($0.1) |" }
        lines += [
            "",
            "## Run",
            "",
            "The command line, date and timing vary between runs that give the same results, so they stand apart here and are not in the results file.",
            "",
            "Command:",
            "",
            codeBlock(context.commandLine.map(shellQuote).joined(separator: " ")),
            "",
            "| Item | Value |",
            "|---|---|",
            "| Date | \(MarkdownEscaping.escape(context.date)) |",
            "| Elapsed | \(Format.fixed(context.elapsedSeconds, digits: 1)) s |",
        ]
        // A resumed run's speed is this process's work over this process's time.
        let measured = context.examplesThisRun ?? examples
        if let resumedFrom = context.examplesThisRun, resumedFrom < examples {
            lines.append(
                "| Resumed | \(examples - resumedFrom) examples came from the journal, \(resumedFrom) were attacked now |"
            )
        }
        if context.elapsedSeconds > 0, measured > 0 {
            lines.append(
                "| Examples per second | \(Format.fixed(Double(measured) / context.elapsedSeconds, digits: 1)) |")
            lines.append(
                "| Time per example | \(Format.fixed(context.elapsedSeconds * 1000 / Double(measured), digits: 1)) ms |"
            )
        }
        if let usage = context.modelUsage, context.elapsedSeconds > 0 {
            lines.append(
                "| Model calls | \(usage.calls) calls, \(usage.inputs) inputs (\(Format.fixed(Double(usage.inputs) / context.elapsedSeconds, digits: 0)) per second) |"
            )
            lines.append(
                "| Waiting on the model | \(Format.fixed(usage.busySeconds, digits: 2)) s (\(Format.percent(usage.busySeconds / context.elapsedSeconds)) of the run) |"
            )
        }
        if let tokens = context.modelUsage?.tokens {
            lines.append("| LLM requests and tokens | \(LLMUsageText.line(tokens)) |")
        }
        if let shards = context.shards, let count = shards.first?.count {
            let times = shards.map { $0.elapsedSeconds.map { Format.fixed($0, digits: 1) + " s" } ?? "unknown" }
            lines.append(
                "| Shards | \(count), merged by the command above; each took \(times.joined(separator: ", ")) |")
        }
        return lines
    }

    /// The "Recipe data" row: the files the recipe's parts read, when there are any.
    public static func recipeData(_ recipe: RecipeInfo) -> [(String, String)] {
        guard let files = recipe.dataFiles, !files.isEmpty else { return [] }
        return [
            (
                "Recipe data",
                files.map { "\(MarkdownEscaping.escape($0.file)) (sha256 \($0.sha256))" }.joined(separator: "; ")
            )
        ]
    }

    /// The validity filters and the files they read; "none" for a run without them.
    public static func filters(_ filters: FilterInfo?) -> [(String, String)] {
        guard let filters, filters.validated else { return [("Validity filters", "none")] }
        let files = (filters.dataFiles ?? []).map { "\(MarkdownEscaping.escape($0.file)) (sha256 \($0.sha256))" }
        return [("Validity filters", ([MarkdownEscaping.code(filters.set)] + files).joined(separator: "; "))]
    }

    public static func data(_ data: DataInfo) -> String {
        "\(MarkdownEscaping.escape(data.file)) (\(data.format.rawValue), sha256 \(data.sha256))"
    }

    public static func model(_ model: ModelIdentity) -> String {
        "\(MarkdownEscaping.escape(model.spec)): \(MarkdownEscaping.escape(model.description))\(model.checksum.map { " (sha256 \(MarkdownEscaping.escape($0)))" } ?? "")"
    }

    /// POSIX shell quoting for the command line shown in the block.
    public static func shellQuote(_ argument: String) -> String {
        let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=,+@%")
        if !argument.isEmpty && argument.allSatisfy(safe.contains) { return argument }
        return "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
