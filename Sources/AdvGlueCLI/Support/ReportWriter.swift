import AdvGlueReports
import Foundation

/// Writes results.json and report.md into a folder, each atomically, so an
/// interrupted write never leaves a half file behind.
enum ReportWriter {
    static func write(_ results: ResultsFile, context: ReportContext, to folder: URL) throws {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try results.encoded().write(to: folder.appending(path: "results.json"), options: .atomic)
            try Data(AttackReport.render(results, context: context).utf8).write(to: folder.appending(path: "report.md"), options: .atomic)
        } catch {
            throw CommandFailure(message: "cannot write the report to \(folder.path): \(error.localizedDescription); check --out",
                                 status: .ioError)
        }
    }
}
