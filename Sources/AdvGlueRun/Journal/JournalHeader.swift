import AdvGlueAttacks
import AdvGlueCorpora
import AdvGlueResults
import AdvGlueSupport
import Foundation

/// The first line of a journal: which run the examples after it belong to.
///
/// A resumed run, and (later) a merge of shards, may only combine journals whose
/// headers agree on everything that changes results; ``differences(from:)`` names
/// what does not.
///
/// ```swift
/// let header = JournalHeader(tool: ToolInfo(version: "0.1.0"), run: info)
/// header.differences(from: journal.header) // [] when a resume may continue it
/// ```
public struct JournalHeader: Sendable, Codable, Hashable {
    public static let formatName = "advglue.attack-journal"
    public static let currentVersion = 1

    public var journal: String = formatName
    public var version: Int = currentVersion
    /// The advglue that wrote the journal; absent in journals written before resume existed.
    public var tool: ToolInfo?
    /// The ICU version that segmented the text: another ICU may split words differently
    /// and so change results. Absent in journals from before resume existed.
    public var icuVersion: String?
    public var run: RunInfo
    /// The shard of the selected examples this journal holds; nil for the whole run
    /// (an unsharded run, or the journal `advglue merge` writes).
    public var shard: ShardInfo?
    /// The recipes of the invocation, in `--attack` order, when it ran several: each
    /// recipe has a journal of its own, and `advglue merge` needs them all and their order.
    public var suite: [String]?

    public init(
        tool: ToolInfo?, icuVersion: String? = nil, run: RunInfo, shard: ShardInfo? = nil, suite: [String]? = nil
    ) {
        self.tool = tool
        self.icuVersion = icuVersion
        self.run = run
        self.shard = shard
        self.suite = suite
    }

    /// The header as a journal's first line: compact JSON with sorted keys and a newline.
    public func line() throws(AdvGlueError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            var data = try encoder.encode(self)
            data.append(0x0A)
            return data
        } catch {
            throw AdvGlueError(.software, "cannot encode a journal header (\(error))", cause: error)
        }
    }

    /// What differs between this header (the run about to start) and `journal` (the
    /// one a journal was written by), as dotted key paths into the header, e.g.
    /// `run.seed`. Empty when a resume may continue the journal.
    ///
    /// `run.data.file` is left out when the data checksums agree: the same file named
    /// by a relative and an absolute path is the same data. `suite` is left out: one
    /// recipe of a several-recipe run resumes on its own.
    ///
    /// Complexity: O(size of the headers).
    public func differences(from journal: JournalHeader) -> [ConfigurationDifference] {
        var mine = self
        var theirs = journal
        mine.suite = nil
        theirs.suite = nil
        return mine.configurationDifferences(from: theirs)
    }

    /// What differs between two shards' headers apart from the shard itself, named as
    /// ``differences(from:)`` names it; `advglue merge` refuses shards with any.
    public func runDifferences(from other: JournalHeader) -> [ConfigurationDifference] {
        var mine = self
        var theirs = other
        mine.shard = nil
        theirs.shard = nil
        return mine.configurationDifferences(from: theirs)
    }

    private func configurationDifferences(from journal: JournalHeader) -> [ConfigurationDifference] {
        var found = ConfigurationDifference.between(journal: Self.object(journal), current: Self.object(self), path: "")
        if run.data.sha256 == journal.run.data.sha256 {
            found.removeAll { $0.path == "run.data.file" }
        }
        // A changed checksum says the file changed; the recipe's prose that came with it
        // would only bury the message.
        for checksum in found.filter({ $0.path.hasSuffix(".sha256") }) {
            let owner = String(checksum.path.dropLast(".sha256".count))
            found.removeAll { $0.path.hasPrefix(owner + ".deviations") || $0.path.hasPrefix(owner + ".follows") }
        }
        // A journal from before the tool version was recorded does not block a resume.
        if journal.tool == nil { found.removeAll { $0.path.hasPrefix("tool") } }
        if journal.icuVersion == nil { found.removeAll { $0.path == "icuVersion" } }
        // Nor does one from before recipes recorded the files they read, unless this
        // recipe reads a file that advglue did not read then.
        if journal.run.recipe.dataFiles == nil,
            !(run.recipe.dataFiles ?? []).contains(where: {
                Self.filesNewerThanDataFiles.contains(URL(filePath: $0.file).lastPathComponent)
            })
        {
            found.removeAll { $0.path.hasPrefix("run.recipe.dataFiles") }
        }
        // A recipe data file at another path with the same checksum is the same file.
        let changedFiles = Set(
            found.filter { $0.path.hasPrefix(Self.dataFilesPath) && $0.path.hasSuffix(".sha256") }
                .map { $0.path.dropLast(".sha256".count) })
        found.removeAll {
            $0.path.hasPrefix(Self.dataFilesPath) && $0.path.hasSuffix(".file")
                && !changedFiles.contains($0.path.dropLast(".file".count))
        }
        // A changed shard count changes every shard's size; naming the size too is noise.
        if found.contains(where: { $0.path == "shard.count" || $0.path == "shard" }) {
            found.removeAll { $0.path == "shard.examples" || $0.path == "shard.assignment" }
        }
        return found
    }

    private static let dataFilesPath = "run.recipe.dataFiles."

    /// Recipe data files that advglue began to read in the release that started recording
    /// them (the homoglyph table and its contexts replaced the confusables skeleton): a
    /// journal without `dataFiles` was attacked without them, so it cannot be resumed by a
    /// recipe that reads them.
    static let filesNewerThanDataFiles: Set<String> = ["homoglyphs.tsv", "homoglyph-contexts.tsv"]

    /// The header as JSON values, with the recipe's data files keyed by file name, so a
    /// difference names the file (`run.recipe.dataFiles.homoglyphs.tsv.sha256`).
    private static func object(_ header: JournalHeader) -> Any {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(header),
            var object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else {
            preconditionFailure("a journal header always encodes")
        }
        if var run = object["run"] as? [String: Any], var recipe = run["recipe"] as? [String: Any],
            let files = recipe["dataFiles"] as? [[String: Any]]
        {
            var named: [String: Any] = [:]
            for (index, file) in files.enumerated() {
                let name = URL(filePath: file["file"] as? String ?? "").lastPathComponent
                named[named[name] == nil ? name : "\(name)#\(index)"] = file
            }
            recipe["dataFiles"] = named
            run["recipe"] = recipe
            object["run"] = run
        }
        return object
    }
}

/// One setting that differs between a journal and the run that wants to continue it.
public struct ConfigurationDifference: Sendable, Hashable, CustomStringConvertible {
    /// Dotted key path, e.g. `run.seed` or `run.recipe.sha256`.
    public var path: String
    /// The value in the journal, as compact JSON (long values shortened).
    public var journal: String
    /// The value of the current run.
    public var current: String

    public var description: String { "\(path): \(journal) in the journal, \(current) now" }

    static func between(journal: Any?, current: Any?, path: String) -> [ConfigurationDifference] {
        if let a = journal as? [String: Any], let b = current as? [String: Any] {
            return Set(a.keys).union(b.keys).sorted().flatMap { key in
                between(journal: a[key], current: b[key], path: path.isEmpty ? key : "\(path).\(key)")
            }
        }
        let left = render(journal)
        let right = render(current)
        return left == right ? [] : [ConfigurationDifference(path: path, journal: left, current: right)]
    }

    private static func render(_ value: Any?) -> String {
        guard let value, !(value is NSNull) else { return "(none)" }
        let text: String
        if let string = value as? String {
            text = "'\(string)'"
        } else if JSONSerialization.isValidJSONObject(value),
            let data = try? JSONSerialization.data(
                withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes])
        {
            text = String(decoding: data, as: UTF8.self)
        } else {
            text = "\(value)"
        }
        return text.count > 80 ? String(text.prefix(77)) + "..." : text
    }
}

/// Which shard of a run's selected examples a journal holds (see ``ShardAssignment``).
public struct ShardInfo: Sendable, Codable, Hashable, CustomStringConvertible {
    /// 0-based, below `count`.
    public var index: Int
    public var count: Int
    /// The examples assigned to this shard.
    public var examples: Int
    /// ``ShardAssignment/fingerprint`` of the split: every shard of a run has the same.
    public var assignment: String?

    public init(index: Int, count: Int, examples: Int, assignment: String?) {
        self.index = index
        self.count = count
        self.examples = examples
        self.assignment = assignment
    }

    /// `1/4`: the form `--shard` takes.
    public var description: String { "\(index)/\(count)" }
}
