import AdvGlueSupport
import AdvGlueText
import Foundation

/// Reads the classic `glue_data/` tab-separated files (and TaxiNLI's annotated MNLI dev).
///
/// Columns are found by header name, so SST-2's 2, RTE's and QNLI's 4, QQP's 6 and
/// MNLI's 12 (few-shot) or 16 (dev) columns all read with one rule. Complexity: O(bytes).
public enum GlueTSVLoader {
    /// Matched MNLI genres; TaxiNLI rows of other genres are mismatched.
    public static let matchedGenres: Set<String> = ["fiction", "government", "slate", "telephone", "travel"]

    struct Columns {
        var texts: [String]
        var label: String
        var id: String?
    }

    static func columns(for task: GlueTask, header: [String]) -> (Columns, DataFormat) {
        if header.contains("prem") && header.contains("hyp") {
            return (Columns(texts: ["prem", "hyp"], label: "label", id: "pairID"), .taxiNLITSV)
        }
        let columns: Columns =
            switch task {
            case .sst2: Columns(texts: ["sentence"], label: "label", id: nil)
            case .mnli, .mnliMismatched: Columns(texts: ["sentence1", "sentence2"], label: "gold_label", id: "pairID")
            case .qqp: Columns(texts: ["question1", "question2"], label: "is_duplicate", id: "id")
            case .qnli: Columns(texts: ["question", "sentence"], label: "label", id: "index")
            case .rte: Columns(texts: ["sentence1", "sentence2"], label: "label", id: "index")
            }
        return (columns, .glueTSV)
    }

    public static func load(_ url: URL, task: GlueTask, lenient: Bool = false) throws(AdvGlueError) -> Dataset {
        let file = url.path
        let lines = LineReader.lines(of: try readData(url))
        guard let headerLine = lines.first, let headerText = headerLine.text, !headerText.isEmpty else {
            throw AdvGlueError(
                .badData, "missing header row",
                hint: "GLUE .tsv files start with a header such as 'sentence<TAB>label'", at: .file(file, line: 1))
        }
        let header = headerText.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        let (columns, format) = columns(for: task, header: header)
        if format == .taxiNLITSV, task.modelTask != .mnli {
            throw AdvGlueError(
                .badData, "this is TaxiNLI's MNLI file (prem, hyp, genre), not \(task.rawValue) data",
                hint: "use it with --task mnli or --task mnli-mm", at: .file(file, line: 1))
        }
        func column(_ name: String) throws(AdvGlueError) -> Int {
            guard let index = header.firstIndex(of: name) else {
                throw AdvGlueError(
                    .badData,
                    "no '\(name)' column for task \(task.rawValue); header has \(header.joined(separator: ", "))",
                    hint: "is this the right task, and a labelled (train/dev, not test) file?", at: .file(file, line: 1)
                )
            }
            return index
        }
        var textColumns: [Int] = []
        for name in columns.texts { textColumns.append(try column(name)) }
        let labelColumn = try column(columns.label)
        let idColumn = columns.id.flatMap { header.firstIndex(of: $0) }
        let genreColumn = format == .taxiNLITSV ? header.firstIndex(of: "genre") : nil

        var problems = RowProblems(file: file, lenient: lenient)
        var examples: [Example] = []
        for line in lines.dropFirst() {
            guard let text = line.text else {
                try problems.report(line: line.number, "invalid UTF-8")
                continue
            }
            if text.isEmpty && line.number == lines.count { continue }  // a final empty line is no row
            // Split on the byte: a tab is a control character and never part of a
            // larger grapheme, so this equals splitting the Characters, only faster.
            let cells = text.utf8.split(separator: 0x09, omittingEmptySubsequences: false).map { Substring($0) }
            guard cells.count == header.count else {
                try problems.report(
                    line: line.number,
                    "expected \(header.count) tab-separated columns (as the header), found \(cells.count)")
                continue
            }
            if let genreColumn {
                let isMatched = matchedGenres.contains(String(cells[genreColumn]))
                if isMatched != (task == .mnli) { continue }  // the other MNLI split, not a bad row
            }
            let rawLabel = String(cells[labelColumn])
            guard let label = task.labelID(for: rawLabel) else {
                try problems.report(
                    line: line.number,
                    "unknown label '\(rawLabel)' for task \(task.rawValue) (expected one of \(task.labelNames.joined(separator: ", ")))"
                )
                continue
            }
            var fields: [TextField] = []
            var problem: String?
            for (name, index) in zip(task.fieldNames, textColumns) {
                let value = String(cells[index])
                problem = problem ?? validateText(value, field: name)
                fields.append(TextField(name: name, text: value))
            }
            if let problem {
                try problems.report(line: line.number, problem)
                continue
            }
            let id = idColumn.map { String(cells[$0]) }.flatMap { $0.isEmpty ? nil : $0 } ?? "line\(line.number)"
            examples.append(Example(id: id, input: TextInput(fields: fields), label: label))
        }
        return Dataset(task: task, source: file, format: format, examples: examples, skipped: problems.skipped)
    }
}
