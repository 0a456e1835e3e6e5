import Foundation
import Testing

/// `advglue bench` runs real attack, shard and merge processes and prints their tables.
/// Only the tables' shape and counts are checked: timings are never asserted, they flake
/// on a shared machine.
@Suite("bench end to end")
struct BenchEndToEndTests {
    /// The cells of the table row that starts with `label`.
    static func row(_ label: String, in output: String) -> [String]? {
        output.split(separator: "\n").first { $0.hasPrefix("| \(label) |") }.map {
            $0.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        }
    }

    @Test func shardsTimeEachRecipeAndTheWholePass() async throws {
        let run = try await ProcessWaiting.advglue([
            "bench", "--task", "sst2", "--attack", "typo,distraction", "--num-examples", "8", "--runs", "1", "--shards",
            "2",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        for recipe in ["typo", "distraction"] {
            // Once in the per-process table, once in the sharding table.
            #expect(
                run.stdout.split(separator: "\n").filter { $0.hasPrefix("| \(recipe) | 8 |") }.count == 2,
                "\(run.stdout)")
        }
        let pass = try #require(Self.row("all 2 in one run", in: run.stdout), "\(run.stdout)")
        // Label, examples, one process, shards + merge, speed-up, merge alone.
        #expect(pass.count == 6, "\(pass)")
        #expect(pass[1] == "8 × 2")
        #expect(pass[4].hasSuffix("x") && Double(pass[4].dropLast()).map { $0 > 0 } == true, "\(pass)")
    }

    @Test func oneRecipeHasNoWholePassRow() async throws {
        let run = try await ProcessWaiting.advglue([
            "bench", "--task", "sst2", "--attack", "typo", "--num-examples", "4", "--runs", "1", "--shards", "2",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(Self.row("typo", in: run.stdout) != nil)
        #expect(!run.stdout.contains("in one run"), "\(run.stdout)")
    }
}
