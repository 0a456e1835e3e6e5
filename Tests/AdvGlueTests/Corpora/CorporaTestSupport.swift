import AdvGlueSupport
import AdvGlueText
import Foundation
import Testing

@testable import AdvGlueCorpora

// `SharedCorpora` itself (url, available, required) lives in Support/SharedCorpora.swift;
// a second file of that name in this target would clash, so the trait and the
// "require or fail" check that the corpus tests need are added here.
extension SharedCorpora {
    /// Runs the test when the shared corpora are present, or when
    /// `ADVGLUE_REQUIRE_CORPORA=1` (then `file(_:)` fails it); otherwise skips it visibly.
    static var trait: ConditionTrait {
        .enabled(
            if: available || required,
            "real data not found at ../shared/corpora beside the package; set ADVGLUE_REQUIRE_CORPORA=1 to fail instead of skipping"
        )
    }

    /// The URL of a file under the shared corpora; records a failure and throws when the
    /// folder or the file is missing.
    static func file(_ relativePath: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> URL {
        try #require(
            available, "ADVGLUE_REQUIRE_CORPORA=1 but the shared corpora are missing at \(url.path)",
            sourceLocation: sourceLocation)
        let file = url.appending(path: relativePath)
        try #require(
            FileManager.default.fileExists(atPath: file.path),
            "shared corpora lack \(relativePath) (looked at \(file.path))",
            sourceLocation: sourceLocation)
        return file
    }
}

enum CorporaTestSupport {
    /// The folder holding Package.swift, found from this file's location.
    static let packageRoot: URL = {
        var url = URL(filePath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: url.appending(path: "Package.swift").path) {
            let parent = url.deletingLastPathComponent()
            precondition(parent.path != url.path, "no Package.swift above \(#filePath)")
            url = parent
        }
        return url.standardizedFileURL
    }()

    static var demoFolder: URL { packageRoot.appending(path: "Corpora/demo") }

    /// Loads and returns the error, or nil when loading succeeded.
    static func loadError(_ url: URL, task: GlueTask, lenient: Bool = false) -> AdvGlueError? {
        do {
            _ = try DataLoader.load(url, task: task, lenient: lenient)
            return nil
        } catch {
            return error
        }
    }

    /// Label id -> count, as an array indexed by label id.
    static func distribution(_ dataset: Dataset) -> [Int] {
        var counts = Array(repeating: 0, count: dataset.task.labelNames.count)
        for example in dataset.examples { counts[example.label] += 1 }
        return counts
    }

    /// Checks what every loaded dataset must satisfy: the task's field names in order,
    /// no empty text, no carriage return left over, labels within range.
    static func expectWellFormed(_ dataset: Dataset, sourceLocation: SourceLocation = #_sourceLocation) {
        let names = dataset.task.fieldNames
        var badFields = 0
        var emptyTexts = 0
        var carriageReturns = 0
        var badLabels = 0
        for example in dataset.examples {
            if example.input.fields.map(\.name) != names { badFields += 1 }
            for field in example.input.fields {
                if field.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { emptyTexts += 1 }
                if field.text.contains("\r") { carriageReturns += 1 }
            }
            if !dataset.task.labelNames.indices.contains(example.label) { badLabels += 1 }
            if example.id.isEmpty { badFields += 1 }
        }
        #expect(
            badFields == 0, "examples whose field names are not \(names) or with empty id",
            sourceLocation: sourceLocation)
        #expect(emptyTexts == 0, "examples with empty text", sourceLocation: sourceLocation)
        #expect(carriageReturns == 0, "examples with \\r in a text", sourceLocation: sourceLocation)
        #expect(badLabels == 0, "examples with out-of-range label", sourceLocation: sourceLocation)
    }
}

/// A fresh folder under the temporary directory, removed when the fixture goes away.
final class CorporaTempFolder {
    let url: URL

    init(_ label: String = #function) throws {
        let safe = label.filter { $0.isLetter || $0.isNumber }
        url = FileManager.default.temporaryDirectory.appending(path: "advglue-corpora-\(safe)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> URL {
        try write(name, bytes: Array(text.utf8))
    }

    @discardableResult
    func write(_ name: String, bytes: [UInt8]) throws -> URL {
        let file = url.appending(path: name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: file)
        return file
    }
}
