import AdvGlueSupport
import Foundation

/// Reads AdvGLUE's `dev.json` (and the annotated `dev_ann.json`): one object keyed by
/// task (`sst2`, `qqp`, `mnli`, `mnli-mm`, `qnli`, `rte`), each an array of items with
/// `idx`, the GLUE field names and an integer `label`. Complexity: O(bytes).
public enum AdvGlueJSONLoader {
    public static func load(_ url: URL, task: GlueTask, lenient: Bool = false) throws(AdvGlueError) -> Dataset {
        let file = url.path
        let root = try parseJSON(try readData(url), file: file)
        return try load(root: root, file: file, task: task, lenient: lenient)
    }

    static func load(root: Any, file: String, task: GlueTask, lenient: Bool) throws(AdvGlueError) -> Dataset {
        guard let object = root as? [String: Any] else {
            throw AdvGlueError(.badData, "expected a JSON object keyed by task", at: .file(file))
        }
        guard let value = object[task.rawValue] else {
            throw AdvGlueError(
                .badData, "no '\(task.rawValue)' key; keys present: \(object.keys.sorted().joined(separator: ", "))",
                at: .file(file))
        }
        guard let array = value as? [Any] else {
            throw AdvGlueError(.badData, "'\(task.rawValue)' is not an array of items", at: .file(file))
        }
        let items = array.enumerated().map {
            JSONRecord.Item(name: "\(task.rawValue)[\($0.offset)]", object: $0.element, fallbackID: "item\($0.offset)")
        }
        let (examples, skipped) = try JSONRecord(task: task, fieldKeys: task.fieldNames).examples(
            from: items, file: file, lenient: lenient)
        return Dataset(task: task, source: file, format: .advglueJSON, examples: examples, skipped: skipped)
    }
}
