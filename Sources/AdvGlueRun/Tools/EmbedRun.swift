import AdvGlueMiniLM
import AdvGlueSupport
import Foundation

/// `advglue embed`: the native MiniLM encoder on one input per line (two with
/// `pairs`), written as JSON lines of embeddings or token ids; with `timing`, inputs per
/// second and peak memory instead.
public struct EmbedRun: Sendable {
    public enum Output: String, Sendable, CaseIterable {
        case embedding, ids
    }

    /// The inputs, one per line (two separated by a tab with `pairs`).
    public var text: String
    /// Where `text` came from, for messages: the file, or `stdin`.
    public var source: String
    /// A JSON Lines file; nil for standard output.
    public var output: String?
    public var pairs = false
    public var write = Output.embedding
    public var maxLength = 256
    public var batchSize = 32
    public var timing = false
    public var repeats = 3
    public var console: any RunConsole

    public init(text: String, source: String, console: any RunConsole) {
        self.text = text
        self.source = source
        self.console = console
    }

    public func run() async throws {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        let model = try MiniLM(folder: try ModelLocation.locate(), maxSequenceLength: maxLength, batchSize: batchSize)
        func encodings() throws -> [Encoding] {
            try lines.enumerated().map { number, line in
                guard pairs else { return model.encode(line) }
                let parts = line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
                guard parts.count == 2 else {
                    throw AdvGlueError(
                        .badData, "\(source):\(number + 1): --pairs expects two texts separated by a tab")
                }
                return model.encode(String(parts[0]), String(parts[1]))
            }
        }
        if timing {
            var seconds: [Double] = []
            var cpu: [Double] = []
            for _ in 0..<repeats {
                let started = Date()
                let startedCPU = cpuSeconds()
                _ = model.embeddings(of: try encodings())
                seconds.append(Date().timeIntervalSince(started))
                cpu.append(cpuSeconds() - startedCPU)
            }
            let median = seconds.sorted()[seconds.count / 2]
            let medianCPU = cpu.sorted()[cpu.count / 2]
            let tokens = try encodings().reduce(0) { $0 + $1.count }
            console.print(
                String(
                    format:
                        "inputs: %d, tokens: %d, median of %d runs: %.3f s, %.1f inputs/s, CPU time %.3f s, peak RSS %.0f MB",
                    lines.count, tokens, repeats, median, Double(lines.count) / median, medianCPU,
                    Double(peakResidentKilobytes()) / 1024))
            return
        }
        let all = try encodings()
        var out = ""
        switch write {
        case .ids:
            for encoding in all {
                out +=
                    "{\"ids\":[\(encoding.ids.map(String.init).joined(separator: ","))],\"type_ids\":[\(encoding.typeIds.map(String.init).joined(separator: ","))]}\n"
            }
        case .embedding:
            for embedding in model.embeddings(of: all) {
                out += "{\"embedding\":[\(embedding.map { "\($0)" }.joined(separator: ","))]}\n"
            }
        }
        if let output {
            do {
                try Data(out.utf8).write(to: URL(filePath: output))
            } catch {
                throw AdvGlueError(.io, "cannot write --output \(output): \(error.localizedDescription)")
            }
        } else {
            if !out.isEmpty { console.print(String(out.dropLast())) }
        }
    }

    /// User and system CPU time of the process so far: unlike wall time, it hardly
    /// changes when other processes load the machine.
    private func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(
            usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    /// VmHWM from /proc/self/status: the peak resident set size, in kB.
    private func peakResidentKilobytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
        else { return 0 }
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }
}
