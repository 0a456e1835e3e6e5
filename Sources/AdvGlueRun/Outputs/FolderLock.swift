import AdvGlueSupport
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// An exclusive lock on an output folder for as long as a run writes it, so that two runs
/// given the same `--out` (the default `Reports/TASK-RECIPE` makes that easy) cannot
/// interleave their journals or replace each other's reports: the second refuses,
/// naming the process that holds the folder.
///
/// The lock is `flock(2)` on `OUT/.advglue.lock`, which the kernel releases when the
/// holder exits however it exits, so a killed run never leaves a stale lock. The file
/// holds the holder's pid, for the message; it is removed when the run ends.
///
/// ```swift
/// let lock = try FolderLock(Reports/sst2-typo)  // throws .busy while another run holds it
/// defer { lock.release() }
/// ```
public final class FolderLock: @unchecked Sendable {
    // Unchecked: `descriptor` is written in init and release only, by the owning run.
    public static let fileName = ".advglue.lock"
    private var descriptor: Int32
    private let url: URL

    public init(_ folder: URL) throws(AdvGlueError) {
        url = folder.appending(path: Self.fileName)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw AdvGlueError(.io, "cannot create \(folder.path): \(error.localizedDescription)", hint: "check --out")
        }
        // A holder may remove the file between our open and our lock; then the lock we got
        // is on a file no one else will find, so try again on the new one.
        for _ in 0..<8 {
            let fd = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard fd >= 0 else {
                throw AdvGlueError(
                    .io, "cannot create \(url.path): \(String(cString: strerror(errno)))", hint: "check --out")
            }
            if flock(fd, LOCK_EX | LOCK_NB) != 0 {
                var buffer = [UInt8](repeating: 0, count: 32)
                let count = read(fd, &buffer, 31)
                close(fd)
                let pid =
                    count > 0
                    ? String(decoding: buffer.prefix(count), as: UTF8.self).trimmingCharacters(
                        in: .whitespacesAndNewlines) : "?"
                throw AdvGlueError(
                    .busy, "\(folder.path) is in use by another advglue run (pid \(pid))",
                    hint: "wait for it to finish, or give this run another --out")
            }
            var opened = stat()
            var named = stat()
            if fstat(fd, &opened) == 0, stat(url.path, &named) == 0, opened.st_ino == named.st_ino,
                opened.st_dev == named.st_dev
            {
                let pid = Array("\(getpid())\n".utf8)
                _ = ftruncate(fd, 0)
                _ = pwrite(fd, pid, pid.count, 0)
                descriptor = fd
                Self.removeLeftovers(in: folder)
                return
            }
            close(fd)
        }
        throw AdvGlueError(.busy, "\(folder.path) is being locked and unlocked by other runs", hint: "try again")
    }

    /// A scratch folder for this run under the system's temporary folder, named with the
    /// pid so that a later run can tell a killed run's leftovers (``removeLeftovers``).
    public static func scratchFolder() -> URL {
        FileManager.default.temporaryDirectory.appending(path: "advglue-\(getpid())-\(UUID().uuidString)")
    }

    /// What killed runs leave behind: half-written `.NAME.partial-PID` files in the folder
    /// and its sub-folders, and scratch folders `advglue-PID-…`, of processes that no
    /// longer exist.
    static func removeLeftovers(in folder: URL) {
        let manager = FileManager.default
        // The folder and its recipe sub-folders: where a run writes, and no deeper.
        var folders = [(folder, 0)]
        while let (current, depth) = folders.popLast() {
            guard let names = try? manager.contentsOfDirectory(atPath: current.path) else { continue }
            for name in names {
                let url = current.appending(path: name)
                var isFolder: ObjCBool = false
                if name.hasPrefix("."), let range = name.range(of: ".partial-", options: .backwards),
                    let pid = Int32(name[range.upperBound...]), !Self.isAlive(pid)
                {
                    // A shard committing in a sub-folder is alive: only a dead writer's file goes.
                    try? manager.removeItem(at: url)
                } else if depth == 0, manager.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue {
                    folders.append((url, 1))
                }
            }
        }
        let temporary = manager.temporaryDirectory
        for name in (try? manager.contentsOfDirectory(atPath: temporary.path)) ?? [] where name.hasPrefix("advglue-") {
            let parts = name.split(separator: "-")
            guard parts.count > 2, let pid = Int32(parts[1]), !isAlive(pid) else { continue }
            try? manager.removeItem(at: temporary.appending(path: name))
        }
    }

    /// Whether a process with this pid exists (EPERM: it does, owned by someone else).
    static func isAlive(_ pid: Int32) -> Bool {
        guard pid > 0 else { return false }
        return kill(pid, 0) == 0 || errno != ESRCH
    }

    /// Removes the lock file and releases the lock (also done by the kernel at exit).
    public func release() {
        guard descriptor >= 0 else { return }
        unlink(url.path)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
