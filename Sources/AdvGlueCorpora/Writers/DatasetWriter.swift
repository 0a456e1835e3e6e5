import AdvGlueSupport
import AdvGlueText
import Foundation

/// Writes a perturbed copy of a data file in the file's own format: the same rows,
/// ids, labels and every other column or key, with only the task's text fields
/// replaced (`advglue perturb`).
///
/// - GLUE `.tsv` (and TaxiNLI's): the header and all columns are kept; the text columns
///   (and TaxiNLI's `s1`/`s2` copies of them) get the new text. Parse-tree columns of
///   MNLI are copied unchanged and no longer match the text.
/// - JSON Lines, keyed JSON: each object keeps its keys; texts are replaced.
/// - AdvGLUE `dev.json`: the task's array, under its task key.
///
/// Rows the task does not read (MNLI's other split in TaxiNLI's file, rows `--lenient`
/// skipped) are left out, so the copy holds exactly the examples perturbed. Output is
/// UTF-8 with LF line endings; JSON keys are sorted.
public enum DatasetWriter {
    /// `perturbed` holds the file's examples in file order, texts replaced.
    public static func write(source: URL, format: DataFormat, task: GlueTask, perturbed: [Example], to destination: URL)
        throws(AdvGlueError)
    {
        var queue = Queue(perturbed)
        let data: Data
        switch format {
        case .glueTSV, .taxiNLITSV: data = try tsv(source, task: task, queue: &queue)
        case .jsonLines: data = try jsonLines(source, task: task, queue: &queue)
        case .advglueJSON: data = try advglueJSON(source, task: task, queue: &queue)
        case .keyedJSON: data = try keyedJSON(source, task: task, queue: &queue)
        }
        if let left = queue.leftOver {
            throw AdvGlueError(
                .badData, "example \(left) was not found again while writing the copy",
                hint: "the file changed while it was being perturbed?", at: .file(source.path))
        }
        do {
            try data.write(to: destination, options: .atomic)
        } catch {
            throw AdvGlueError(
                .io, "cannot write: \(error.localizedDescription)", hint: "check --out", at: .file(destination.path))
        }
    }

    /// The perturbed examples by id, in order, so rows with repeated ids map one by one.
    struct Queue {
        var byID: [String: [TextInput]] = [:]

        init(_ examples: [Example]) {
            for example in examples { byID[example.id, default: []].append(example.input) }
        }

        mutating func take(_ id: String) -> TextInput? {
            guard var inputs = byID[id], !inputs.isEmpty else { return nil }
            let first = inputs.removeFirst()
            byID[id] = inputs.isEmpty ? nil : inputs
            return first
        }

        var leftOver: String? { byID.keys.sorted().first }
    }

    static func tsv(_ source: URL, task: GlueTask, queue: inout Queue) throws(AdvGlueError) -> Data {
        let file = source.path
        let lines = LineReader.lines(of: try readData(source))
        guard let headerText = lines.first?.text else {
            throw AdvGlueError(.badData, "missing header row", at: .file(file, line: 1))
        }
        let header = headerText.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        let (columns, format) = GlueTSVLoader.columns(for: task, header: header)
        let textColumns = columns.texts.compactMap { header.firstIndex(of: $0) }
        let copies = format == .taxiNLITSV ? ["s1", "s2"].map { header.firstIndex(of: $0) } : []
        let idColumn = columns.id.flatMap { header.firstIndex(of: $0) }
        var out = headerText + "\n"
        for line in lines.dropFirst() {
            guard let text = line.text, !(text.isEmpty && line.number == lines.count) else { continue }
            var cells = text.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard cells.count == header.count else { continue }
            let id = idColumn.map { cells[$0] }.flatMap { $0.isEmpty ? nil : $0 } ?? "line\(line.number)"
            guard let input = queue.take(id) else { continue }
            for (index, (column, field)) in zip(textColumns, input.fields).enumerated() {
                guard !field.text.contains(where: { $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else {
                    throw AdvGlueError(
                        .badData,
                        "the perturbed \(field.name) contains a tab or line break, which a .tsv row cannot hold",
                        at: .file(file, line: line.number))
                }
                cells[column] = field.text
                if index < copies.count, let copy = copies[index] { cells[copy] = field.text }
            }
            out += cells.joined(separator: "\t") + "\n"
        }
        return Data(out.utf8)
    }

    static func jsonLines(_ source: URL, task: GlueTask, queue: inout Queue) throws(AdvGlueError) -> Data {
        let record = JSONRecord(task: task, fieldKeys: task.fieldNames)
        var out = Data()
        for line in LineReader.lines(of: try readData(source)) {
            guard let text = line.text, let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)),
                case .success(let example) = record.example(from: object, fallbackID: "line\(line.number)"),
                let input = queue.take(example.id), var dictionary = object as? [String: Any]
            else { continue }
            for (key, field) in zip(record.fieldKeys, input.fields) { dictionary[key] = field.text }
            out.append(try encode(dictionary, pretty: false, file: source.path))
            out.append(0x0A)
        }
        return out
    }

    static func advglueJSON(_ source: URL, task: GlueTask, queue: inout Queue) throws(AdvGlueError) -> Data {
        guard let root = try parseJSON(try readData(source), file: source.path) as? [String: Any],
            let items = root[task.rawValue] as? [Any]
        else {
            throw AdvGlueError(.badData, "no '\(task.rawValue)' array", at: .file(source.path))
        }
        let record = JSONRecord(task: task, fieldKeys: task.fieldNames)
        var kept: [Any] = []
        for (position, item) in items.enumerated() {
            guard case .success(let example) = record.example(from: item, fallbackID: "item\(position)"),
                let input = queue.take(example.id), var dictionary = item as? [String: Any]
            else { continue }
            for (key, field) in zip(record.fieldKeys, input.fields) { dictionary[key] = field.text }
            kept.append(dictionary)
        }
        var data = try encode([task.rawValue: kept], pretty: true, file: source.path)
        data.append(0x0A)
        return data
    }

    static func keyedJSON(_ source: URL, task: GlueTask, queue: inout Queue) throws(AdvGlueError) -> Data {
        guard let root = try parseJSON(try readData(source), file: source.path) as? [String: Any] else {
            throw AdvGlueError(.badData, "expected a JSON object keyed by item number", at: .file(source.path))
        }
        let keys = task.fieldNames.count == 1 ? ["text_a"] : ["text_a", "text_b"]
        let record = JSONRecord(task: task, fieldKeys: keys)
        var kept: [String: Any] = [:]
        for key in root.keys.sorted(by: { (Int($0) ?? .max, $0) < (Int($1) ?? .max, $1) }) {
            guard case .success = record.example(from: root[key]!, fallbackID: key), let input = queue.take(key),
                var dictionary = root[key] as? [String: Any]
            else { continue }
            for (name, field) in zip(keys, input.fields) { dictionary[name] = field.text }
            kept[key] = dictionary
        }
        var data = try encode(kept, pretty: true, file: source.path)
        data.append(0x0A)
        return data
    }

    static func encode(_ object: Any, pretty: Bool, file: String) throws(AdvGlueError) -> Data {
        do {
            return try JSONSerialization.data(
                withJSONObject: object,
                options: pretty
                    ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes])
        } catch {
            throw AdvGlueError(.io, "cannot encode the perturbed copy: \(error.localizedDescription)", at: .file(file))
        }
    }
}
