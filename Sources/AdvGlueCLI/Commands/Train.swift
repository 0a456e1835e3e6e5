import AdvGlueRun
import ArgumentParser

extension TrainRun.Kind: ExpressibleByArgument {}

struct Train: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract:
            "Train a built-in model for a task: lexical (logistic regression over word n-grams) or minilm (a logistic head on MiniLM embeddings).",
        discussion: """
            Deterministic: the same data, options and seed give a byte-identical model file (for \
            minilm, on the same machine: the encoder's float sums follow the core count).

            Examples:
              advglue train --task sst2 --data ../shared/corpora/glue_data --output Corpora/models/sst2.lexical.bin
              advglue train --task qnli --data ../shared/corpora/glue_data/QNLI/dev.tsv --holdout-percent 20 --output qnli.bin
              advglue train --model minilm --task rte --data ../shared/corpora/glue_data --embedding-cache .build/minilm-embeddings
            """
    )

    @OptionGroup var taskOptions: TaskOptions

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Which model to train: \(TrainRun.Kind.allCases.map(\.rawValue).joined(separator: ", ")).",
            valueName: "kind"))
    var model: TrainRun.Kind = .lexical

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Training data: a file, or a glue_data folder (its train file; dev for evaluation).", valueName: "path"))
    var data: String

    @Option(
        name: .long,
        help: ArgumentHelp("Held-out data to report accuracy on (default: the folder's dev file).", valueName: "path"))
    var evalData: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Hold out this percentage of --data, chosen by a stable hash of each example id, instead of --eval-data.",
            valueName: "p"))
    var holdoutPercent: Int?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Where to write the model (default: TASK.lexical.bin or TASK.minilm.bin).", valueName: "file"))
    var output: String?

    @Option(name: .long, help: ArgumentHelp("Seed for the example order.", valueName: "n"))
    var seed: UInt64 = 0

    @Option(name: .long, help: ArgumentHelp("lexical: passes over the training data.", valueName: "n"))
    var epochs = 8

    @Option(
        name: .long,
        help: ArgumentHelp("lexical: keep at most this many features (bounds the file size).", valueName: "n"))
    var maxFeatures = 60_000

    @Option(
        name: .long,
        help: ArgumentHelp("lexical: keep features seen in at least this many training examples.", valueName: "n"))
    var minCount = 2

    @Option(name: .long, help: ArgumentHelp("minilm: full-batch Adam steps.", valueName: "n"))
    var iterations = 400

    @Option(name: .long, help: ArgumentHelp("minilm: L2 penalty on the head's weights.", valueName: "x"))
    var l2: Float = 0.1

    @Option(
        name: .long,
        help: ArgumentHelp("minilm: keep sentence embeddings in this folder and reuse them.", valueName: "dir"))
    var embeddingCache: String?

    @Flag(name: .long, help: "Skip malformed rows instead of stopping.")
    var lenient = false

    func validate() throws {
        if let holdoutPercent, !(1...90).contains(holdoutPercent) {
            throw ValidationError("--holdout-percent must be between 1 and 90 (got \(holdoutPercent))")
        }
        if holdoutPercent != nil && evalData != nil {
            throw ValidationError("--holdout-percent and --eval-data exclude each other")
        }
        if epochs < 1 { throw ValidationError("--epochs must be at least 1 (got \(epochs))") }
        if maxFeatures < 1 { throw ValidationError("--max-features must be at least 1 (got \(maxFeatures))") }
        if minCount < 1 { throw ValidationError("--min-count must be at least 1 (got \(minCount))") }
        if iterations < 1 { throw ValidationError("--iterations must be at least 1 (got \(iterations))") }
        if !(l2 >= 0 && l2.isFinite) { throw ValidationError("--l2 must be a non-negative number (got \(l2))") }
    }

    func run() async throws {
        var train = TrainRun(task: taskOptions.task, model: model, data: data, console: TerminalConsole())
        train.evalData = evalData
        train.holdoutPercent = holdoutPercent
        train.output = output
        train.seed = seed
        train.epochs = epochs
        train.maxFeatures = maxFeatures
        train.minCount = minCount
        train.iterations = iterations
        train.l2 = l2
        train.embeddingCache = embeddingCache
        train.lenient = lenient
        try await train.run()
    }
}
