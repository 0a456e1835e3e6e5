import AdvGlueSupport
import Foundation

/// Finds the project's own files (`Corpora/`, `Attacks/`) at run time.
///
/// Order: `ADVGLUE_HOME`; then the folders above the running executable (so both
/// `swift run` and `.build/release/advglue` work from anywhere); then the folders
/// above the working directory.
public struct ProjectResources: Sendable {
    public let home: URL

    public init(home: URL) {
        self.home = home
    }

    public var corpora: URL { home.appending(path: "Corpora") }
    public var attacks: URL { home.appending(path: "Attacks") }
    public var demoData: URL { corpora.appending(path: "demo") }
    public var models: URL { corpora.appending(path: "models") }
    public var lexicons: URL { corpora.appending(path: "lexicons") }

    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) throws(AdvGlueError)
        -> ProjectResources
    {
        if let home = environment["ADVGLUE_HOME"], !home.isEmpty {
            let url = URL(filePath: home, directoryHint: .isDirectory)
            guard isHome(url) else {
                throw AdvGlueError(
                    .notFound, "ADVGLUE_HOME has no Corpora/ and Attacks/ folders",
                    hint: "point ADVGLUE_HOME at the advglue checkout", at: .file(home))
            }
            return ProjectResources(home: url)
        }
        let executable = URL(
            filePath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
                ?? CommandLine.arguments[0]
        ).deletingLastPathComponent()
        let workingDirectory = URL(filePath: FileManager.default.currentDirectoryPath, directoryHint: .isDirectory)
        for start in [executable, workingDirectory] {
            var folder = start.standardizedFileURL
            while true {
                if isHome(folder) { return ProjectResources(home: folder) }
                let parent = folder.deletingLastPathComponent()
                if parent.path == folder.path { break }
                folder = parent
            }
        }
        throw AdvGlueError(
            .notFound, "cannot find advglue's Corpora/ and Attacks/ folders",
            hint: "run from the advglue checkout or set ADVGLUE_HOME to it", at: .file("Corpora/"))
    }

    private static func isHome(_ url: URL) -> Bool {
        let manager = FileManager.default
        return manager.fileExists(atPath: url.appending(path: "Corpora/models").path)
            && manager.fileExists(atPath: url.appending(path: "Attacks").path)
    }
}
