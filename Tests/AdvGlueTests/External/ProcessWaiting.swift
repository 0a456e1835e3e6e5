import Foundation
import Synchronization

/// Waiting that does not depend on the Swift concurrency pool. Other suites block pool
/// threads while their advglue processes run (`EndToEndTests.advglue` waits
/// synchronously), and on a 2-core machine the pool has two threads, so a test's own
/// `Task.sleep` loop can stall for minutes: its deadlines would pass unchecked and
/// anything time-critical (restarting a server) would happen late. These helpers poll
/// and run processes on threads of their own.
enum ProcessWaiting {
    /// Polls `condition` every 20 ms on a thread of its own until it holds (true) or
    /// `seconds` pass (false).
    static func poll(seconds: Double, _ condition: @escaping @Sendable () -> Bool) async -> Bool {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                let deadline = Date().addingTimeInterval(seconds)
                while !condition() {
                    if Date() >= deadline {
                        continuation.resume(returning: false)
                        return
                    }
                    usleep(20_000)
                }
                continuation.resume(returning: true)
            }
            thread.start()
        }
    }

    /// Runs the built advglue, waiting for it without holding a pool thread.
    static func advglue(_ arguments: [String], environment: [String: String] = [:]) async throws -> EndToEndTests.Run {
        let process = Process()
        process.executableURL = EndToEndTests.executable
        process.arguments = EndToEndTests.pinningModel(arguments)
        process.currentDirectoryURL = Fixtures.packageRoot
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "ADVGLUE_DATA")
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return await withCheckedContinuation { continuation in
            let thread = Thread {
                let stdout = Mutex(Data())
                let reader = Thread { stdout.withLock { $0 = out.fileHandleForReading.readDataToEndOfFile() } }
                reader.start()
                let stderr = err.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                while reader.isExecuting || !reader.isFinished { usleep(1_000) }
                continuation.resume(
                    returning: EndToEndTests.Run(
                        status: process.terminationStatus,
                        stdout: String(decoding: stdout.withLock { $0 }, as: UTF8.self),
                        stderr: String(decoding: stderr, as: UTF8.self)))
            }
            thread.start()
        }
    }

    /// Status of `GET url` on 127.0.0.1 with a plain socket (blocking; for poll threads).
    static func httpStatus(port: Int, path: String, timeout: Double = 1) -> Int? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var wait = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { return nil }
        let request = Array("GET \(path) HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".utf8)
        guard send(fd, request, request.count, 0) == request.count else { return nil }
        var buffer = [UInt8](repeating: 0, count: 64)
        let n = recv(fd, &buffer, buffer.count, 0)
        guard n > 12 else { return nil }
        let line = String(decoding: buffer[0..<n], as: UTF8.self)
        return Int(line.split(separator: " ").dropFirst().first ?? "")
    }
}
