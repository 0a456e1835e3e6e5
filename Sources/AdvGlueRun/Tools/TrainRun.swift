import AdvGlueAttacks
import AdvGlueBackends
import AdvGlueCorpora
import AdvGlueMiniLM
import AdvGlueSupport
import Foundation

/// `advglue train`: a built-in model for a task, deterministically: a lexical model
/// (logistic regression over word n-grams) or a logistic head on MiniLM embeddings.
public struct TrainRun: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case lexical, minilm
    }

    public var task: GlueTask
    public var model: Kind
    /// Training data: a file, or a glue_data folder (its train file; dev for evaluation).
    public var data: String
    public var evalData: String?
    /// Hold out this percentage of `data` by a stable hash of each example id.
    public var holdoutPercent: Int?
    public var output: String?
    public var seed: UInt64
    public var epochs: Int
    public var maxFeatures: Int
    public var minCount: Int
    public var iterations: Int
    public var l2: Float
    public var embeddingCache: String?
    public var lenient: Bool
    public var console: any RunConsole

    public init(task: GlueTask, model: Kind, data: String, console: any RunConsole) {
        self.task = task
        self.model = model
        self.data = data
        self.console = console
        seed = 0
        epochs = 8
        maxFeatures = 60_000
        minCount = 2
        iterations = 400
        l2 = 0.1
        lenient = false
    }

    public func run() async throws {
        let task = self.task.modelTask
        let resources = RunEnvironment.resources
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
            try trainMiniLM(
                task: task, training: training, heldOut: heldOut, heldOutSource: heldOutSource, trainFile: trainFile)
            return
        }
        let cues = try negationCues(resources)
        var configuration = TrainingConfiguration()
        configuration.seed = seed
        configuration.epochs = epochs
        configuration.maxFeatures = maxFeatures
        configuration.minCount = minCount
        console.note("training \(task.rawValue) on \(training.count) examples from \(trainFile.path)")
        var trained = LexicalTrainer.train(
            training, featurizer: LexicalFeaturizer(task: task, negationCues: cues), labels: task.labelNames,
            configuration: configuration, trainingData: trainFile.lastPathComponent
        ) { epoch, total in console.note("  epoch \(epoch)/\(total)") }
        console.print(
            String(
                format: "training accuracy: %.2f%% (%d examples)",
                LexicalTrainer.accuracy(of: trained, on: training) * 100, training.count))
        if let heldOutSource, !heldOut.isEmpty {
            let accuracy = LexicalTrainer.accuracy(of: trained, on: heldOut)
            trained.metadata.heldOutData =
                URL(filePath: heldOutSource.components(separatedBy: " (").first!).lastPathComponent
                + (holdoutPercent.map { " (\($0)% of the training file, by id hash)" } ?? "")
            trained.metadata.heldOutExamples = heldOut.count
            trained.metadata.heldOutAccuracy = accuracy
            console.print(
                String(
                    format: "held-out accuracy: %.2f%% (%d examples, %@)", accuracy * 100, heldOut.count, heldOutSource)
            )
        }
        let url = URL(filePath: output ?? "\(task.rawValue).lexical.bin")
        do {
            try LexicalModelFile.write(trained, to: url)
        } catch {
            throw AdvGlueError(.io, "cannot write \(url.path): \(error.localizedDescription)")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        console.print("model: \(url.path) (\(trained.featureCount) features, \(size / 1024) KiB)")
    }

    private func trainMiniLM(
        task: GlueTask, training: [Example], heldOut: [Example], heldOutSource: String?, trainFile: URL
    ) throws {
        let encoder = try MiniLM.shared()
        let store = EmbeddingStore(folder: embeddingCache.map { URL(filePath: $0, directoryHint: .isDirectory) })
        func features(_ examples: [Example], label: String) -> [[Float]] {
            let width = task.fieldNames.count
            console.note("embedding \(examples.count * width) \(label) texts with MiniLM")
            let vectors = store.embeddings(examples.flatMap(\.input.texts), model: encoder) { done, total in
                console.note("  \(done)/\(total)")
            }
            return examples.indices.map { MiniLMHead.features(Array(vectors[$0 * width..<($0 + 1) * width])) }
        }
        let trainingFeatures = features(training, label: "training")
        var configuration = MiniLMTrainingConfiguration()
        configuration.iterations = iterations
        configuration.l2 = l2
        console.note("training a MiniLM head for \(task.rawValue) on \(training.count) examples from \(trainFile.path)")
        var head = MiniLMHeadTrainer.train(
            features: trainingFeatures, labels: training.map(\.label), task: task,
            embeddingSize: encoder.encoder.configuration.hiddenSize,
            configuration: configuration, trainingData: trainFile.lastPathComponent
        ) { step, total in console.note("  step \(step)/\(total)") }
        console.print(
            String(
                format: "training accuracy: %.2f%% (%d examples)",
                MiniLMHeadTrainer.accuracy(of: head, features: trainingFeatures, labels: training.map(\.label)) * 100,
                training.count))
        if let heldOutSource, !heldOut.isEmpty {
            let accuracy = MiniLMHeadTrainer.accuracy(
                of: head, features: features(heldOut, label: "held-out"), labels: heldOut.map(\.label))
            head.metadata.heldOutData =
                URL(filePath: heldOutSource.components(separatedBy: " (").first!).lastPathComponent
                + (holdoutPercent.map { " (\($0)% of the training file, by id hash)" } ?? "")
            head.metadata.heldOutExamples = heldOut.count
            head.metadata.heldOutAccuracy = accuracy
            console.print(
                String(
                    format: "held-out accuracy: %.2f%% (%d examples, %@)", accuracy * 100, heldOut.count, heldOutSource)
            )
        }
        let url = URL(filePath: output ?? "\(task.rawValue).minilm.bin")
        do {
            try MiniLMHeadFile.write(head, to: url)
        } catch {
            throw AdvGlueError(.io, "cannot write \(url.path): \(error.localizedDescription)")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        console.print("model: \(url.path) (\(head.featureCount) features, \(size / 1024) KiB)")
    }

    private func isDirectory(_ path: String) -> Bool {
        var flag: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &flag) && flag.boolValue
    }

    private func negationCues(_ resources: ProjectResources?) throws -> [String] {
        guard let url = resources?.lexicons.appending(path: "negation-cues-en.txt"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else {
            throw AdvGlueError(
                .notFound,
                "cannot read Corpora/lexicons/negation-cues-en.txt; run from the checkout or set ADVGLUE_HOME")
        }
        return WordList.parse(text)
    }
}
