import AdvGlueReports
import AdvGlueResults
import Foundation

/// A saved AdvGLUE evaluation: `eval.json` and `run.json`, from which the report, CSV,
/// JUnit and chart are drawn.
struct EvalBundle {
    var eval: EvalFile
    var context: ReportContext

    static let resultsFileName = "eval.json"
    static let csvFileName = "eval.csv"

    func files(_ formats: Set<OutputFormat>) throws -> OutputFiles {
        var out = OutputFiles()
        if formats.contains(.md) { out.add(EvalReport.fileName, EvalReport.render(eval, context: context)) }
        if formats.contains(.json) {
            out.add(Self.resultsFileName, try eval.encoded())
            out.add(ReportContext.fileName, try context.encoded())
        }
        if formats.contains(.csv) { out.add(Self.csvFileName, eval.csv()) }
        if formats.contains(.junit) {
            out.add(RunJUnit.fileName, RunJUnit.eval(eval).render())
            out.add(RunJUnit.examplesFileName, eval.junit().render())
        }
        if formats.contains(.svg) { out.add(EvalReport.chartFileName, EvalReport.chart(eval).svg()) }
        return out
    }

    static func load(from folder: URL) throws -> EvalBundle {
        EvalBundle(
            eval: try SavedFiles.read(folder.appending(path: resultsFileName)) { try EvalFile.decode($0) },
            context: try SavedFiles.read(folder.appending(path: ReportContext.fileName)) {
                try ReportContext.decode($0)
            })
    }
}
