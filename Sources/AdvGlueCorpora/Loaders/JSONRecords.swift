import AdvGlueSupport
import AdvGlueText
import Foundation

/// Turns one decoded JSON object into an ``Example``; shared by the JSON formats.
struct JSONRecord {
    let task: GlueTask
    /// Field names as the file spells them, in the task's order.
    let fieldKeys: [String]

    /// Returns the example, or the problem with this record.
    func example(from object: Any, fallbackID: String) -> Result<Example, AdvGlueError> {
        guard let object = object as? [String: Any] else {
            return .failure(AdvGlueError(.badData, "not a JSON object"))
        }
        var fields: [TextField] = []
        for (key, name) in zip(fieldKeys, task.fieldNames) {
            guard let value = object[key] else { return .failure(AdvGlueError(.badData, "missing field '\(key)'")) }
            guard let text = value as? String else {
                return .failure(AdvGlueError(.badData, "field '\(key)' is not a string"))
            }
            if let problem = validateText(text, field: key) { return .failure(AdvGlueError(.badData, problem)) }
            fields.append(TextField(name: name, text: text))
        }
        guard let rawLabel = object["label"] else { return .failure(AdvGlueError(.badData, "missing field 'label'")) }
        let labelText: String
        switch rawLabel {
        case let string as String: labelText = string
        // Foundation on Linux hands JSON booleans over as numbers; `true` is no label.
        case let number as NSNumber where String(cString: number.objCType) == "c":
            return .failure(AdvGlueError(.badData, "label is a boolean, not a label name or id"))
        case let number as Int: labelText = String(number)
        default: return .failure(AdvGlueError(.badData, "label is neither a string nor an integer"))
        }
        guard let label = task.labelID(for: labelText) else {
            return .failure(
                AdvGlueError(
                    .badData,
                    "unknown label '\(labelText)' for task \(task.rawValue) (expected one of \(task.labelNames.joined(separator: ", ")) or 0-\(task.labelNames.count - 1))"
                ))
        }
        let id: String
        switch object["idx"] ?? object["id"] ?? object["index"] {
        case nil: id = fallbackID
        case let text as String where !text.isEmpty: id = text
        case is String: return .failure(AdvGlueError(.badData, "the id (idx) is an empty string"))
        // Booleans arrive as numbers on Linux: refused, as objects, arrays and null are.
        case let number as NSNumber
        where String(cString: number.objCType) != "c" && number.doubleValue == number.doubleValue.rounded():
            id = String(number.int64Value)
        case let other?:
            let kind =
                other is NSNull
                ? "null" : other is [Any] ? "an array" : other is [String: Any] ? "an object" : "\(other)"
            return .failure(AdvGlueError(.badData, "the id (idx) is \(kind); expected a string or an integer"))
        }
        return .success(Example(id: id, input: TextInput(fields: fields), label: label))
    }
}

extension JSONRecord {
    /// One JSON item with how errors name it (`sst2[3]`, `item '17'`).
    struct Item {
        var name: String
        var object: Any
        var fallbackID: String
        /// Overrides any id field in the item.
        var id: String? = nil
    }

    /// Converts items in order: the first bad one is an error, or with `lenient` it is
    /// skipped and listed (JSON items have no line of their own; the position stands in).
    func examples(from items: [Item], file: String, lenient: Bool) throws(AdvGlueError) -> ([Example], [SkippedRow]) {
        var examples: [Example] = []
        var skipped: [SkippedRow] = []
        for (position, item) in items.enumerated() {
            switch example(from: item.object, fallbackID: item.fallbackID) {
            case .success(var example):
                if let id = item.id { example.id = id }
                examples.append(example)
            case .failure(let problem):
                let message = "\(item.name): \(problem.message)"
                guard lenient else {
                    throw AdvGlueError(
                        .badData, message,
                        hint: "fix the item, or pass --lenient to skip malformed items (the report counts them)",
                        at: .file(file))
                }
                skipped.append(SkippedRow(file: file, line: position, problem: message))
            }
        }
        return (examples, skipped)
    }
}

func parseJSON(_ data: Data, file: String) throws(AdvGlueError) -> Any {
    do {
        return try JSONSerialization.jsonObject(with: data, options: [])
    } catch {
        let (line, column) = JSONErrorPosition.of(error, in: data)
        let at = line.map { " at line \($0)" + (column.map { ", column \($0)" } ?? "") } ?? ""
        throw AdvGlueError(
            .badData, "not valid JSON (or not valid UTF-8)\(at): \(JSONErrorPosition.reason(error))",
            at: .file(file, line: line))
    }
}

/// Where a JSON parse failed, as line and column (1-based), from what Foundation's error
/// says: "line L, column C" when it gives them, or the byte offset ("character N", or
/// the error's index) counted into lines here.
enum JSONErrorPosition {
    static func of(_ error: any Error, in data: Data) -> (line: Int?, column: Int?) {
        let ns = error as NSError
        let text = [ns.userInfo[NSDebugDescriptionErrorKey] as? String, ns.localizedDescription, "\(error)"]
            .compactMap { $0 }.joined(separator: " ")
        if let line = number(after: "line ", in: text), let column = number(after: "column ", in: text) {
            return (line, column)
        }
        guard
            let offset = (ns.userInfo["NSJSONSerializationErrorIndex"] as? Int) ?? number(after: "character ", in: text)
        else { return (nil, nil) }
        var line = 1
        var lineStart = 0
        for (index, byte) in data.prefix(max(0, offset)).enumerated() where byte == 0x0A {
            line += 1
            lineStart = index + 1
        }
        return (line, offset - lineStart + 1)
    }

    /// Foundation's reason without its own position wording.
    static func reason(_ error: any Error) -> String {
        let ns = error as NSError
        return (ns.userInfo[NSDebugDescriptionErrorKey] as? String) ?? ns.localizedDescription
    }

    static func number(after marker: String, in text: String) -> Int? {
        guard let range = text.range(of: marker) else { return nil }
        return Int(text[range.upperBound...].prefix { $0.isNumber })
    }
}
