import AdvGlueCorpora
import AdvGlueResults
import AdvGlueSupport
import AdvGlueText
import Foundation

/// Adversarial examples `advglue validate` judges, read from what another tool wrote: a
/// TextAttack CSV, advglue's own results, or AdvGLUE's `dev_ann.json`.
public struct ValidationSource: Sendable {
    /// What the file is; `auto` tells by its name and content.
    public enum Format: String, Sendable, CaseIterable {
        case auto
        /// TextAttack 0.3.11's CSV logger: `original_text`, `perturbed_text`,
        /// `ground_truth_output`, `result_type` (changed words in `[[ ]]`).
        case textattackCSV = "textattack-csv"
        /// advglue's results.json (or a folder holding them): the successful attacks.
        case advglueResults = "advglue"
        /// AdvGLUE's dev_ann.json: each item's `original_*` fields against its text.
        case advglueAnnotations = "advglue-ann"
    }

    /// One adversarial example: its original and perturbed input.
    public struct Item: Sendable {
        public var id: String
        public var task: GlueTask
        /// The tool or method that made it (a recipe, AdvGLUE's `method`).
        public var method: String?
        /// AdvGLUE's `data_construction` (word, sentence, human).
        public var level: String?
        public var original: TextInput
        public var perturbed: TextInput
    }

    public var file: URL
    public var format: Format
    public var items: [Item]

    /// Reads `path` as `format`; `task` is needed for a TextAttack CSV (it does not say)
    /// and narrows the tasks of dev_ann.json.
    public static func load(_ path: String, format: Format, task: GlueTask?) throws -> ValidationSource {
        let url = URL(filePath: path)
        var resolved = format
        if resolved == .auto {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue {
                resolved = .advglueResults
            } else if url.pathExtension.lowercased() == "csv" {
                resolved = .textattackCSV
            } else if url.lastPathComponent.contains("dev_ann") {
                resolved = .advglueAnnotations
            } else {
                resolved = .advglueResults
            }
        }
        switch resolved {
        case .textattackCSV:
            guard let task else {
                throw AdvGlueError(
                    .usage, "a TextAttack CSV does not say its task", hint: "pass --task", at: .flag("--task"))
            }
            return ValidationSource(file: url, format: resolved, items: try textAttack(url, task: task))
        case .advglueAnnotations:
            return ValidationSource(file: url, format: resolved, items: try annotations(url, task: task))
        case .advglueResults, .auto:
            return ValidationSource(file: url, format: .advglueResults, items: try results(url))
        }
    }

    /// TextAttack's CSV: successful rows only; `[[word]]` marks are removed; several
    /// fields come as `Premise: ...` lines.
    static func textAttack(_ url: URL, task: GlueTask) throws(AdvGlueError) -> [Item] {
        let table = try CSVReader.read(url)
        for column in ["original_text", "perturbed_text", "result_type"] where !table.header.contains(column) {
            throw AdvGlueError(
                .badData, "no '\(column)' column: not a CSV written by TextAttack's CSV logger", at: .file(url.path))
        }
        var items: [Item] = []
        for (number, row) in table.rows.enumerated() where row.cells["result_type"] == "Successful" {
            func input(_ column: String) throws(AdvGlueError) -> TextInput {
                let text = (row.cells[column] ?? "").replacingOccurrences(of: "[[", with: "").replacingOccurrences(
                    of: "]]", with: "")
                return try Self.fields(text, task: task, file: url.path, line: row.line)
            }
            items.append(
                Item(
                    id: "row\(number + 1)", task: task, method: "textattack", level: "word",
                    original: try input("original_text"), perturbed: try input("perturbed_text")))
        }
        return items
    }

    /// One field's text as is; several from `Name: text` lines, in the task's order.
    static func fields(_ text: String, task: GlueTask, file: String, line: Int) throws(AdvGlueError) -> TextInput {
        let names = task.fieldNames
        if names.count == 1 { return TextInput(fields: [TextField(name: names[0], text: text)]) }
        var values: [String: String] = [:]
        for part in text.split(separator: "\n") {
            guard let colon = part.firstIndex(of: ":") else { continue }
            let key = part[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            values[key] = part[part.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var fields: [TextField] = []
        for name in names {
            guard let value = values[name.lowercased()] else {
                throw AdvGlueError(
                    .badData, "no '\(name.capitalized): ...' line for \(task.rawValue)'s field \(name)",
                    at: .file(file, line: line))
            }
            fields.append(TextField(name: name, text: value))
        }
        return TextInput(fields: fields)
    }

    /// dev_ann.json: every item with an original, of `task` or of every task.
    static func annotations(_ url: URL, task: GlueTask?) throws(AdvGlueError) -> [Item] {
        var items: [Item] = []
        for task in task.map({ [$0] }) ?? GlueTask.allCases {
            let dataset: Dataset
            do {
                dataset = try DataLoader.load(url, task: task)
            } catch let error where error.message.contains("no '\(task.rawValue)' array") {
                continue
            }
            let annotations = try AdvGlueAnnotations.load(url, task: task)
            for example in dataset.examples {
                guard let annotation = annotations[example.id], let original = annotation.original else { continue }
                items.append(
                    Item(
                        id: "\(task.rawValue)-\(example.id)", task: task, method: annotation.method,
                        level: annotation.level, original: original, perturbed: example.input))
            }
        }
        if items.isEmpty {
            throw AdvGlueError(.badData, "no item with original text (original_*) found", at: .file(url.path))
        }
        return items
    }

    /// advglue's results: each successful attack's original and perturbed input.
    static func results(_ url: URL) throws -> [Item] {
        var items: [Item] = []
        for run in try SavedRuns.runs(under: url) {
            var files: [ResultsFile] = []
            switch run {
            case .attack(let folder):
                files = [try ResultsFile.decode(Data(contentsOf: folder.appending(path: "results.json")))]
            case .suite(let folder, let context):
                files = try (context.parts ?? []).map {
                    try ResultsFile.decode(Data(contentsOf: folder.appending(path: $0).appending(path: "results.json")))
                }
            case .eval, .probe: continue
            }
            for file in files {
                for result in file.results where result.outcome == .successful {
                    guard let perturbed = result.perturbed else { continue }
                    items.append(
                        Item(
                            id: result.exampleID, task: file.run.task, method: file.run.recipe.name, level: "word",
                            original: result.original, perturbed: perturbed))
                }
            }
        }
        if items.isEmpty {
            throw AdvGlueError(.notFound, "no successful attack in saved results under \(url.path)")
        }
        return items
    }
}
