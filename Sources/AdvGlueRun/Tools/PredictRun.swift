import AdvGlueCorpora
import AdvGlueModels
import AdvGlueReports
import AdvGlueSupport
import AdvGlueText
import Foundation

/// `advglue predict`: scores a dataset with a model and prints its benign accuracy and
/// confusion matrix; optionally one JSON line per example with the logits.
public struct PredictRun {
    public var task: GlueTask
    public var data: DataChoice
    public var model: ModelChoice
    public var batchSize: Int
    /// Where to write the JSON lines; nil for none.
    public var output: String?
    public var console: any RunConsole

    public init(
        task: GlueTask, data: DataChoice, model: ModelChoice, batchSize: Int, output: String?, console: any RunConsole
    ) {
        self.task = task
        self.data = data
        self.model = model
        self.batchSize = batchSize
        self.output = output
        self.console = console
    }

    public func run() async throws {
        let loaded = try data.load(task: task, resources: RunEnvironment.resources)
        let examples = loaded.examples
        let classifier = try await model.load(task: task, resources: RunEnvironment.resources)
        // Columns are the model's labels: an LLM's add "(no answer)" to the task's.
        var confusion = [[Int]](
            repeating: [Int](repeating: 0, count: classifier.labels.count), count: task.labelNames.count)
        var lines = Data()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            for start in stride(from: 0, to: examples.count, by: batchSize) {
                let batch = Array(examples[start..<min(start + batchSize, examples.count)])
                let rows = try await classifier.logits(for: batch.map(\.input))
                for (example, row) in zip(batch, rows) {
                    confusion[example.label][argmax(row)] += 1
                    guard output != nil else { continue }
                    let line = PredictionLine(
                        id: example.id, label: example.label, prediction: argmax(row), logits: row,
                        fields: example.input.fields, text: example.input.texts.joined(separator: "\n"))
                    lines.append(try encoder.encode(line))
                    lines.append(0x0A)
                }
            }
        } catch {
            await classifier.shutdown()
            throw error
        }
        await classifier.shutdown()
        if let output {
            do {
                try lines.write(to: URL(filePath: output))
            } catch {
                throw AdvGlueError(.io, "cannot write \(output): \(error.localizedDescription)", hint: "check --output")
            }
        }
        printSummary(confusion, loaded: loaded, classifier: classifier)
    }

    private func printSummary(_ confusion: [[Int]], loaded: LoadedData, classifier: any Classifier) {
        let identity = classifier.identity
        let correct = confusion.indices.map { confusion[$0][$0] }.reduce(0, +)
        let count = loaded.examples.count
        console.print("task:     \(task.rawValue)")
        console.print(
            "data:     \(loaded.resolved.file.path)\(loaded.resolved.isDemo ? " (demo corpus, not GLUE)" : "")")
        console.print("model:    \(identity.spec) — \(identity.description)")
        if !loaded.dataset.skipped.isEmpty {
            console.print("skipped:  \(loaded.dataset.skipped.count) malformed rows (--lenient)")
        }
        console.print(
            String(format: "accuracy: %.2f%% (%d of %d)", Double(correct) / Double(max(1, count)) * 100, correct, count)
        )
        if let usage = tokenCounter(of: classifier)?.tokenUsage {
            console.print(LLMUsageText.line(usage))
        }
        console.print("confusion (rows: gold, columns: predicted):")
        let width = max(8, classifier.labels.map(\.count).max() ?? 0)
        func pad(_ text: String) -> String { String(repeating: " ", count: max(0, width - text.count)) + text }
        console.print(pad("") + " " + classifier.labels.map(pad).joined(separator: " "))
        for (label, row) in zip(task.labelNames, confusion) {
            console.print(pad(label) + " " + row.map { pad(String($0)) }.joined(separator: " "))
        }
    }
}

/// One line of `advglue predict --output`: the logits exactly as the model gave them
/// (shortest decimal that reads back as the same Float).
struct PredictionLine: Encodable {
    var id: String
    var label: Int
    var prediction: Int
    var logits: [Float]
    var fields: [TextField]
    /// The fields joined by a newline (the one field of single-text tasks).
    var text: String
}
