import AdvGlueSupport
import Foundation

/// Reads `{"0": {"text_a": ..., "text_b": ..., "label": ...}, ...}`, the layout of the
/// LM-BFF style MNLI and QQP train samples; items are taken in numeric key order.
/// Complexity: O(bytes + n log n).
public enum KeyedJSONLoader {
    public static func load(_ url: URL, task: GlueTask, lenient: Bool = false) throws(AdvGlueError) -> Dataset {
        let file = url.path
        guard let object = try parseJSON(try readData(url), file: file) as? [String: Any] else {
            throw AdvGlueError(.badData, "expected a JSON object keyed by item number", at: .file(file))
        }
        let keys = task.fieldNames.count == 1 ? ["text_a"] : ["text_a", "text_b"]
        let ordered = object.keys.sorted { (Int($0) ?? .max, $0) < (Int($1) ?? .max, $1) }
        // Items carry no id field of their own; their key is the id.
        let items = ordered.map { JSONRecord.Item(name: "item '\($0)'", object: object[$0]!, fallbackID: $0, id: $0) }
        let (examples, skipped) = try JSONRecord(task: task, fieldKeys: keys).examples(
            from: items, file: file, lenient: lenient)
        return Dataset(task: task, source: file, format: .keyedJSON, examples: examples, skipped: skipped)
    }
}
