import AdvGlueProbe
import AdvGlueReports
import AdvGlueResults
import AdvGlueSupport
import Foundation

/// One recipe's saved run: everything its report, CSV, JUnit and charts are drawn from.
/// Loading it back and writing it again gives the same bytes (`advglue report`).
struct AttackBundle {
    var results: ResultsFile
    var context: ReportContext
    var probe: ProbeFile?
    /// People's verdicts on the successes (`advglue report --annotations`), if given.
    var human: HumanValidationFile?
    /// The gate a single-recipe run was checked against (`--gate`): its `junit.xml` is
    /// then the gate's, and regenerates as such.
    var gate: GateEvaluation? = nil

    static let resultsFileName = "results.json"
    static let csvFileName = "results.csv"

    /// The short probe verdict for summary tables.
    var probeNote: String? { Self.note(for: probe) }

    static func note(for probe: ProbeFile?) -> String? {
        probe.map {
            $0.result.illusionSuspected
                ? "illusion suspected (gap \(Format.fixed($0.result.gapPoints, digits: 1)))"
                : "no illusion (gap \(Format.fixed($0.result.gapPoints, digits: 1)))"
        }
    }

    func files(_ formats: Set<OutputFormat>, junit: Bool = true) throws -> OutputFiles {
        let results = results
        let context = context
        let appendix = Self.appendix(probe: probe, human: human, results: results)
        let probe = probe
        let human = human
        var renders: [(name: String, render: @Sendable () throws -> Data)] = []
        if formats.contains(.md) {
            renders.append(
                (
                    "report.md",
                    {
                        Data(AttackReport.render(results, context: context, appendix: appendix).utf8)
                    }
                ))
        }
        if formats.contains(.json) {
            renders.append((Self.resultsFileName, { try results.encoded() }))
            renders.append((ReportContext.fileName, { try context.encoded() }))
            if let probe { renders.append((ProbeFile.fileName, { try probe.encoded() })) }
            if let human { renders.append((HumanValidationFile.fileName, { try JSONFiles.encode(human) })) }
        }
        if formats.contains(.csv) { renders.append((Self.csvFileName, { Data(AttackCSV.render(results).utf8) })) }
        let gate = gate
        if let gate {
            if formats.contains(.md) {
                renders.append((GateReport.markdownFileName, { Data(GateReport.markdown(gate).utf8) }))
            }
            if formats.contains(.json) { renders.append((GateReport.jsonFileName, { try gate.encoded() })) }
        }
        if formats.contains(.junit), junit {
            renders.append(
                (
                    RunJUnit.fileName,
                    { Data((gate.map(GateReport.junit) ?? RunJUnit.attack([AttackDigest(results)])).render().utf8) }
                ))
            renders.append(
                (
                    RunJUnit.examplesFileName,
                    { Data(JUnitXML(suites: [AttackJUnit.suite(results)]).render().utf8) }
                ))
        }
        if formats.contains(.svg) {
            let part = part(folder: "")
            renders.append((AttackReport.chartFileName, { Data(SuiteReport.chart([part]).svg().utf8) }))
            if let probe {
                renders.append((ProbeReport.reliabilityChart, { Data(ProbeReport.reliabilitySVG(probe.result).utf8) }))
                renders.append((ProbeReport.temperatureChart, { Data(ProbeReport.temperatureSVG(probe.result).utf8) }))
            }
        }
        return try OutputFiles.rendered(renders)
    }

    /// The probe's section and the human validation's, in that order, as one appendix.
    static func appendix(probe: ProbeFile?, human: HumanValidationFile?, results: ResultsFile) -> ReportAppendix? {
        let parts = [
            probe.map { ProbeReport.appendix($0.result) },
            human.map {
                HumanValidationReport.appendix($0, results: results)
            },
        ].compactMap { $0 }
        guard !parts.isEmpty else { return nil }
        let verdicts = parts.compactMap(\.verdict)
        return ReportAppendix(
            verdict: verdicts.isEmpty ? nil : verdicts.joined(separator: " "), lines: parts.flatMap(\.lines))
    }

    func part(folder: String) -> SuiteReport.Part {
        SuiteReport.Part(folder: folder, results: results, probe: probeNote)
    }

    static func load(from folder: URL, console: any RunConsole) throws -> AttackBundle {
        let results = try SavedFiles.read(folder.appending(path: resultsFileName)) { try ResultsFile.decode($0) }
        let contextURL = folder.appending(path: ReportContext.fileName)
        let context: ReportContext
        if FileManager.default.fileExists(atPath: contextURL.path) {
            context = try SavedFiles.read(contextURL) { try ReportContext.decode($0) }
        } else {
            // Results saved before run.json existed still render, without their Run block.
            console.warn(
                "note: \(folder.path) has no run.json; the report's command line, commit, date and timing are unknown")
            context = ReportContext(
                commandLine: [], commit: nil, icuVersion: "unknown", date: "unknown", elapsedSeconds: 0)
        }
        let probeURL = folder.appending(path: ProbeFile.fileName)
        let probe =
            FileManager.default.fileExists(atPath: probeURL.path)
            ? try SavedFiles.read(probeURL) { try ProbeFile.decode($0) } : nil
        let humanURL = folder.appending(path: HumanValidationFile.fileName)
        let human =
            FileManager.default.fileExists(atPath: humanURL.path)
            ? try SavedFiles.read(humanURL) { data -> HumanValidationFile in
                let file = try JSONFiles.decode(HumanValidationFile.self, from: data)
                try JSONFiles.check(
                    schema: file.schema, version: file.schemaVersion, expected: HumanValidationFile.schemaName,
                    supported: HumanValidationFile.currentSchemaVersion)
                return file
            } : nil
        return AttackBundle(
            results: results, context: context, probe: probe, human: human, gate: GateFiles.load(in: folder))
    }
}

/// Several recipes of one invocation: each in its own sub-folder, with a combined
/// `summary.md`, chart and JUnit files (`junit.xml` one case per recipe,
/// `junit-examples.xml` one suite per recipe) at the top.
struct SuiteBundle {
    var context: ReportContext
    var parts: [(folder: String, bundle: AttackBundle)]
    /// The gate the run was checked against (`--gate`), whose `junit.xml` replaced the run's.
    var gate: GateEvaluation? = nil

    var reportParts: [SuiteReport.Part] { parts.map { $0.bundle.part(folder: $0.folder) } }

    /// The top-level files, and with `includeParts` every recipe's own.
    func files(_ formats: Set<OutputFormat>, includeParts: Bool = true) throws -> OutputFiles {
        var out = OutputFiles()
        if formats.contains(.md) { out.add(SuiteReport.fileName, SuiteReport.render(reportParts, context: context)) }
        if formats.contains(.json) { out.add(ReportContext.fileName, try context.encoded()) }
        if let gate {
            if formats.contains(.md) { out.add(GateReport.markdownFileName, GateReport.markdown(gate)) }
            if formats.contains(.json) { out.add(GateReport.jsonFileName, try gate.encoded()) }
        }
        if formats.contains(.junit) {
            out.add(
                RunJUnit.fileName,
                (gate.map(GateReport.junit) ?? RunJUnit.attack(parts.map { AttackDigest($0.bundle.results) })).render())
            out.add(
                RunJUnit.examplesFileName,
                JUnitXML(suites: parts.map { AttackJUnit.suite($0.bundle.results) }).render())
        }
        if formats.contains(.svg) { out.add(SuiteReport.chartFileName, SuiteReport.chart(reportParts).svg()) }
        for part in parts where includeParts {
            for file in try part.bundle.files(formats, junit: false).files {
                out.add(part.folder + "/" + file.name, file.data)
            }
        }
        return out
    }

    static func load(from folder: URL, context: ReportContext, console: any RunConsole) throws -> SuiteBundle {
        let parts = try (context.parts ?? []).map { name in
            guard !name.contains(".."), !name.hasPrefix("/") else {
                throw AdvGlueError(
                    .badData, "part '\(name)' is not a sub-folder",
                    at: .file(folder.appending(path: ReportContext.fileName).path))
            }
            return (folder: name, bundle: try AttackBundle.load(from: folder.appending(path: name), console: console))
        }
        return SuiteBundle(context: context, parts: parts, gate: GateFiles.load(in: folder))
    }
}

/// The `gate.json` a gate wrote beside a run, if any.
enum GateFiles {
    /// The gate's verdict saved in `folder`; nil when there is none or it cannot be read
    /// (the run's own files stand without it).
    static func load(in folder: URL) -> GateEvaluation? {
        let url = folder.appending(path: GateReport.jsonFileName)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return try? SavedFiles.read(url) { try JSONFiles.decode(GateEvaluation.self, from: $0) }
    }

    /// Removes an earlier run's gate files before a new run writes the folder, so that
    /// its verdict (and the `junit.xml` drawn from it) cannot outlive the results it judged.
    static func removeStale(in folder: URL) {
        for name in [GateReport.jsonFileName, GateReport.markdownFileName] {
            try? FileManager.default.removeItem(at: folder.appending(path: name))
        }
    }
}

/// Reads saved files with errors that name the file.
enum SavedFiles {
    static func read<T>(_ url: URL, _ decode: (Data) throws -> T) throws -> T {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw AdvGlueError(.notFound, "cannot read \(url.path): no such file")
        }
        do {
            return try decode(data)
        } catch let error as AdvGlueError {
            throw error.coded(.badData).located(.file(url.path))
        } catch {
            throw AdvGlueError(.badData, "not a valid advglue file (\(error))", at: .file(url.path), cause: error)
        }
    }
}
