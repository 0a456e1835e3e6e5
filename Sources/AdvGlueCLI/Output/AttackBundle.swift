import AdvGlueProbe
import AdvGlueReports
import Foundation

/// One recipe's saved run: everything its report, CSV, JUnit and charts are drawn from.
/// Loading it back and writing it again gives the same bytes (`advglue report`).
struct AttackBundle {
    var results: ResultsFile
    var context: ReportContext
    var probe: ProbeFile?

    static let resultsFileName = "results.json"
    static let csvFileName = "results.csv"
    static let junitFileName = "junit.xml"

    /// The short probe verdict for summary tables.
    var probeNote: String? { Self.note(for: probe) }

    static func note(for probe: ProbeFile?) -> String? {
        probe.map { $0.result.illusionSuspected ? "illusion suspected (gap \(Format.fixed($0.result.gapPoints, digits: 1)))"
                                                : "no illusion (gap \(Format.fixed($0.result.gapPoints, digits: 1)))" }
    }

    func files(_ formats: Set<OutputFormat>, junit: Bool = true) throws -> OutputFiles {
        var out = OutputFiles()
        if formats.contains(.md) {
            out.add("report.md", AttackReport.render(results, context: context, appendix: probe.map { ProbeReport.appendix($0.result) }))
        }
        if formats.contains(.json) {
            out.add(Self.resultsFileName, try results.encoded())
            out.add(ReportContext.fileName, try context.encoded())
            if let probe { out.add(ProbeFile.fileName, try probe.encoded()) }
        }
        if formats.contains(.csv) { out.add(Self.csvFileName, AttackCSV.render(results)) }
        if formats.contains(.junit), junit { out.add(Self.junitFileName, JUnitXML(suites: [AttackJUnit.suite(results)]).render()) }
        if formats.contains(.svg) {
            out.add(AttackReport.chartFileName, SuiteReport.chart([part(folder: "")]).svg())
            if let probe {
                out.add(ProbeReport.reliabilityChart, ProbeReport.reliabilitySVG(probe.result))
                out.add(ProbeReport.temperatureChart, ProbeReport.temperatureSVG(probe.result))
            }
        }
        return out
    }

    func part(folder: String) -> SuiteReport.Part {
        SuiteReport.Part(folder: folder, results: results, probe: probeNote)
    }

    static func load(from folder: URL) throws -> AttackBundle {
        let results = try SavedFiles.read(folder.appending(path: resultsFileName)) { try ResultsFile.decode($0) }
        let contextURL = folder.appending(path: ReportContext.fileName)
        let context: ReportContext
        if FileManager.default.fileExists(atPath: contextURL.path) {
            context = try SavedFiles.read(contextURL) { try ReportContext.decode($0) }
        } else {
            // Results saved before run.json existed still render, without their Run block.
            Environment.printError("note: \(folder.path) has no run.json; the report's command line, commit, date and timing are unknown")
            context = ReportContext(commandLine: [], commit: nil, icuVersion: "unknown", date: "unknown", elapsedSeconds: 0)
        }
        let probeURL = folder.appending(path: ProbeFile.fileName)
        let probe = FileManager.default.fileExists(atPath: probeURL.path) ? try SavedFiles.read(probeURL) { try ProbeFile.decode($0) } : nil
        return AttackBundle(results: results, context: context, probe: probe)
    }
}

/// Several recipes of one invocation: each in its own sub-folder, with a combined
/// `summary.md`, chart and JUnit file (one suite per recipe) at the top.
struct SuiteBundle {
    var context: ReportContext
    var parts: [(folder: String, bundle: AttackBundle)]

    static let junitFileName = "junit.xml"

    var reportParts: [SuiteReport.Part] { parts.map { $0.bundle.part(folder: $0.folder) } }

    /// The top-level files, and with `includeParts` every recipe's own.
    func files(_ formats: Set<OutputFormat>, includeParts: Bool = true) throws -> OutputFiles {
        var out = OutputFiles()
        if formats.contains(.md) { out.add(SuiteReport.fileName, SuiteReport.render(reportParts, context: context)) }
        if formats.contains(.json) { out.add(ReportContext.fileName, try context.encoded()) }
        if formats.contains(.junit) { out.add(Self.junitFileName, JUnitXML(suites: parts.map { AttackJUnit.suite($0.bundle.results) }).render()) }
        if formats.contains(.svg) { out.add(SuiteReport.chartFileName, SuiteReport.chart(reportParts).svg()) }
        for part in parts where includeParts {
            for file in try part.bundle.files(formats, junit: false).files { out.add(part.folder + "/" + file.name, file.data) }
        }
        return out
    }

    static func load(from folder: URL, context: ReportContext) throws -> SuiteBundle {
        let parts = try (context.parts ?? []).map { name in
            guard !name.contains(".."), !name.hasPrefix("/") else {
                throw CommandFailure(message: "\(folder.appending(path: ReportContext.fileName).path): part '\(name)' is not a sub-folder", status: .dataError)
            }
            return (folder: name, bundle: try AttackBundle.load(from: folder.appending(path: name)))
        }
        return SuiteBundle(context: context, parts: parts)
    }
}

/// Reads saved files with errors that name the file.
enum SavedFiles {
    static func read<T>(_ url: URL, _ decode: (Data) throws -> T) throws -> T {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw CommandFailure(message: "cannot read \(url.path): no such file", status: .noInput)
        }
        do {
            return try decode(data)
        } catch let error as SchemaError {
            throw CommandFailure(message: "\(url.path): \(error)", status: .dataError)
        } catch {
            throw CommandFailure(message: "\(url.path): not a valid advglue file (\(error))", status: .dataError)
        }
    }
}
