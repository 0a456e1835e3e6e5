import AdvGlueRun
import Foundation
import Testing

@testable import AdvGlueCLI

/// `advglue bench` times its children through ``SpawnedProcess``: exit statuses and
/// signals must come back as they are, and the wait must end when the child does.
@Suite("Spawned processes for bench")
struct SpawnedProcessTests {
    @Test(arguments: [("exit 0", Int32(0)), ("exit 3", 3), ("kill -9 $$", 137), ("kill -15 $$", 143)])
    func statusesAndSignalsComeBack(_ script: String, _ expected: Int32) throws {
        let child = try SpawnedProcess(executable: "/bin/sh", arguments: ["-c", script], environment: [:])
        #expect(child.wait() == expected)
    }

    @Test func theEnvironmentIsTheOneGiven() throws {
        let child = try SpawnedProcess(
            executable: "/bin/sh", arguments: ["-c", #"[ "$ADVGLUE_PROBE_VALUE" = "a b=c" ] && [ -z "$HOME" ]"#],
            environment: ["ADVGLUE_PROBE_VALUE": "a b=c"])
        #expect(child.wait() == 0)
    }

    @Test func aMissingExecutableIsAnErrorNamingIt() {
        #expect {
            _ = try SpawnedProcess(executable: "/nonexistent/advglue", arguments: [], environment: [:])
        } throws: { error in
            "\(error)".contains("/nonexistent/advglue")
        }
    }

    /// The wait returns when the child exits, not on a polling tick (Foundation's
    /// `Process.waitUntilExit()` looks every 50 ms). Twenty children that exit at once
    /// take well under the second that twenty 50 ms ticks would.
    @Test func theWaitEndsWhenTheChildDoes() throws {
        let started = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<20 {
            #expect(try SpawnedProcess(executable: "/bin/true", arguments: [], environment: [:]).wait() == 0)
        }
        #expect(DispatchTime.now().uptimeNanoseconds - started < 900_000_000)
    }
}
