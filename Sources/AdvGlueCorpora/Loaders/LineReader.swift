import AdvGlueSupport
import Foundation

/// Splits a file into lines the way GLUE's files need: an optional UTF-8 byte-order
/// mark is dropped, CRLF and LF both end a line, no quote processing happens, and a
/// line that is not valid UTF-8 is reported with its number rather than replaced.
struct LineReader {
    struct Line {
        var number: Int
        /// nil when the line's bytes are not valid UTF-8.
        var text: String?
    }

    static func lines(of data: Data) -> [Line] {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var lines: [Line] = []
        var start = 0
        var number = 1
        func emit(_ end: Int) {
            var slice = bytes[start..<end]
            if slice.last == 0x0D { slice = slice.dropLast() }
            lines.append(Line(number: number, text: String(validating: slice, as: UTF8.self)))
            number += 1
        }
        for i in bytes.indices where bytes[i] == 0x0A {
            emit(i)
            start = i + 1
        }
        if start < bytes.count { emit(bytes.count) }
        return lines
    }
}

/// Collects row problems: fatal by default, skipped and counted under `--lenient`.
struct RowProblems {
    let file: String
    let lenient: Bool
    var skipped: [SkippedRow] = []

    mutating func report(line: Int, _ problem: String, hint: String? = nil) throws(AdvGlueError) {
        if lenient {
            skipped.append(SkippedRow(file: file, line: line, problem: problem))
        } else {
            throw AdvGlueError(
                .badData, problem,
                hint: hint ?? "fix the row, or pass --lenient to skip malformed rows (the report counts them)",
                at: .file(file, line: line))
        }
    }
}

func readData(_ url: URL) throws(AdvGlueError) -> Data {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
        throw AdvGlueError(.notFound, "no such file", hint: "check --data or ADVGLUE_DATA", at: .file(url.path))
    }
    if isDirectory.boolValue {
        throw AdvGlueError(.badData, "is a folder, not a data file", at: .file(url.path))
    }
    do {
        return try Data(contentsOf: url, options: .alwaysMapped)
    } catch {
        throw AdvGlueError(.badData, "cannot read: \(error.localizedDescription)", at: .file(url.path))
    }
}

/// Checks a text field the same way for every format.
func validateText(_ text: String, field: String) -> String? {
    text.unicodeScalars.allSatisfy(\.isWhitespaceOrNewline) ? "empty text in field '\(field)'" : nil
}

extension Unicode.Scalar {
    /// Foundation's `CharacterSet.whitespaces`: tab, the space separators and U+200B.
    /// Checked here because `trimmingCharacters(in:)` costs more than the rest of a row.
    var isWhitespace: Bool {
        switch value {
        case 0x09, 0x20, 0xA0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    /// Foundation's `CharacterSet.whitespacesAndNewlines`: the above, U+000A-U+000D,
    /// U+0085 and the line and paragraph separators.
    var isWhitespaceOrNewline: Bool {
        switch value {
        case 0x0A...0x0D, 0x85, 0x2028, 0x2029: true
        default: isWhitespace
        }
    }
}
