import Foundation

/// Reads AdvGLUE's `dev.json` (and the annotated `dev_ann.json`): one object keyed by
/// task (`sst2`, `qqp`, `mnli`, `mnli-mm`, `qnli`, `rte`), each an array of items with
/// `idx`, the GLUE field names and an integer `label`. Complexity: O(bytes).
public enum AdvGlueJSONLoader {
    public static func load(_ url: URL, task: GlueTask, lenient: Bool = false) throws(CorpusError) -> Dataset {
        let file = url.path
        let root = try parseJSON(try readData(url), file: file)
        return try load(root: root, file: file, task: task, lenient: lenient)
    }

    static func load(root: Any, file: String, task: GlueTask, lenient: Bool) throws(CorpusError) -> Dataset {
        guard let object = root as? [String: Any] else {
            throw CorpusError(.unknownFormat, file: file, problem: "expected a JSON object keyed by task")
        }
        guard let items = object[task.rawValue] else {
            throw CorpusError(.noExamples, file: file, problem: "no '\(task.rawValue)' key; keys present: \(object.keys.sorted().joined(separator: ", "))")
        }
        guard let array = items as? [Any] else {
            throw CorpusError(.unknownFormat, file: file, problem: "'\(task.rawValue)' is not an array of items")
        }
        let record = JSONRecord(task: task, fieldKeys: task.fieldNames)
        var skipped: [SkippedRow] = []
        var examples: [Example] = []
        for (position, item) in array.enumerated() {
            switch record.example(from: item, fallbackID: "item\(position)") {
            case .success(let example): examples.append(example)
            case .failure(let problem):
                let message = "\(task.rawValue)[\(position)]: \(problem.message)"
                guard lenient else {
                    throw CorpusError(.malformedRow, file: file, problem: message,
                                      hint: "fix the item, or pass --lenient to skip malformed items (the report counts them)")
                }
                // JSON items have no line of their own; the item's position stands in.
                skipped.append(SkippedRow(file: file, line: position, problem: message))
            }
        }
        return Dataset(task: task, source: file, format: .advglueJSON, examples: examples, skipped: skipped)
    }
}
