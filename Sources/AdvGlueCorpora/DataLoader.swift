import AdvGlueSupport
import Foundation

/// Reads any supported data file, choosing the format from its extension and content.
///
/// ```swift
/// let dev = try DataLoader.load(URL(filePath: "glue_data/RTE/dev.tsv"), task: .rte)
/// ```
public enum DataLoader {
    public static func load(_ url: URL, task: GlueTask, lenient: Bool = false) throws(AdvGlueError) -> Dataset {
        let dataset: Dataset
        switch url.pathExtension.lowercased() {
        case "tsv":
            dataset = try GlueTSVLoader.load(url, task: task, lenient: lenient)
        case "jsonl", "ndjson":
            dataset = try JSONLinesLoader.load(url, task: task, lenient: lenient)
        case "json":
            let root = try parseJSON(try readData(url), file: url.path)
            if let object = root as? [String: Any], object.keys.contains(where: { GlueTask(rawValue: $0) != nil }) {
                dataset = try AdvGlueJSONLoader.load(root: root, file: url.path, task: task, lenient: lenient)
            } else if let object = root as? [String: Any],
                object.values.contains(where: { ($0 as? [String: Any])?["text_a"] != nil })
            {
                dataset = try KeyedJSONLoader.load(url, task: task, lenient: lenient)
            } else {
                throw AdvGlueError(
                    .badData, "JSON is neither AdvGLUE's dev.json (keyed by task) nor {\"0\": {\"text_a\", ...}}",
                    hint: "for one object per line, name the file .jsonl", at: .file(url.path))
            }
        default:
            throw AdvGlueError(
                .badData, "unknown data format '.\(url.pathExtension)'",
                hint: "advglue reads .tsv (glue_data layout), .json (AdvGLUE dev.json) and .jsonl", at: .file(url.path))
        }
        // In JSON files the id is the file's own field, and two items with one id (a
        // constant idx) would stand for each other in comparisons and reports. GLUE's TSV
        // files are read as published (the TaxiNLI subset repeats MNLI pair ids).
        var seen = Set<String>()
        for example in dataset.examples
        where dataset.format != .glueTSV && dataset.format != .taxiNLITSV && !seen.insert(example.id).inserted {
            throw AdvGlueError(
                .badData, "the example id '\(example.id)' appears more than once; ids must be unique",
                hint: "fix the id field (idx, id or index), or remove it to number the rows", at: .file(url.path))
        }
        if dataset.examples.isEmpty {
            let skippedNote = dataset.skipped.isEmpty ? "" : " (\(dataset.skipped.count) malformed rows skipped)"
            throw AdvGlueError(.badData, "no \(task.rawValue) examples\(skippedNote)", at: .file(url.path))
        }
        return dataset
    }
}
