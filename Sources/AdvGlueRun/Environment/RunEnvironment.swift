import AdvGlueCorpora
import AdvGlueModels
import AdvGlueResults
import AdvGlueSupport
import AdvGlueText
import Foundation

/// What a run records about where it ran: advglue's version, the project's files, the
/// checkout's commit, the command line and the clock.
public enum RunEnvironment {
    public static let version = "0.1.0"

    /// The project's `Corpora/` and `Attacks/`; nil when they cannot be found.
    public static var resources: ProjectResources? { try? ProjectResources.locate() }

    public static var tool: ToolInfo { ToolInfo(version: version) }

    /// The `run.json` of a run that started at `started` and ends now.
    public static func reportContext(
        started: Date, resources: ProjectResources?, resultsFileName: String = ResultsFile.fileName,
        parts: [String]? = nil, modelUsage: ModelUsage? = nil
    ) -> ReportContext {
        ReportContext(
            commandLine: commandLine, commit: commit(in: resources),
            icuVersion: WordSegmenter.icuVersion, date: iso8601(started),
            elapsedSeconds: Date().timeIntervalSince(started), resultsFileName: resultsFileName, parts: parts,
            modelUsage: modelUsage)
    }

    /// `2026-11-23T14:36:13Z`, as `ISO8601DateFormatter` writes it by default, without
    /// creating one (ICU's date formatter costs milliseconds to open).
    public static func iso8601(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return
            "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }

    /// Reads what ``iso8601(_:)`` writes (`2026-11-23T14:36:13Z`); any other form goes to
    /// `ISO8601DateFormatter`, which costs milliseconds to create.
    public static func date(iso8601 text: String) -> Date? {
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
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else {
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

    public static func sha256(ofFile path: String) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { return "unreadable" }
        return SHA256.hex(data)
    }

    /// The checkout's commit, for reproducibility blocks; nil outside a git checkout.
    /// Read from `.git` when that is plain (see ``GitHead``), else from `git rev-parse`.
    public static func commit(in resources: ProjectResources?) -> String? {
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
    public static var commandLine: [String] {
        ["advglue"] + HeaderOption.redacted(Array(CommandLine.arguments.dropFirst()))
    }
}
