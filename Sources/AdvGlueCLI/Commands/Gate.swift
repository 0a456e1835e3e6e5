import AdvGlueAttacks
import AdvGlueProbe
import AdvGlueReports
import AdvGlueSupport
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

    @Argument(help: ArgumentHelp("Saved results: folders or results.json / eval.json files (default: the config's `results`).", valueName: "results"))
    var results: [String] = []

    @Option(name: .long, help: ArgumentHelp("Also write gate.md, gate.json and gate-junit.xml into this folder.", valueName: "dir"))
    var out: String?

    func run() async throws {
        let gates = try GateCommandSupport.loadConfig(config, status: .gateError)
        let paths = results.isEmpty ? gates.results : results
        guard !paths.isEmpty else {
            throw CommandFailure(message: "no results to check: pass folders or files after --config, or list them under `results:` in \(config)",
                                 status: .gateError)
        }
        var subjects: [GateSubject] = []
        for path in paths { subjects += try SavedRuns.subjects(at: URL(filePath: path), errorStatus: .gateError) }
        try GateCommandSupport.check(gates, subjects: subjects, out: out.map { URL(filePath: $0, directoryHint: .isDirectory) },
                                     failureStatus: .belowThreshold, errorStatus: .gateError)
    }
}

/// Loading a gate config and checking subjects, shared by `gate`, `attack --gate` and
/// `eval --gate`; they differ only in the exit status of an error.
enum GateCommandSupport {
    static func loadConfig(_ path: String, status: ExitStatus) throws -> GateConfig {
        do {
            return try GateConfig.load(URL(filePath: path))
        } catch {
            throw CommandFailure(message: "gate config \(error)", status: status)
        }
    }

    /// Prints every check, writes the gate files into `out`, appends the step summary,
    /// and throws `failureStatus` when a check failed.
    static func check(_ config: GateConfig, subjects: [GateSubject], out: URL?, failureStatus: ExitStatus, errorStatus: ExitStatus) throws {
        let evaluation = GateEvaluation(config: config, subjects: subjects)
        if evaluation.checks.isEmpty {
            throw CommandFailure(message: "no gate in \(config.file) matches the results (\(Set(subjects.map { "\($0.task.rawValue)/\($0.recipe)" }).sorted().joined(separator: ", ")))",
                                 status: errorStatus)
        }
        for line in GateReport.lines(evaluation) { print(line) }
        if let out {
            var files = OutputFiles()
            files.add(GateReport.markdownFileName, GateReport.markdown(evaluation))
            files.add(GateReport.jsonFileName, try evaluation.encoded())
            files.add(GateReport.junitFileName, GateReport.junit(evaluation).render())
            do {
                try files.write(to: out)
            } catch let failure as CommandFailure {
                throw CommandFailure(message: failure.message, status: errorStatus)
            }
            print("gate report: \(out.appending(path: GateReport.markdownFileName).path)")
        }
        GitHubStepSummary.append(GateReport.markdown(evaluation, heading: "###"))
        if !evaluation.passed {
            let failures = evaluation.failures
            let first = failures[0]
            let subject = first.task.map { " [\($0)\(first.recipe.map { "/" + $0 } ?? "")]" } ?? ""
            throw CommandFailure(message: "\(failures.count) gate check\(failures.count == 1 ? "" : "s") failed; first: \(first.gate)\(subject) \(first.check): \(first.message)",
                                 status: failureStatus)
        }
    }
}

extension GateSubject {
    init(attack results: ResultsFile, probe: ProbeFile?, source: String) {
        self.init(attack: AttackDigest(results), probe: probe, source: source)
    }

    init(attack results: AttackDigest, probe: ProbeFile?, source: String) {
        self.init(attack: results, probe: probe.map {
            ProbeVerdict(suspected: $0.result.illusionSuspected, gapPoints: $0.result.gapPoints, thresholdPoints: $0.result.thresholdPoints)
        }, source: source)
    }
}
