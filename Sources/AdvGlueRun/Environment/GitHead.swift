import Foundation

/// The commit a checkout is at, read from its `.git` files: starting `git rev-parse`
/// costs more than a small attack run takes.
///
/// Follows a worktree's `.git` file (`gitdir: ...`) and its `commondir`, a symbolic
/// `HEAD` to a loose ref or to `packed-refs`, and a detached `HEAD`. Anything else gives
/// nil, and the caller asks git itself.
///
/// ```swift
/// GitHead.commit(in: URL(filePath: ".")) // "45e43cc120ba5c0d..." (40 hex digits)
/// ```
enum GitHead {
    static func commit(in checkout: URL) -> String? {
        guard let gitDir = gitDirectory(of: checkout), let head = read(gitDir.appending(path: "HEAD")) else {
            return nil
        }
        if isHash(head) { return head }
        guard head.hasPrefix("ref: ") else { return nil }
        let ref = String(head.dropFirst(5))
        guard !ref.contains(".."), ref.hasPrefix("refs/") else { return nil }
        // A worktree keeps its HEAD; branches live in the common directory.
        let common = read(gitDir.appending(path: "commondir")).map { resolve($0, against: gitDir) } ?? gitDir
        for folder in [gitDir, common] {
            if let hash = read(folder.appending(path: ref)), isHash(hash) { return hash }
        }
        guard let packed = try? String(contentsOf: common.appending(path: "packed-refs"), encoding: .utf8) else {
            return nil
        }
        for line in packed.split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix("^") {
            let parts = line.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[1] == ref, isHash(String(parts[0])) { return String(parts[0]) }
        }
        return nil
    }

    private static func gitDirectory(of checkout: URL) -> URL? {
        let dotGit = checkout.appending(path: ".git")
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dotGit.path, isDirectory: &isDirectory) else { return nil }
        if isDirectory.boolValue { return dotGit }
        guard let text = read(dotGit), text.hasPrefix("gitdir: ") else { return nil }
        return resolve(String(text.dropFirst(8)), against: checkout)
    }

    private static func resolve(_ path: String, against folder: URL) -> URL {
        path.hasPrefix("/") ? URL(filePath: path) : folder.appending(path: path).standardizedFileURL
    }

    /// The file's first line, without its newline.
    private static func read(_ url: URL) -> String? {
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        let line = data.prefix { $0 != 0x0A && $0 != 0x0D }
        return String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespaces)
    }

    private static func isHash(_ text: String) -> Bool {
        (text.utf8.count == 40 || text.utf8.count == 64)
            && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}
