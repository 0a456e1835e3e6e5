import AdvGlueCorpora
import AdvGlueExternal
import AdvGlueModels
import AdvGlueReports
import AdvGlueSupport
import AdvGlueText
import Foundation

/// Shared steps of the commands: finding resources, data and the model.
enum Environment {
    static let version = "0.1.0"

    static var resources: ProjectResources? { try? ProjectResources.locate() }

    static func dataset(task: GlueTask, options: DataOptions, resources: ProjectResources?,
                        split: DataSplit = .dev) throws -> (Dataset, DataLocator.Resolved) {
        let resolved = try DataLocator(resources: resources).resolve(task: task, data: options.data, split: split)
        let dataset = try DataLoader.load(resolved.file, task: task, lenient: options.lenient)
        return (dataset, resolved)
    }

    static func selected(_ dataset: Dataset, options: DataOptions) -> [Example] {
        options.numExamples.map { Array(dataset.examples.prefix($0)) } ?? dataset.examples
    }

    /// Loads or connects the model `--model` names. `seed` seeds retry jitter and
    /// `jobs` is the default for `--max-in-flight`; `log` is where an external model's
    /// log goes unless `--model-log` says otherwise.
    static func classifier(task: GlueTask, options: ModelOptions, connection: ModelConnectionOptions,
                           resources: ProjectResources?, seed: UInt64 = 0, jobs: Int = 1,
                           log: ModelLog.Destination = .standardError(prefix: "model: ")) async throws -> any Classifier {
        let spec = try ModelSpec(parsing: options.model)
        let model: any Classifier
        if spec.isExternal {
            let destination = connection.logDestination(fallback: log)
            let modelLog: ModelLog
            do {
                modelLog = try ModelLog(destination)
            } catch {
                throw CommandFailure(message: "cannot write the model log: \(error.localizedDescription); check --model-log or --out", status: .ioError)
            }
            let settings: ExternalModelSettings
            do {
                settings = try connection.settings(seed: seed, jobs: jobs)
            } catch {
                throw CommandFailure(message: "\(error)", status: .usage)
            }
            model = try await ExternalModels.connect(spec, task: task, settings: settings, log: modelLog)
        } else {
            model = try spec.load(task: task, resources: resources)
        }
        return options.modelTemperature.map { TemperatureScaledClassifier(model, temperature: $0) } ?? model
    }

    static func dataInfo(_ dataset: Dataset, resolved: DataLocator.Resolved) -> DataInfo {
        DataInfo(file: resolved.file.path, sha256: sha256(ofFile: resolved.file.path), format: dataset.format,
                 demo: resolved.isDemo, examplesInFile: dataset.examples.count, skippedRows: dataset.skipped)
    }

    /// The `run.json` of a run that started at `started` and ends now.
    static func reportContext(started: Date, resources: ProjectResources?, resultsFileName: String = "results.json",
                              parts: [String]? = nil, modelUsage: ModelUsage? = nil) -> ReportContext {
        ReportContext(commandLine: commandLine, commit: commit(in: resources),
                      icuVersion: WordSegmenter.icuVersion, date: iso8601(started),
                      elapsedSeconds: Date().timeIntervalSince(started), resultsFileName: resultsFileName, parts: parts,
                      modelUsage: modelUsage)
    }

    /// `2026-11-23T14:36:13Z`, as `ISO8601DateFormatter` writes it by default, without
    /// creating one (ICU's date formatter costs milliseconds to open).
    static func iso8601(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }

    /// Reads what ``iso8601(_:)`` writes (`2026-11-23T14:36:13Z`); any other form goes to
    /// `ISO8601DateFormatter`, which costs milliseconds to create.
    static func date(iso8601 text: String) -> Date? {
        let b = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int32? {
            var value: Int32 = 0
            for i in range {
                guard b[i] >= 0x30, b[i] <= 0x39 else { return nil }
                value = value * 10 + Int32(b[i] - 0x30)
            }
            return value
        }
        guard b.count == 20, b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x54, b[13] == 0x3A, b[16] == 0x3A, b[19] == 0x5A,
              let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else {
            return ISO8601DateFormatter().date(from: text)
        }
        var parts = tm()
        parts.tm_year = year - 1900
        parts.tm_mon = month - 1
        parts.tm_mday = day
        parts.tm_hour = hour
        parts.tm_min = minute
        parts.tm_sec = second
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }

    static func sha256(ofFile path: String) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { return "unreadable" }
        return SHA256.hex(data)
    }

    /// The checkout's commit, for reproducibility blocks; nil outside a git checkout.
    /// Read from `.git` when that is plain (see ``GitHead``), else from `git rev-parse`.
    static func commit(in resources: ProjectResources?) -> String? {
        guard let resources else { return nil }
        if let hash = GitHead.commit(in: resources.home) { return String(hash.prefix(12)) }
        let process = Process()
        process.executableURL = URL(filePath: "/usr/bin/env")
        process.arguments = ["git", "-C", resources.home.path, "rev-parse", "--short=12", "HEAD"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }

    /// The command line for reports: `--header` values that are not `env:` references
    /// are replaced, so a secret typed on the command line never reaches a report.
    static var commandLine: [String] {
        ["advglue"] + HeaderOption.redacted(Array(CommandLine.arguments.dropFirst()))
    }

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}
