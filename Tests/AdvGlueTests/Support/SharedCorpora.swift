import Foundation

/// The real GLUE-family data in `../shared/corpora` beside the checkout. Tests read it
/// in place; when it is missing they skip, or fail with `ADVGLUE_REQUIRE_CORPORA=1`.
enum SharedCorpora {
    static let url: URL = Fixtures.packageRoot.appending(path: "../shared/corpora").standardizedFileURL
    static var available: Bool { FileManager.default.fileExists(atPath: url.appending(path: "README.md").path) }
    static var required: Bool { ProcessInfo.processInfo.environment["ADVGLUE_REQUIRE_CORPORA"] == "1" }
}
