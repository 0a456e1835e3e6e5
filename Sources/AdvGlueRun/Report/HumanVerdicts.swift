import AdvGlueCorpora
import AdvGlueReports
import AdvGlueResults
import AdvGlueSupport
import Foundation

/// People's verdicts read back from the CSV `advglue export --annotation` wrote: each row's
/// `verdict` (valid, invalid, unsure, or blank for none), `human_label` and comment, keyed
/// by task, recipe and example id.
struct HumanVerdicts {
    var file: String
    var sha256: String
    var rows: [String: HumanValidationFile.Judgment]

    static let verdicts: Set<String> = ["valid", "invalid", "unsure"]

    static func read(_ path: String) throws(AdvGlueError) -> HumanVerdicts {
        let url = URL(filePath: path)
        let table: CSVReader.Table
        do {
            table = try CSVReader.read(url)
        } catch {
            throw error.within("--annotations")
        }
        for column in ["example_id", "task", "recipe", "verdict"] where !table.header.contains(column) {
            throw AdvGlueError(
                .badData, "no '\(column)' column: not a CSV `advglue export --annotation` wrote",
                at: .file(path)
            ).within("--annotations")
        }
        var rows: [String: HumanValidationFile.Judgment] = [:]
        for row in table.rows {
            func cell(_ name: String) -> String? {
                // Cells were guarded against spreadsheet formulas with a leading quote.
                guard var text = row.cells[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else {
                    return nil
                }
                if text.hasPrefix("'"), let second = text.dropFirst().first, "=+-@".contains(second) {
                    text.removeFirst()
                }
                return text
            }
            guard let verdict = cell("verdict")?.lowercased() else { continue }
            guard verdicts.contains(verdict) else {
                throw AdvGlueError(
                    .badData, "verdict '\(verdict)': expected valid, invalid or unsure (or leave it blank)",
                    at: .file(path, line: row.line)
                ).within("--annotations")
            }
            let key = AnnotationCSV.key(
                task: cell("task") ?? "", recipe: cell("recipe") ?? "", exampleID: cell("example_id") ?? "")
            rows[key] = HumanValidationFile.Judgment(
                exampleID: cell("example_id") ?? "", verdict: verdict, humanLabel: cell("human_label"),
                filtersVerdict: cell("filters_verdict"), comment: cell("comment"))
        }
        let data = FileManager.default.contents(atPath: path) ?? Data()
        return HumanVerdicts(file: path, sha256: SHA256.hex(data), rows: rows)
    }

    /// The verdicts on `results`' successes; an error if the CSV judges none of them.
    func file(for results: ResultsFile) throws(AdvGlueError) -> HumanValidationFile {
        let judgments = results.results.filter { $0.outcome == .successful }.compactMap {
            rows[
                AnnotationCSV.key(
                    task: results.run.task.rawValue, recipe: results.run.recipe.name, exampleID: $0.exampleID)]
        }
        guard !judgments.isEmpty else {
            throw AdvGlueError(
                .badData,
                "no verdict for any successful example of \(results.run.task.rawValue) · \(results.run.recipe.name)",
                hint: "fill in the verdict column of the CSV `advglue export --annotation` wrote for these results",
                at: .file(file)
            ).within("--annotations")
        }
        return HumanValidationFile(source: file, sha256: sha256, judgments: judgments)
    }
}
