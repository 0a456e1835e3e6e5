import AdvGlueCorpora
import AdvGlueResults
import AdvGlueSupport
import Foundation

/// What reading the shipped recipes' successes one by one found: `Attacks/readings.tsv`,
/// one row per recipe and task (`recipe`, `task`, `valid`, `read`, `date`, and `sample`:
/// `held-out` when the filters were fixed before the reading, `in-sample` when they were
/// written while reading those successes). Reports quote
/// it (docs/validity.md). It is kept apart from the recipe files so that a new reading does
/// not change a recipe's checksum, which identifies the attack for resume and compare.
///
/// ```swift
/// let readings = try RecipeReadings.load(resources.attacks.appending(path: "readings.tsv"))
/// readings["pwws"]  // [sst2: 40 of 50 on 2026-12-03, mnli: 18 of 30 on 2026-12-03]
/// ```
/// Complexity: O(n) in the file's length.
public enum RecipeReadings {
    public static let fileName = "readings.tsv"
    static let header = ["recipe", "task", "valid", "read", "date", "sample"]
    static let samples = ["held-out": false, "in-sample": true]

    /// The readings by recipe name; a malformed row is an error naming its line.
    public static func load(_ url: URL) throws(AdvGlueError) -> [String: [RecipeInfo.Reading]] {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw AdvGlueError(.badConfig, "cannot read the recipes' readings", at: .file(url.path))
        }
        var readings: [String: [RecipeInfo.Reading]] = [:]
        var sawHeader = false
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = offset + 1
            func fail(_ message: String) -> AdvGlueError {
                AdvGlueError(.badConfig, message, at: .file(url.path, line: number))
            }
            if line.isEmpty || line.hasPrefix("#") { continue }
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard sawHeader else {
                guard cells == header else { throw fail("expected the header \(header.joined(separator: "\\t"))") }
                sawHeader = true
                continue
            }
            guard cells.count == header.count else { throw fail("expected \(header.count) tab-separated cells") }
            // MNLI's readings draw on matched and mismatched pairs alike: one row, "mnli".
            guard let task = GlueTask(rawValue: cells[1]), task != .mnliMismatched else {
                throw fail("unknown task '\(cells[1])'; expected sst2, mnli, qqp, qnli or rte")
            }
            guard let read = Int(cells[3]), read >= 1 else { throw fail("read must be a whole number, at least 1") }
            guard let valid = Int(cells[2]), (0...read).contains(valid) else {
                throw fail("valid must be a whole number between 0 and read (\(read))")
            }
            guard cells[4].wholeMatch(of: /\d{4}-\d{2}-\d{2}/) != nil else { throw fail("expected a date, YYYY-MM-DD") }
            guard let inSample = Self.samples[cells[5]] else {
                throw fail("sample must be held-out or in-sample, not '\(cells[5])'")
            }
            if readings[cells[0], default: []].contains(where: { $0.task == task.rawValue }) {
                throw fail("a second reading of \(cells[0]) on \(task.rawValue)")
            }
            readings[cells[0], default: []].append(
                RecipeInfo.Reading(task: task.rawValue, valid: valid, read: read, date: cells[4], inSample: inSample))
        }
        return readings
    }
}
