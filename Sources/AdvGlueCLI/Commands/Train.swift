import AdvGlueAttacks
import AdvGlueCorpora
import AdvGlueModels
import AdvGlueSupport
import ArgumentParser
import Foundation

struct Train: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the built-in lexical model (logistic regression over word n-grams) for a task.",
        discussion: """
            Deterministic: the same data, options and seed give a byte-identical model file.

            Examples:
              advglue train --task sst2 --data ../shared/corpora/glue_data --output Corpora/models/sst2.lexical.bin
              advglue train --task qnli --data ../shared/corpora/glue_data/QNLI/dev.tsv --holdout-percent 20 --output qnli.bin
            """
    )

    @OptionGroup var taskOptions: TaskOptions

    @Option(name: .long, help: ArgumentHelp("Training data: a file, or a glue_data folder (its train file; dev for evaluation).", valueName: "path"))
    var data: String

    @Option(name: .long, help: ArgumentHelp("Held-out data to report accuracy on (default: the folder's dev file).", valueName: "path"))
    var evalData: String?

    @Option(name: .long, help: ArgumentHelp("Hold out this percentage of --data, chosen by a stable hash of each example id, instead of --eval-data.", valueName: "p"))
    var holdoutPercent: Int?

    @Option(name: .long, help: ArgumentHelp("Where to write the model (default: TASK.lexical.bin).", valueName: "file"))
    var output: String?

    @Option(name: .long, help: ArgumentHelp("Seed for the example order.", valueName: "n"))
    var seed: UInt64 = 0

    @Option(name: .long, help: ArgumentHelp("Passes over the training data.", valueName: "n"))
    var epochs = 8

    @Option(name: .long, help: ArgumentHelp("Keep at most this many features (bounds the file size).", valueName: "n"))
    var maxFeatures = 60_000

    @Option(name: .long, help: ArgumentHelp("Keep features seen in at least this many training examples.", valueName: "n"))
    var minCount = 2

    @Flag(name: .long, help: "Skip malformed rows instead of stopping.")
    var lenient = false

    func validate() throws {
        if let holdoutPercent, !(1...90).contains(holdoutPercent) {
            throw ValidationError("--holdout-percent must be between 1 and 90 (got \(holdoutPercent))")
        }
        if holdoutPercent != nil && evalData != nil { throw ValidationError("--holdout-percent and --eval-data exclude each other") }
        if epochs < 1 { throw ValidationError("--epochs must be at least 1 (got \(epochs))") }
        if maxFeatures < 1 { throw ValidationError("--max-features must be at least 1 (got \(maxFeatures))") }
        if minCount < 1 { throw ValidationError("--min-count must be at least 1 (got \(minCount))") }
    }

    func run() async throws {
        let task = taskOptions.task.modelTask
        let resources = Environment.resources
        let locator = DataLocator(resources: resources)
        let trainFile = try locator.resolve(task: task, data: data, split: .train).file
        var training = try DataLoader.load(trainFile, task: task, lenient: lenient).examples
        var heldOut: [Example] = []
        var heldOutSource: String?
        if let holdoutPercent {
            let isHeldOut = { (example: Example) in StableHash.fnv1a64(example.id) % 100 < UInt64(holdoutPercent) }
            heldOut = training.filter(isHeldOut)
            training.removeAll(where: isHeldOut)
            heldOutSource = "\(trainFile.path) (\(holdoutPercent)% held out by id hash)"
        } else if let source = evalData ?? (isDirectory(data) ? data : nil) {
            let file = try locator.resolve(task: task, data: source, split: .dev).file
            heldOut = try DataLoader.load(file, task: task, lenient: lenient).examples
            heldOutSource = file.path
        }

        let cues = try negationCues(resources)
        var configuration = TrainingConfiguration()
        configuration.seed = seed
        configuration.epochs = epochs
        configuration.maxFeatures = maxFeatures
        configuration.minCount = minCount
        Environment.printError("training \(task.rawValue) on \(training.count) examples from \(trainFile.path)")
        var model = LexicalTrainer.train(
            training, featurizer: LexicalFeaturizer(task: task, negationCues: cues), labels: task.labelNames,
            configuration: configuration, trainingData: trainFile.lastPathComponent
        ) { epoch, total in Environment.printError("  epoch \(epoch)/\(total)") }
        print(String(format: "training accuracy: %.2f%% (%d examples)", LexicalTrainer.accuracy(of: model, on: training) * 100, training.count))
        if let heldOutSource, !heldOut.isEmpty {
            let accuracy = LexicalTrainer.accuracy(of: model, on: heldOut)
            model.metadata.heldOutData = URL(filePath: heldOutSource.components(separatedBy: " (").first!).lastPathComponent
                + (holdoutPercent.map { " (\($0)% of the training file, by id hash)" } ?? "")
            model.metadata.heldOutExamples = heldOut.count
            model.metadata.heldOutAccuracy = accuracy
            print(String(format: "held-out accuracy: %.2f%% (%d examples, %@)", accuracy * 100, heldOut.count, heldOutSource))
        }
        let url = URL(filePath: output ?? "\(task.rawValue).lexical.bin")
        do {
            try LexicalModelFile.write(model, to: url)
        } catch {
            throw CommandFailure(message: "cannot write \(url.path): \(error.localizedDescription)", status: .ioError)
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        print("model: \(url.path) (\(model.featureCount) features, \(size / 1024) KiB)")
    }

    private func isDirectory(_ path: String) -> Bool {
        var flag: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &flag) && flag.boolValue
    }

    private func negationCues(_ resources: ProjectResources?) throws -> [String] {
        guard let url = resources?.lexicons.appending(path: "negation-cues-en.txt"),
              let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw CommandFailure(message: "cannot read Corpora/lexicons/negation-cues-en.txt; run from the checkout or set ADVGLUE_HOME",
                                 status: .noInput)
        }
        return WordList.parse(text)
    }
}
