import AdvGlueProbe
import AdvGlueReports
import AdvGlueResults
import AdvGlueSupport
import Foundation

/// One recipe's outputs written from its journal, as `advglue attack` and `advglue
/// merge` write them: `results.json`, `results.csv` and the JUnit test cases streamed
/// example by example (``ResultsStream``), then `report.md`, `run.json` and the charts
/// from the digest. The files are those ``AttackBundle`` writes from a saved
/// `results.json`, byte for byte.
struct StreamedRun {
    var folder: String
    var digest: AttackDigest
    var context: ReportContext
    var probe: ProbeFile?
    /// This recipe's `<testcase>` elements, for the `junit-examples.xml` that wraps them.
    var junitCases: URL

    var probeNote: String? { AttackBundle.note(for: probe) }
    var part: SuiteReport.Part { SuiteReport.Part(folder: folder, results: digest, probe: probeNote) }

    /// Streams the per-example files into `out`; `scratch` holds the test cases until
    /// the JUnit file is written.
    static func stream(
        _ locations: JournalLocations, examples: Int, stream: ResultsStream, into out: URL, scratch: URL,
        journal: StreamedFile? = nil
    ) throws -> (AttackDigest, URL) {
        let cases = scratch.appending(path: "\(UUID().uuidString).xml")
        do {
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            return (
                try stream.write(locations, examples: examples, into: out, junitCases: cases, journal: journal), cases
            )
        } catch let error as AdvGlueError where error.code == .io {
            throw AdvGlueError(
                .io, "cannot write to \(out.path): \(error.summary)", hint: error.hint ?? "check --out", cause: error)
        } catch let error as AdvGlueError {
            // An unreadable or damaged journal line is bad data here, however it was found.
            throw error.coded(.badData)
        } catch {
            throw AdvGlueError(.io, "cannot write to \(out.path): \(error)", hint: "check --out")
        }
    }

    /// Writes the files drawn from the digest, and the JUnit files when `junit`.
    func writeReport(into out: URL, junit: Bool) throws {
        var files = OutputFiles()
        files.add(
            "report.md",
            AttackReport.render(digest, context: context, appendix: probe.map { ProbeReport.appendix($0.result) }))
        files.add(ReportContext.fileName, try context.encoded())
        if let probe { files.add(ProbeFile.fileName, try probe.encoded()) }
        files.add(
            AttackReport.chartFileName,
            SuiteReport.chart([SuiteReport.Part(folder: "", results: digest, probe: probeNote)]).svg())
        if let probe {
            files.add(ProbeReport.reliabilityChart, ProbeReport.reliabilitySVG(probe.result))
            files.add(ProbeReport.temperatureChart, ProbeReport.temperatureSVG(probe.result))
        }
        try files.write(to: out)
        if junit { try Self.writeJUnit([self], into: out) }
    }

    /// `junit.xml` (one case per run, ``RunJUnit``) and `junit-examples.xml` (one suite
    /// per run, its test cases copied from each run's cases file).
    static func writeJUnit(_ runs: [StreamedRun], into folder: URL) throws {
        var verdict = OutputFiles()
        verdict.add(RunJUnit.fileName, RunJUnit.attack(runs.map(\.digest)).render())
        try verdict.write(to: folder)
        let url = folder.appending(path: RunJUnit.examplesFileName)
        do {
            let file = try StreamedFile(url)
            try file.write(
                JUnitXML.open(
                    counts: runs.map { AttackJUnit.counts($0.digest) }.reduce(
                        JUnitXML.Counts(tests: 0, failures: 0, errors: 0, skipped: 0), +)))
            for run in runs {
                try file.write(
                    JUnitXML.openSuite(
                        name: AttackJUnit.suiteName(run.digest.run), properties: AttackJUnit.properties(run.digest),
                        counts: AttackJUnit.counts(run.digest)))
                try file.append(contentsOf: run.junitCases)
                try file.write(JUnitXML.closeSuite)
            }
            try file.write(JUnitXML.close)
            try file.commit()
        } catch {
            throw AdvGlueError(
                .io, "cannot write \(url.path): \(AdvGlueError.summary(of: error))", hint: "check --out", cause: error)
        }
    }

    /// The top-level files of a several-recipe run: `summary.md`, `run.json`, `junit.xml`,
    /// `junit-examples.xml` and the chart, as ``SuiteBundle`` writes them.
    static func writeSuite(_ runs: [StreamedRun], context: ReportContext, into out: URL) throws {
        let parts = runs.map(\.part)
        var files = OutputFiles()
        files.add(SuiteReport.fileName, SuiteReport.render(parts, context: context))
        files.add(ReportContext.fileName, try context.encoded())
        files.add(SuiteReport.chartFileName, SuiteReport.chart(parts).svg())
        try files.write(to: out)
        try writeJUnit(runs, into: out)
    }
}
