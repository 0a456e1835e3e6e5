import AdvGlueSupport
import AdvGlueText
import Foundation

/// What AdvGLUE's annotated dev set (`dev_ann.json`) adds to an item: the text before
/// the perturbation (`original_<field>` for the field that changed; human-crafted items
/// have none), the perturbation level (`data_construction`: word, sentence, human) and
/// the attack method (TextBugger, SememePSO, CheckList, ...).
public struct AdvGlueAnnotation: Sendable, Hashable, Codable {
    public var id: String
    /// The whole original input: the item with its `original_*` fields put back; nil
    /// when the item has no original.
    public var original: TextInput?
    public var level: String?
    public var method: String?

    public init(id: String, original: TextInput?, level: String?, method: String?) {
        self.id = id
        self.original = original
        self.level = level
        self.method = method
    }
}

/// Reads `dev_ann.json` (the same layout as `dev.json`, keyed by task, with extra keys).
public enum AdvGlueAnnotations {
    /// Annotations of one task, keyed by item id. Complexity: O(bytes).
    public static func load(_ url: URL, task: GlueTask) throws(AdvGlueError) -> [String: AdvGlueAnnotation] {
        let file = url.path
        guard let object = try parseJSON(try readData(url), file: file) as? [String: Any] else {
            throw AdvGlueError(
                .badData, "expected AdvGLUE's dev_ann.json: a JSON object keyed by task", at: .file(file))
        }
        guard let items = object[task.rawValue] as? [Any] else {
            throw AdvGlueError(.badData, "no '\(task.rawValue)' array of items", at: .file(file))
        }
        var annotations: [String: AdvGlueAnnotation] = [:]
        for (position, value) in items.enumerated() {
            guard let item = value as? [String: Any] else {
                throw AdvGlueError(.badData, "\(task.rawValue)[\(position)]: not a JSON object", at: .file(file))
            }
            let id = (item["idx"] ?? item["id"]).map { "\($0)" } ?? "item\(position)"
            var fields: [TextField] = []
            var hasOriginal = false
            for name in task.fieldNames {
                guard let text = item[name] as? String else {
                    throw AdvGlueError(
                        .badData, "\(task.rawValue)[\(position)]: missing text field '\(name)'", at: .file(file))
                }
                if let original = item["original_" + name] as? String {
                    hasOriginal = true
                    fields.append(TextField(name: name, text: original))
                } else {
                    fields.append(TextField(name: name, text: text))
                }
            }
            annotations[id] = AdvGlueAnnotation(
                id: id, original: hasOriginal ? TextInput(fields: fields) : nil,
                level: item["data_construction"] as? String, method: item["method"] as? String)
        }
        return annotations
    }
}
