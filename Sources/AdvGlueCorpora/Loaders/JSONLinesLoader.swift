import AdvGlueSupport
import Foundation

/// Reads JSON Lines: one object per line with the task's GLUE field names
/// (`sentence`; `premise`/`hypothesis`; ...), a `label` (id or name) and optionally
/// `idx` or `id`. Blank lines are ignored. Complexity: O(bytes).
public enum JSONLinesLoader {
    public static func load(_ url: URL, task: GlueTask, lenient: Bool = false) throws(AdvGlueError) -> Dataset {
        let file = url.path
        var problems = RowProblems(file: file, lenient: lenient)
        let record = JSONRecord(task: task, fieldKeys: task.fieldNames)
        var examples: [Example] = []
        for line in LineReader.lines(of: try readData(url)) {
            guard let text = line.text else {
                try problems.report(line: line.number, "invalid UTF-8")
                continue
            }
            if text.allSatisfy(\.isWhitespace) { continue }
            let object: Any
            do {
                object = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [])
            } catch {
                try problems.report(line: line.number, "not a JSON object: \(error.localizedDescription)")
                continue
            }
            switch record.example(from: object, fallbackID: "line\(line.number)") {
            case .success(let example): examples.append(example)
            case .failure(let problem): try problems.report(line: line.number, problem.message)
            }
        }
        return Dataset(task: task, source: file, format: .jsonLines, examples: examples, skipped: problems.skipped)
    }
}
