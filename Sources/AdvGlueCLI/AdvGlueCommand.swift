import AdvGlueRun
import AdvGlueSupport
import ArgumentParser
import Foundation

/// The `advglue` command: a thin layer of subcommands over the libraries.
public struct AdvGlueCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "advglue",
        abstract: "Test how robust a natural-language-understanding classifier is before it ships.",
        discussion: """
            Perturbs GLUE examples with text attacks, searches for inputs that flip the model's \
            prediction, and reports benign versus robust accuracy. Everything runs offline.

            Exit status: 0 success, 1 a release gate failed, 64 usage error, 65 bad data or model \
            file (or every example failed), 66 missing input, 69 model unavailable, 74 cannot write \
            output, 75 output folder in use by another run, 78 bad recipe or gate config, 130 \
            interrupted (Ctrl-C, SIGTERM, SIGHUP). `advglue gate` alone exits 2 for usage and \
            runtime errors.
            """,
        version: RunEnvironment.version,
        subcommands: [
            Attack.self, Merge.self, Eval.self, Probe.self, Gate.self, Compare.self, Report.self, Validate.self,
            Perturb.self,
            Export.self,
            Predict.self, Train.self,
            ModelCommand.self, Embed.self, Tasks.self, Recipes.self, Bench.self,
        ]
    )

    public init() {}

    /// Runs the command line and exits with a status from sysexits(3); typed errors
    /// print as `error: FILE:LINE: problem` with a hint.
    public static func runMain(_ arguments: [String] = Array(CommandLine.arguments.dropFirst())) async -> Never {
        // Output to a closed pipe or terminal fails with EPIPE instead of killing advglue
        // mid-run; the run then still writes its report.
        signal(SIGPIPE, SIG_IGN)
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            Foundation.exit(0)
        } catch {
            // `advglue gate` keeps 1 for a failed gate and reports every other failure,
            // usage errors included, as 2; help and --version still exit 0.
            if arguments.first == "gate", exitCode(for: error) != .success {
                let (message, status) = failure(for: error) ?? (Self.message(for: error), .gateError)
                TerminalConsole.printError(status == .belowThreshold ? "gate failed: \(message)" : "error: \(message)")
                if status != .belowThreshold, failure(for: error) == nil {
                    TerminalConsole.printError(usageString(for: Gate.self))
                }
                Foundation.exit(status == .belowThreshold ? 1 : ExitStatus.gateError.rawValue)
            }
            guard let (message, status) = failure(for: error) else { exit(withError: error) }
            TerminalConsole.printError(status == .belowThreshold ? "gate failed: \(message)" : "error: \(message)")
            Foundation.exit(status.rawValue)
        }
    }

    /// The message and exit status of advglue's own errors; nil for ArgumentParser's
    /// (help, usage errors exit 64 through it).
    public static func failure(for error: any Error) -> (String, ExitStatus)? {
        guard let error = error as? AdvGlueError else { return nil }
        return (error.description, ExitStatus(error.code))
    }
}
