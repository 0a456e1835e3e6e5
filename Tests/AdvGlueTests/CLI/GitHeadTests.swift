import Foundation
import Testing

@testable import AdvGlueCLI
@testable import AdvGlueRun

@Suite("Commit and date for reproducibility blocks")
struct GitHeadTests {
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appending(path: "advglue-githead-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func write(_ text: String, _ url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    static let hash = "0123456789abcdef0123456789abcdef01234567"

    @Test func looseRefPackedRefAndDetachedHead() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.write("ref: refs/heads/main\n", root.appending(path: ".git/HEAD"))
        try Self.write(Self.hash + "\n", root.appending(path: ".git/refs/heads/main"))
        #expect(GitHead.commit(in: root) == Self.hash)

        try FileManager.default.removeItem(at: root.appending(path: ".git/refs/heads/main"))
        let other = String(Self.hash.reversed())
        try Self.write(
            "# pack-refs with: peeled fully-peeled sorted\n\(other) refs/heads/main\n^\(Self.hash)\n",
            root.appending(path: ".git/packed-refs"))
        #expect(GitHead.commit(in: root) == other)

        try Self.write(Self.hash + "\n", root.appending(path: ".git/HEAD"))
        #expect(GitHead.commit(in: root) == Self.hash)

        try Self.write("ref: refs/heads/../../../etc\n", root.appending(path: ".git/HEAD"))
        #expect(GitHead.commit(in: root) == nil)
    }

    /// A worktree: `.git` is a file naming its folder, whose `commondir` holds the refs.
    @Test func worktreeFollowsGitdirAndCommondir() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let main = root.appending(path: "main/.git")
        let tree = root.appending(path: "tree")
        try Self.write(Self.hash + "\n", main.appending(path: "refs/heads/perf"))
        try Self.write("ref: refs/heads/perf\n", main.appending(path: "worktrees/tree/HEAD"))
        try Self.write("../..\n", main.appending(path: "worktrees/tree/commondir"))
        try Self.write("gitdir: \(main.appending(path: "worktrees/tree").path)\n", tree.appending(path: ".git"))
        #expect(GitHead.commit(in: tree) == Self.hash)
        #expect(GitHead.commit(in: root) == nil)
    }

    /// This checkout: the same commit git itself reports.
    @Test func agreesWithGitOnThisCheckout() throws {
        let process = Process()
        process.executableURL = URL(filePath: "/usr/bin/env")
        process.arguments = ["git", "-C", Fixtures.packageRoot.path, "rev-parse", "HEAD"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return }  // not a git checkout (a source archive)
        let expected = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(GitHead.commit(in: Fixtures.packageRoot) == expected)
    }

    @Test(arguments: [0.0, 1_700_000_000.9, 951_782_400, 4_102_444_799])
    func datesAreWrittenAsISO8601DateFormatterWritesThem(_ seconds: Double) {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(RunEnvironment.iso8601(date) == ISO8601DateFormatter().string(from: date))
        #expect(
            RunEnvironment.date(iso8601: RunEnvironment.iso8601(date))
                == ISO8601DateFormatter().date(from: RunEnvironment.iso8601(date)))
    }

    @Test(arguments: [
        "2026-11-23T14:36:13+01:00", "2026-11-23T14:36:13.250Z", "2026-02-30T00:00:00Z", "not a date", "",
    ])
    func otherDateFormsGoToFoundation(_ text: String) {
        #expect(RunEnvironment.date(iso8601: text) == ISO8601DateFormatter().date(from: text))
    }
}
