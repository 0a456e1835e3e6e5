import AdvGlueReports
import Foundation

/// Writes one recipe's outputs the way `advglue attack` does, for `advglue bench`, so the
/// benchmark times the same work.
enum ReportWriter {
    static func write(_ results: ResultsFile, context: ReportContext, to folder: URL) throws {
        try AttackBundle(results: results, context: context, probe: nil).files(OutputFormat.all).write(to: folder)
    }
}
