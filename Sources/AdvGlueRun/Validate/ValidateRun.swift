import AdvGlueAttacks
import AdvGlueCorpora
import AdvGlueReports
import AdvGlueResults
import AdvGlueSupport
import Foundation

/// `advglue validate`: judges adversarial examples made by any tool with the validity
/// filters an attack runs under, and writes each verdict with its reasons
/// (`validation.json`) and a summary (`validation.md`).
///
/// ```swift
/// try await ValidateRun(input: "dev_ann.json", format: .auto, task: nil, out: "Reports/validate", console: c).run()
/// ```
public struct ValidateRun {
    public var input: String
    public var format: ValidationSource.Format
    public var task: GlueTask?
    /// Only items of this AdvGLUE `data_construction` (word, sentence, human); nil for all.
    public var level: String?
    public var out: String
    public var console: any RunConsole

    public init(
        input: String, format: ValidationSource.Format, task: GlueTask?, level: String? = nil, out: String,
        console: any RunConsole
    ) {
        self.input = input
        self.format = format
        self.task = task
        self.level = level
        self.out = out
        self.console = console
    }

    public func run() async throws {
        let source = try ValidationSource.load(input, format: format, task: task)
        let items = source.items.filter { level == nil || $0.level == level }
        if items.isEmpty {
            throw AdvGlueError(.notFound, "no example in \(input) is of data_construction '\(level ?? "")'")
        }
        let resources = RunEnvironment.resources
        var validators: [GlueTask: ExampleValidator] = [:]
        var verdicts: [ValidationFile.Verdict] = []
        var filterInfo: FilterInfo?
        let progress = console.progress(label: "validate", words: ("rejected", "accepted"))
        for (done, item) in items.enumerated() {
            if validators[item.task] == nil {
                let validator = try ExampleValidator.advglue(task: item.task, resources: resources)
                validators[item.task] = validator
                filterInfo = filterInfo ?? validator.filters.info
            }
            let verdict = try await validators[item.task]!.judge(original: item.original, perturbed: item.perturbed)
            verdicts.append(
                ValidationFile.Verdict(
                    id: item.id, task: item.task.rawValue, method: item.method, level: item.level,
                    accepted: verdict.accepted,
                    reasons: verdict.reasons.map { .init(filter: $0.filter, detail: $0.detail) },
                    changes: verdict.changes.map { .init(original: $0.original, replacement: $0.replacement) },
                    wordShare: verdict.wordShare, fieldSimilarity: verdict.fieldSimilarity))
            progress.update(done: done + 1, total: items.count, outcome: verdict.accepted ? "failed" : "successful")
        }
        let data = FileManager.default.contents(atPath: source.file.path)
        let file = ValidationFile(
            tool: RunEnvironment.tool, filters: filterInfo,
            source: .init(
                file: source.file.path, format: source.format.rawValue, sha256: data.map(SHA256.hex),
                level: level),
            verdicts: verdicts)
        var outputs = OutputFiles()
        outputs.add(ValidationFile.fileName, try JSONFiles.encode(file))
        outputs.add("validation.md", ValidationReport.render(file))
        let folder = URL(filePath: out, directoryHint: .isDirectory)
        try outputs.write(to: folder)
        let summary = file.summary
        console.print(
            "accepted \(summary.accepted) of \(summary.examples) adversarial examples (\(Format.percent(summary.acceptedShare)))"
        )
        for (filter, count) in summary.rejectedBy.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }) {
            console.print("  rejected by \(filter): \(count)")
        }
        console.print("report:  \(folder.appending(path: "validation.md").path)")
    }
}
