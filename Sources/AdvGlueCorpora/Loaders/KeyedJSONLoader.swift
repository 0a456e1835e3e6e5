import Foundation

/// Reads `{"0": {"text_a": ..., "text_b": ..., "label": ...}, ...}`, the layout of the
/// LM-BFF style MNLI and QQP train samples; items are taken in numeric key order.
/// Complexity: O(bytes + n log n).
public enum KeyedJSONLoader {
    public static func load(_ url: URL, task: GlueTask, lenient: Bool = false) throws(CorpusError) -> Dataset {
        let file = url.path
        guard let object = try parseJSON(try readData(url), file: file) as? [String: Any] else {
            throw CorpusError(.unknownFormat, file: file, problem: "expected a JSON object keyed by item number")
        }
        let keys = task.fieldNames.count == 1 ? ["text_a"] : ["text_a", "text_b"]
        let record = JSONRecord(task: task, fieldKeys: keys)
        var skipped: [SkippedRow] = []
        var examples: [Example] = []
        let ordered = object.keys.sorted { (Int($0) ?? .max, $0) < (Int($1) ?? .max, $1) }
        for (position, key) in ordered.enumerated() {
            switch record.example(from: object[key]!, fallbackID: key) {
            case .success(var example):
                example.id = key
                examples.append(example)
            case .failure(let problem):
                let message = "item '\(key)': \(problem.message)"
                guard lenient else {
                    throw CorpusError(.malformedRow, file: file, problem: message,
                                      hint: "fix the item, or pass --lenient to skip malformed items (the report counts them)")
                }
                skipped.append(SkippedRow(file: file, line: position, problem: message))
            }
        }
        return Dataset(task: task, source: file, format: .keyedJSON, examples: examples, skipped: skipped)
    }
}
