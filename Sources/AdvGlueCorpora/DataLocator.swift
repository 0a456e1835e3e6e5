import AdvGlueSupport
import Foundation

/// Which part of a corpus a command reads.
public enum DataSplit: String, Sendable, CaseIterable {
    case train
    case dev
}

/// Resolves `--data` (a file or a `glue_data`-style folder), else `ADVGLUE_DATA`,
/// else the demo corpus shipped in `Corpora/demo`, to one data file.
public struct DataLocator: Sendable {
    public var resources: ProjectResources?
    public var environment: [String: String]

    public init(resources: ProjectResources?, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.resources = resources
        self.environment = environment
    }

    public struct Resolved: Sendable, Equatable {
        public var file: URL
        /// True when neither --data nor ADVGLUE_DATA was given and the demo corpus is used.
        public var isDemo: Bool
    }

    public func resolve(task: GlueTask, data: String?, split: DataSplit = .dev) throws(AdvGlueError) -> Resolved {
        let given = data ?? environment["ADVGLUE_DATA"].flatMap { $0.isEmpty ? nil : $0 }
        let root: URL
        let isDemo: Bool
        if let given {
            root = URL(filePath: given)
            isDemo = false
        } else if let resources {
            root = resources.demoData
            isDemo = true
        } else {
            throw AdvGlueError(
                .notFound, "no data given", hint: "pass --data PATH or set ADVGLUE_DATA", at: .file("--data"))
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory) else {
            throw AdvGlueError(
                .notFound, "no such file or folder", hint: data != nil ? "check --data" : "check ADVGLUE_DATA",
                at: .file(root.path))
        }
        if !isDirectory.boolValue { return Resolved(file: root, isDemo: isDemo) }
        let names = split == .dev ? [task.devFileName, "dev.jsonl", "dev.json"] : ["train.tsv", "train.jsonl"]
        let candidates = names.flatMap {
            [root.appending(path: task.glueDirectory).appending(path: $0), root.appending(path: $0)]
        }
        if let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) {
            return Resolved(file: found, isDemo: isDemo)
        }
        throw AdvGlueError(
            .notFound,
            "no \(split.rawValue) file for \(task.rawValue); looked for \(candidates.map { $0.path }.joined(separator: ", "))",
            hint: "pass the data file itself with --data FILE", at: .file(root.path))
    }
}
