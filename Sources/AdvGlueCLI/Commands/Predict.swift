import AdvGlueCorpora
import AdvGlueExternal
import AdvGlueModels
import AdvGlueText
import ArgumentParser
import Foundation

struct Predict: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Score a dataset with a model and print its benign accuracy.",
        discussion: "Example:\n  advglue predict --task sst2 --data ../shared/corpora/glue_data"
    )

    @OptionGroup var taskOptions: TaskOptions
    @OptionGroup var data: DataOptions
    @OptionGroup var model: ModelOptions
    @OptionGroup(title: "Model server and subprocess options") var connection: ModelConnectionOptions

    @Option(name: .long, help: ArgumentHelp("Inputs per model call.", valueName: "n"))
    var batchSize = 64

    @Option(name: .long, help: ArgumentHelp(
        "Also write one JSON line per example (id, label, prediction, logits, fields) to this file, for checking another tool's copy of the model.",
        valueName: "file"))
    var output: String?

    func validate() throws {
        if batchSize < 1 { throw ValidationError("--batch-size must be at least 1 (got \(batchSize))") }
    }

    func run() async throws {
        let task = taskOptions.task
        let resources = Environment.resources
        let (dataset, resolved) = try Environment.dataset(task: task, options: data, resources: resources)
        let examples = Environment.selected(dataset, options: data)
        let classifier = try await Environment.classifier(task: task, options: model, connection: connection, resources: resources, seed: 0, jobs: 1)
        var confusion = [[Int]](repeating: [Int](repeating: 0, count: task.labelNames.count), count: task.labelNames.count)
        var lines = Data()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            for start in stride(from: 0, to: examples.count, by: batchSize) {
                let batch = Array(examples[start..<min(start + batchSize, examples.count)])
                let rows = try await classifier.logits(for: batch.map(\.input))
                for (example, row) in zip(batch, rows) {
                    confusion[example.label][argmax(row)] += 1
                    if output != nil {
                        lines.append(try encoder.encode(PredictionLine(id: example.id, label: example.label, prediction: argmax(row), logits: row,
                                                                       fields: example.input.fields, text: example.input.fields.map(\.text).joined(separator: "\n"))))
                        lines.append(0x0A)
                    }
                }
            }
        } catch {
            await ExternalModels.shutdown(classifier)
            throw error
        }
        await ExternalModels.shutdown(classifier)
        if let output {
            do {
                try lines.write(to: URL(filePath: output))
            } catch {
                throw CommandFailure(message: "cannot write \(output): \(error.localizedDescription); check --output", status: .ioError)
            }
        }
        let correct = confusion.indices.map { confusion[$0][$0] }.reduce(0, +)
        let accuracy = Double(correct) / Double(max(1, examples.count))
        print("task:     \(task.rawValue)")
        print("data:     \(resolved.file.path)\(resolved.isDemo ? " (demo corpus, not GLUE)" : "")")
        print("model:    \(classifier.identity.spec) — \(classifier.identity.description)")
        if !dataset.skipped.isEmpty { print("skipped:  \(dataset.skipped.count) malformed rows (--lenient)") }
        print(String(format: "accuracy: %.2f%% (%d of %d)", accuracy * 100, correct, examples.count))
        print("confusion (rows: gold, columns: predicted):")
        let width = max(8, task.labelNames.map(\.count).max() ?? 0)
        func pad(_ text: String) -> String { String(repeating: " ", count: max(0, width - text.count)) + text }
        print(pad("") + " " + task.labelNames.map(pad).joined(separator: " "))
        for (label, row) in zip(task.labelNames, confusion) {
            print(pad(label) + " " + row.map { pad(String($0)) }.joined(separator: " "))
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
