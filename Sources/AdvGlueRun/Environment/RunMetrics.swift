import AdvGlueModels
import AdvGlueReports
import AdvGlueResults
import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// What `advglue bench` measures inside an `advglue attack` process: start-up to the
/// first model query, time attacking, the model's share of it, queries and peak memory.
/// Written as JSON to the file `ADVGLUE_METRICS` names, when it is set, as the process
/// finishes; without it nothing is measured (the model is not even wrapped).
///
/// ```sh
/// ADVGLUE_METRICS=/tmp/m.json advglue attack --task sst2 --quiet && cat /tmp/m.json
/// ```
public final class RunMetrics: Sendable {
    public static let variable = "ADVGLUE_METRICS"
    static let shared: RunMetrics? = ProcessInfo.processInfo.environment[variable].flatMap {
        $0.isEmpty ? nil : RunMetrics(path: $0)
    }

    public struct Record: Codable {
        /// `DispatchTime` uptime of the first model call; a parent that noted the same
        /// clock before starting the process gets the exact start-up time.
        public var firstModelQueryUptimeNanoseconds: UInt64?
        /// The same, as seconds since the kernel started the process (10 ms resolution).
        public var firstModelQueryAfterStartSeconds: Double?
        public var exitUptimeNanoseconds: UInt64
        /// Seconds spent attacking (the runner's wall time, all recipes).
        public var attackSeconds: Double
        /// Examples attacked in this process.
        public var examples: Int
        /// Wall time with a model call in flight, during the attack.
        public var modelBusySeconds: Double
        public var modelCalls: Int
        /// Inputs the model scored (distinct queries, after the memo).
        public var modelInputs: Int
        /// Peak resident memory (`VmHWM` in /proc/self/status).
        public var peakRSSBytes: Int?
        public var userCPUSeconds: Double
        public var systemCPUSeconds: Double
    }

    private struct State {
        var attackSeconds = 0.0
        var examples = 0
        var model: TimedClassifier?
    }

    private let path: String
    private let state = Mutex(State())

    private init(path: String) {
        self.path = path
    }

    /// The model, wrapped to time its calls.
    func measure(_ classifier: any Classifier) -> any Classifier {
        let timed = TimedClassifier(classifier)
        state.withLock { $0.model = timed }
        return timed
    }

    func addAttack(seconds: Double, examples: Int) {
        state.withLock {
            $0.attackSeconds += seconds
            $0.examples += examples
        }
    }

    /// Writes the record; a failure to write is a warning.
    func write(console: any RunConsole) {
        let now = DispatchTime.now().uptimeNanoseconds
        let (attack, examples, usage) = state.withLock {
            ($0.attackSeconds, $0.examples, $0.model?.usage ?? TimedClassifier.Usage())
        }
        var usageSelf = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usageSelf)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        let record = Record(
            firstModelQueryUptimeNanoseconds: usage.firstCallUptimeNanoseconds,
            firstModelQueryAfterStartSeconds: usage.firstCallUptimeNanoseconds.flatMap { first in
                Self.secondsSinceStart().map { $0 - Double(now - first) / 1e9 }
            },
            exitUptimeNanoseconds: now, attackSeconds: attack, examples: examples, modelBusySeconds: usage.busySeconds,
            modelCalls: usage.calls, modelInputs: usage.inputs, peakRSSBytes: Self.peakRSS(),
            userCPUSeconds: seconds(usageSelf.ru_utime), systemCPUSeconds: seconds(usageSelf.ru_stime))
        do {
            try JSONFiles.encode(record).write(to: URL(filePath: path))
        } catch {
            console.warn("warning: cannot write \(Self.variable)=\(path): \(error.localizedDescription)")
        }
    }

    /// `VmHWM` from /proc/self/status, in bytes.
    static func peakRSS() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "")
        else { return nil }
        return kilobytes * 1024
    }

    /// Seconds since the kernel started this process: now on `CLOCK_BOOTTIME` less the
    /// start time in /proc/self/stat (clock ticks since boot).
    static func secondsSinceStart() -> Double? {
        #if os(Linux)
            guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return nil }
            // Fields after the command name: state is field 3, starttime field 22.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 19, let ticks = Double(fields[19]) else { return nil }
            var now = timespec()
            clock_gettime(CLOCK_BOOTTIME, &now)
            return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9 - ticks / Double(sysconf(Int32(_SC_CLK_TCK)))
        #else
            return nil
        #endif
    }
}
