import ArgumentParser
import Testing

@testable import AdvGlueCLI

@Suite("Command-line help and usage errors")
struct HelpGoldenTests {
    static let commands: [(String, any ParsableCommand.Type)] = [
        ("advglue", AdvGlueCommand.self), ("attack", Attack.self), ("predict", Predict.self), ("train", Train.self),
        ("model-export", ModelCommand.Export.self), ("tasks", Tasks.self), ("recipes", Recipes.self),
        ("bench", Bench.self), ("probe", Probe.self),
        ("eval", Eval.self), ("gate", Gate.self), ("report", Report.self), ("perturb", Perturb.self),
        ("export", Export.self), ("embed", Embed.self),
        ("merge", Merge.self),
    ]

    @Test(arguments: commands.map(\.0))
    func helpMatchesGolden(_ name: String) throws {
        let command = Self.commands.first { $0.0 == name }!.1
        let help = AdvGlueCommand.helpMessage(for: command, columns: 100) + "\n"
        #expect(try Fixtures.matchesGolden(help, "help-\(name).txt"))
    }

    @Test func helpListsEnumValues() {
        let help = AdvGlueCommand.helpMessage(for: Attack.self, columns: 100)
        for task in ["sst2", "mnli", "mnli-mm", "qqp", "qnli", "rte"] { #expect(help.contains(task)) }
    }

    @Test(arguments: [
        ["attack", "--task", "nope"],
        ["attack", "--task", "sst2", "--num-examples", "0"],
        ["attack", "--task", "sst2", "--jobs", "0"],
        ["attack", "--task", "sst2", "--model", "bogus:thing"],
        ["attack", "--task", "sst2", "--validity", "use"],
        ["train", "--task", "sst2", "--data", "x", "--model", "bert"],
        ["embed", "--max-length", "2"],
        ["train", "--task", "sst2", "--data", "x", "--holdout-percent", "95"],
        ["attack"],
        ["frobnicate"],
        ["eval", "--tasks", "sst2,cola"],
        ["eval", "--benchmark", "glue"],
        ["report", "x", "--format", "md,pdf"],
        ["perturb", "--task", "sst2", "--attack", "typo", "--data", "a.tsv", "--out", "a.tsv"],
        ["perturb", "--task", "sst2", "--attack", "typo", "--data", "a.tsv", "--out", "b.json"],
        ["export", "x", "--out", "y.csv"],
        ["attack", "--task", "sst2", "--shard", "4/4"],
        ["attack", "--task", "sst2", "--shard", "1/0"],
        ["attack", "--task", "sst2", "--shard", "one/two"],
        ["attack", "--task", "sst2", "--shard", "0/2", "--shard-count", "2"],
        ["attack", "--task", "sst2", "--shard-count", "0"],
        ["merge"],
    ])
    func usageErrorsExit64(_ arguments: [String]) {
        do {
            _ = try AdvGlueCommand.parseAsRoot(arguments)
            Issue.record("\(arguments) parsed")
        } catch {
            #expect(AdvGlueCommand.exitCode(for: error).rawValue == 64)
        }
    }

    @Test func validationMessagesQuoteTheFlag() {
        #expect(throws: (any Error).self) {
            try AdvGlueCommand.parseAsRoot(["attack", "--task", "sst2", "--num-examples", "0"])
        }
        do {
            _ = try AdvGlueCommand.parseAsRoot(["attack", "--task", "sst2", "--num-examples", "0"])
        } catch {
            #expect(AdvGlueCommand.message(for: error).contains("--num-examples"))
        }
    }
}
