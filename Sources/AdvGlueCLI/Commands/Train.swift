import AdvGlueAttacks
import AdvGlueCorpora
import AdvGlueMiniLM
import AdvGlueModels
import AdvGlueSupport
import ArgumentParser
import Foundation

struct Train: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a built-in model for a task: lexical (logistic regression over word n-grams) or minilm (a logistic head on MiniLM embeddings).",
        discussion: """
            Deterministic: the same data, options and seed give a byte-identical model file (for \
            minilm, on the same machine: the encoder's float sums follow the core count).

            Examples:
              advglue train --task sst2 --data ../shared/corpora/glue_data --output Corpora/models/sst2.lexical.bin
              advglue train --task qnli --data ../shared/corpora/glue_data/QNLI/dev.tsv --holdout-percent 20 --output qnli.bin
              advglue train --model minilm --task rte --data ../shared/corpora/glue_data --embedding-cache .build/minilm-embeddings
            """
    )

    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case lexical, minilm
    }

    @OptionGroup var taskOptions: TaskOptions

    @Option(name: .long, help: ArgumentHelp("Which model to train: \(Kind.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "kind"))
    var model: Kind = .lexical

    @Option(name: .long, help: ArgumentHelp("Training data: a file, or a glue_data folder (its train file; dev for evaluation).", valueName: "path"))
    var data: String

    @Option(name: .long, help: ArgumentHelp("Held-out data to report accuracy on (default: the folder's dev file).", valueName: "path"))
    var evalData: String?

    @Option(name: .long, help: ArgumentHelp("Hold out this percentage of --data, chosen by a stable hash of each example id, instead of --eval-data.", valueName: "p"))
    var holdoutPercent: Int?

    @Option(name: .long, help: ArgumentHelp("Where to write the model (default: TASK.lexical.bin or TASK.minilm.bin).", valueName: "file"))
    var output: String?

    @Option(name: .long, help: ArgumentHelp("Seed for the example order.", valueName: "n"))
    var seed: UInt64 = 0

    @Option(name: .long, help: ArgumentHelp("lexical: passes over the training data.", valueName: "n"))
    var epochs = 8

    @Option(name: .long, help: ArgumentHelp("lexical: keep at most this many features (bounds the file size).", valueName: "n"))
    var maxFeatures = 60_000

    @Option(name: .long, help: ArgumentHelp("lexical: keep features seen in at least this many training examples.", valueName: "n"))
    var minCount = 2

    @Option(name: .long, help: ArgumentHelp("minilm: full-batch Adam steps.", valueName: "n"))
    var iterations = 400

    @Option(name: .long, help: ArgumentHelp("minilm: L2 penalty on the head's weights.", valueName: "x"))
    var l2: Float = 0.1

    @Option(name: .long, help: ArgumentHelp("minilm: keep sentence embeddings in this folder and reuse them.", valueName: "dir"))
    var embeddingCache: String?

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
        if iterations < 1 { throw ValidationError("--iterations must be at least 1 (got \(iterations))") }
        if !(l2 >= 0 && l2.isFinite) { throw ValidationError("--l2 must be a non-negative number (got \(l2))") }
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

        if model == .minilm {
            try trainMiniLM(task: task, training: training, heldOut: heldOut, heldOutSource: heldOutSource, trainFile: trainFile)
            return
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

    private func trainMiniLM(task: GlueTask, training: [Example], heldOut: [Example], heldOutSource: String?, trainFile: URL) throws {
        let encoder = try MiniLM.shared()
        let store = EmbeddingStore(folder: embeddingCache.map { URL(filePath: $0, directoryHint: .isDirectory) })
        func features(_ examples: [Example], label: String) -> [[Float]] {
            let width = task.fieldNames.count
            Environment.printError("embedding \(examples.count * width) \(label) texts with MiniLM")
            let vectors = store.embeddings(examples.flatMap(\.input.texts), model: encoder) { done, total in
                Environment.printError("  \(done)/\(total)")
            }
            return examples.indices.map { MiniLMHead.features(Array(vectors[$0 * width..<($0 + 1) * width])) }
        }
        let trainingFeatures = features(training, label: "training")
        var configuration = MiniLMTrainingConfiguration()
        configuration.iterations = iterations
        configuration.l2 = l2
        Environment.printError("training a MiniLM head for \(task.rawValue) on \(training.count) examples from \(trainFile.path)")
        var head = MiniLMHeadTrainer.train(
            features: trainingFeatures, labels: training.map(\.label), task: task, embeddingSize: encoder.encoder.configuration.hiddenSize,
            configuration: configuration, trainingData: trainFile.lastPathComponent
        ) { step, total in Environment.printError("  step \(step)/\(total)") }
        print(String(format: "training accuracy: %.2f%% (%d examples)",
                     MiniLMHeadTrainer.accuracy(of: head, features: trainingFeatures, labels: training.map(\.label)) * 100, training.count))
        if let heldOutSource, !heldOut.isEmpty {
            let accuracy = MiniLMHeadTrainer.accuracy(of: head, features: features(heldOut, label: "held-out"), labels: heldOut.map(\.label))
            head.metadata.heldOutData = URL(filePath: heldOutSource.components(separatedBy: " (").first!).lastPathComponent
                + (holdoutPercent.map { " (\($0)% of the training file, by id hash)" } ?? "")
            head.metadata.heldOutExamples = heldOut.count
            head.metadata.heldOutAccuracy = accuracy
            print(String(format: "held-out accuracy: %.2f%% (%d examples, %@)", accuracy * 100, heldOut.count, heldOutSource))
        }
        let url = URL(filePath: output ?? "\(task.rawValue).minilm.bin")
        do {
            try MiniLMHeadFile.write(head, to: url)
        } catch {
            throw CommandFailure(message: "cannot write \(url.path): \(error.localizedDescription)", status: .ioError)
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        print("model: \(url.path) (\(head.featureCount) features, \(size / 1024) KiB)")
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
