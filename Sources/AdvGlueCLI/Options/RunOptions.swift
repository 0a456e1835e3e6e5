import ArgumentParser
import Foundation

struct RunOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp("Seed for every random choice; the same seed gives the same results.", valueName: "n"))
    var seed: UInt64 = 42

    @Option(
        name: .long, help: ArgumentHelp("Examples attacked at once (default: the number of cores).", valueName: "n"))
    var jobs: Int?

    /// `--jobs`, else the number of cores; the help text stays the same on every machine.
    var effectiveJobs: Int { jobs ?? ProcessInfo.processInfo.activeProcessorCount }

    @Option(name: .long, help: ArgumentHelp("The most inputs sent to the model in one call.", valueName: "n"))
    var batchSize = 256

    @Flag(name: .long, help: "Print no progress.")
    var quiet = false

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1 (got \(jobs))") }
        if batchSize < 1 { throw ValidationError("--batch-size must be at least 1 (got \(batchSize))") }
    }
}

struct OutputOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp("Folder for report.md and results.json (default: Reports/TASK-RECIPE).", valueName: "dir"))
    var out: String?

    func validate() throws {
        // An empty --out would write into the current folder, mixed with whatever is there.
        if let out, out.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--out '\(out)' is empty: name a folder (default: Reports/TASK-RECIPE)")
        }
    }
}
