/// RFC 4180 CSV with protection against formula injection, for files people open in a
/// spreadsheet.
///
/// - Every text cell is quoted, with `"` doubled; numbers are written bare (as pandas'
///   `QUOTE_NONNUMERIC`, which TextAttack's CSV logger uses). Rows end in CRLF.
/// - A text cell whose first character is `=`, `+`, `-`, `@`, a tab or a carriage return
///   gets a leading `'`, so a spreadsheet shows it as text instead of evaluating
///   `=cmd|' /C calc'!A0` (OWASP's CSV-injection advice).
/// - Invisible and direction-changing characters are shown as `⟨U+202E⟩` markers
///   (``VisibleText``); line breaks inside a cell are kept (quoted, as RFC 4180 allows).
///
/// ```swift
/// CSV.row([.text("=1+1"), .number(3)]) // "\"'=1+1\",3\r\n"
/// ```
public enum CSV {
    public enum Cell: Sendable, Hashable {
        case text(String)
        case number(String)
        case empty

        public static func int(_ value: Int?) -> Cell { value.map { .number(String($0)) } ?? .empty }
        public static func double(_ value: Double?) -> Cell { value.map { .number(String($0)) } ?? .empty }
    }

    static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    public static func cell(_ cell: Cell) -> String {
        switch cell {
        case .empty: return ""
        case .number(let value): return value
        case .text(let value):
            var text = value
            if let first = text.unicodeScalars.first, formulaStarts.contains(first) { text = "'" + text }
            text = VisibleText.render(text, lineBreaks: .keep)
            return "\"" + text.replacingEvery(0x22, with: "\"\"") + "\""
        }
    }

    public static func row(_ cells: [Cell]) -> String {
        cells.map(cell).joined(separator: ",") + "\r\n"
    }

    public static func header(_ names: [String]) -> String {
        row(names.map(Cell.text))
    }
}
