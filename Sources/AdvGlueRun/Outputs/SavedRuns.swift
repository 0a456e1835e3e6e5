import AdvGlueGates
import AdvGlueReports
import AdvGlueResults
import AdvGlueSupport
import Foundation

/// Finds saved runs on disk for `advglue gate` and `advglue report`.
enum SavedRuns {
    /// What a folder (or file) holds.
    enum Kind {
        case attack(URL)
        case suite(URL, ReportContext)
        case eval(URL)
        case probe(URL)
    }

    /// The kind of run saved in `url`: a results.json / eval.json / probe.json file, or a
    /// folder holding one (a folder whose run.json lists parts is a suite). Nil if none.
    static func kind(of url: URL) throws -> Kind? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw AdvGlueError(.notFound, "\(url.path): no such file or folder")
        }
        if !isDirectory.boolValue {
            let folder = url.deletingLastPathComponent()
            switch url.lastPathComponent {
            case AttackBundle.resultsFileName: return .attack(folder)
            case EvalBundle.resultsFileName: return .eval(folder)
            case "probe.json": return .probe(folder)
            case ReportContext.fileName: return try kind(of: folder)
            default:
                throw AdvGlueError(
                    .usage, "\(url.path): expected results.json, eval.json, probe.json or a folder of saved results")
            }
        }
        func has(_ name: String) -> Bool { FileManager.default.fileExists(atPath: url.appending(path: name).path) }
        if has(AttackBundle.resultsFileName) { return .attack(url) }
        if has(EvalBundle.resultsFileName) { return .eval(url) }
        if has(ReportContext.fileName) {
            let context = try SavedFiles.read(url.appending(path: ReportContext.fileName)) {
                try ReportContext.decode($0)
            }
            if context.parts != nil { return .suite(url, context) }
        }
        if has("probe.json") { return .probe(url) }
        return nil
    }

    /// Every run under `url`, searching sub-folders when `url` itself holds none.
    static func runs(under url: URL) throws -> [Kind] {
        if let kind = try kind(of: url) { return [kind] }
        let children =
            ((try? FileManager.default.contentsOfDirectory(
                at: url, includingPropertiesForKeys: [.isDirectoryKey, .isSymbolicLinkKey])) ?? [])
            .filter {
                (try? $0.resourceValues(forKeys: [.isDirectoryKey, .isSymbolicLinkKey])).map {
                    $0.isDirectory == true && $0.isSymbolicLink != true
                } ?? false
            }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        return try children.flatMap { try runs(under: $0) }
    }

    /// The gate subjects of every run under `url`.
    static func subjects(at url: URL, console: any RunConsole) throws -> [GateSubject] {
        let runs = try runs(under: url)
        if runs.isEmpty {
            throw AdvGlueError(.notFound, "\(url.path): no saved results (results.json or eval.json) found")
        }
        var subjects: [GateSubject] = []
        for run in runs {
            switch run {
            case .attack(let folder):
                let bundle = try AttackBundle.load(from: folder, console: console)
                subjects.append(
                    GateSubject(attack: bundle.results, probe: bundle.probe.map(ProbeVerdict.init), source: folder.path)
                )
            case .suite(let folder, let context):
                for part in try SuiteBundle.load(from: folder, context: context, console: console).parts {
                    subjects.append(
                        GateSubject(
                            attack: part.bundle.results, probe: part.bundle.probe.map(ProbeVerdict.init),
                            source: folder.appending(path: part.folder).path))
                }
            case .eval(let folder):
                subjects += try EvalBundle.load(from: folder).eval.gateSubjects(source: folder.path)
            case .probe:
                continue
            }
        }
        return subjects
    }
}
