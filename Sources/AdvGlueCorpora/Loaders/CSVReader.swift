import AdvGlueSupport
import Foundation

/// Reads RFC 4180 CSV: fields separated by commas, quoted with `"` when they hold commas,
/// quotes (doubled) or line breaks; rows end in LF or CRLF. What TextAttack's CSV logger
/// and advglue's own exports write.
///
/// ```swift
/// let table = try CSVReader.read(url)
/// table.header            // ["original_text", "perturbed_text", ...]
/// table.rows[0]["result_type"]
/// ```
/// Complexity: O(bytes).
public enum CSVReader {
    public struct Table: Sendable {
        public var header: [String]
        /// Each row keyed by header name; `line` is the 1-based line it starts on.
        public var rows: [(line: Int, cells: [String: String])]
    }

    public static func read(_ url: URL) throws(AdvGlueError) -> Table {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw AdvGlueError(.notFound, "cannot read the CSV file", at: .file(url.path))
        }
        return try parse(String(decoding: data, as: UTF8.self), file: url.path)
    }

    public static func parse(_ text: String, file: String) throws(AdvGlueError) -> Table {
        var records: [(line: Int, fields: [String])] = []
        var fields: [String] = []
        var field = ""
        var quoted = false
        var line = 1
        var recordLine = 1
        var atFieldStart = true
        var characters = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar?
        func next() -> Unicode.Scalar? {
            if let scalar = pending {
                pending = nil
                return scalar
            }
            return characters.next()
        }
        while let c = next() {
            if quoted {
                if c == "\"" {
                    if let following = next() {
                        if following == "\"" {
                            field.unicodeScalars.append("\"")
                        } else {
                            quoted = false
                            pending = following
                        }
                    } else {
                        quoted = false
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"" where atFieldStart:
                quoted = true
                atFieldStart = false
            case ",":
                fields.append(field)
                field = ""
                atFieldStart = true
            case "\r":
                continue
            case "\n":
                fields.append(field)
                records.append((recordLine, fields))
                fields = []
                field = ""
                atFieldStart = true
                line += 1
                recordLine = line
            default:
                field.unicodeScalars.append(c)
                atFieldStart = false
            }
        }
        if quoted {
            throw AdvGlueError(.badData, "a quoted field is never closed", at: .file(file, line: recordLine))
        }
        if !field.isEmpty || !fields.isEmpty {
            fields.append(field)
            records.append((recordLine, fields))
        }
        guard let header = records.first?.fields else {
            throw AdvGlueError(.badData, "the CSV file is empty", at: .file(file))
        }
        var rows: [(line: Int, cells: [String: String])] = []
        for record in records.dropFirst() where !(record.fields.count == 1 && record.fields[0].isEmpty) {
            guard record.fields.count == header.count else {
                throw AdvGlueError(
                    .badData, "\(record.fields.count) fields where the header has \(header.count)",
                    at: .file(file, line: record.line))
            }
            rows.append((record.line, Dictionary(zip(header, record.fields), uniquingKeysWith: { a, _ in a })))
        }
        return Table(header: header, rows: rows)
    }
}
