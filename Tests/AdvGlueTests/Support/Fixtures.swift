import AdvGlueAttacks
import AdvGlueBackends
import AdvGlueCorpora
import AdvGlueModels
import AdvGlueSupport
import AdvGlueText
import Foundation

/// Paths and shared objects for tests, derived from this file's location so tests
/// run from any working directory.
enum Fixtures {
    static let packageRoot: URL = {
        var url = URL(filePath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: url.appending(path: "Package.swift").path) {
            url = url.deletingLastPathComponent()
        }
        return url
    }()

    static let resources = ProjectResources(home: packageRoot)

    static func model(_ task: GlueTask) throws -> LexicalModel {
        try LexicalModelFile.read(from: LexicalBackend.builtinPath(for: task, resources: resources))
    }

    static func recipe(_ name: String = "typo") throws -> Recipe {
        try RecipeLoader.load(named: name, resources: resources)
    }

    static func demo(_ task: GlueTask) throws -> [Example] {
        let file = try DataLocator(resources: resources, environment: [:]).resolve(task: task, data: nil).file
        return try DataLoader.load(file, task: task).examples
    }

    static var goldenFolder: URL { packageRoot.appending(path: "Tests/AdvGlueTests/Golden") }

    /// Compares `text` with a golden file; `ADVGLUE_REGENERATE_GOLDENS=1` rewrites it
    /// instead (see scripts/regenerate-goldens.sh).
    static func matchesGolden(_ text: String, _ name: String) throws -> Bool {
        let url = goldenFolder.appending(path: name)
        if ProcessInfo.processInfo.environment["ADVGLUE_REGENERATE_GOLDENS"] == "1" {
            try FileManager.default.createDirectory(at: goldenFolder, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
            return true
        }
        let golden = try String(contentsOf: url, encoding: .utf8)
        if golden != text {
            let actual = FileManager.default.temporaryDirectory.appending(path: "advglue-actual-" + name)
            try? Data(text.utf8).write(to: actual)
            print("golden mismatch: diff \(url.path) \(actual.path)")
        }
        return golden == text
    }
}

/// A classifier that counts the inputs it is sent, for memoisation tests.
final class CountingClassifier: Classifier, @unchecked Sendable {
    // Unchecked: tests call it from one task at a time.
    let inner: any Classifier
    var calls = 0
    var inputs = 0

    init(_ inner: any Classifier) {
        self.inner = inner
    }

    var labels: [String] { inner.labels }
    var identity: ModelIdentity { inner.identity }

    func logits(for inputs: [TextInput]) async throws -> [[Float]] {
        calls += 1
        self.inputs += inputs.count
        return try await inner.logits(for: inputs)
    }
}

/// A classifier that fails on inputs containing a marker, for fault tests.
struct FailingClassifier: Classifier {
    let inner: any Classifier
    let marker: String
    var labels: [String] { inner.labels }
    var identity: ModelIdentity { inner.identity }

    func logits(for inputs: [TextInput]) async throws -> [[Float]] {
        if inputs.contains(where: { $0.texts.joined().contains(marker) }) {
            throw AdvGlueError(.modelFailed, "simulated model failure")
        }
        return try await inner.logits(for: inputs)
    }
}
