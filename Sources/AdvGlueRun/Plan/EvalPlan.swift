import AdvGlueCorpora
import AdvGlueSupport
import Foundation

/// What `advglue eval` scores: the benchmark's data and annotations, which tasks, with
/// which model, and where the report goes.
public struct EvalPlan: Sendable {
    /// The benchmark's name; `advglue` is the one there is.
    public var benchmark = "advglue"
    /// AdvGLUE's dev.json (or dev_ann.json), or a folder holding it; nil for `$ADVGLUE_DATA`.
    public var data: String?
    /// The annotated dev_ann.json; nil to look beside the data.
    public var annotations: String?
    /// Tasks to score; nil for all six.
    public var tasks: [GlueTask]?
    public var model = ModelChoice()
    public var batchSize = 256
    public var out: String?
    public var gate: String?

    public init() {}

    /// AdvGLUE's leaderboard order.
    public static let taskOrder: [GlueTask] = [.sst2, .qqp, .qnli, .rte, .mnli, .mnliMismatched]

    /// `data`, else `$ADVGLUE_DATA`; a folder is searched for dev.json.
    func locateData(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> URL {
        guard let given = data ?? environment["ADVGLUE_DATA"].flatMap({ $0.isEmpty ? nil : $0 }) else {
            throw AdvGlueError(
                .notFound, "no AdvGLUE data given",
                hint: "pass --data path/to/dev.json (AdvGLUE's dev set) or set ADVGLUE_DATA",
                at: .flag("--data"))
        }
        let url = URL(filePath: given)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw AdvGlueError(.notFound, "no such file or folder", hint: "check --data", at: .file(url.path))
        }
        guard isDirectory.boolValue else { return url }
        let candidates = [url.appending(path: "dev.json"), url.appending(path: "advglue/dev.json")]
        guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) else {
            throw AdvGlueError(
                .notFound, "no dev.json; looked for \(candidates.map(\.path).joined(separator: ", "))",
                at: .file(url.path))
        }
        return found
    }

    /// `annotations`, else the data file itself when it is annotated, else
    /// `dev_ann.json` beside it; nil when there is none.
    func locateAnnotations(_ dataFile: URL, console: any RunConsole) throws -> URL? {
        if let annotations {
            guard FileManager.default.fileExists(atPath: annotations) else {
                throw AdvGlueError(.notFound, "no such file", hint: "check --annotations", at: .file(annotations))
            }
            return URL(filePath: annotations)
        }
        if dataFile.lastPathComponent.contains("_ann") { return dataFile }
        let beside = dataFile.deletingLastPathComponent().appending(path: "dev_ann.json")
        if FileManager.default.fileExists(atPath: beside.path) { return beside }
        console.note(
            "note: no dev_ann.json beside \(dataFile.path); no originals, levels or methods (pass --annotations)")
        return nil
    }
}
