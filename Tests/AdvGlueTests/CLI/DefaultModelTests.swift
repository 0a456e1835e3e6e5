import Foundation
import Testing

/// The default victim: without `--model`, every command that runs a model runs the
/// fine-tuned transformer (it beats the lexical model on all five tasks), while
/// `advglue model export` still exports the lexical one. The other end-to-end tests pin
/// `builtin:lexical` (``EndToEndTests/pinningModel(_:)``); these run the real default.
@Suite("the default victim is builtin:finetuned", .serialized)
struct DefaultModelTests {
    typealias E2E = EndToEndTests

    /// `run.model` of a run's results.json.
    static func model(of folder: URL) throws -> [String: Any] {
        let data = try Data(contentsOf: folder.appending(path: "results.json"))
        let results = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let run = try #require(results["run"] as? [String: Any])
        return try #require(run["model"] as? [String: Any])
    }

    @Test("attack without --model attacks builtin:finetuned, as if it were named", MiniLMTestSupport.trait)
    func attackDefaultsToTheFineTunedModel() throws {
        let implicit = E2E.temporaryFolder()
        let explicit = E2E.temporaryFolder()
        defer {
            try? FileManager.default.removeItem(at: implicit)
            try? FileManager.default.removeItem(at: explicit)
        }
        let common = ["attack", "--task", "sst2", "--attack", "typo", "--num-examples", "12", "--quiet"]
        let first = try E2E.advglue(common + ["--out", implicit.path], pinModel: false)
        #expect(first.status == 0, "\(first.stderr)")
        let second = try E2E.advglue(common + ["--out", explicit.path, "--model", "builtin:finetuned"])
        #expect(second.status == 0, "\(second.stderr)")

        let model = try Self.model(of: implicit)
        #expect(model["spec"] as? String == "builtin:finetuned")
        #expect((model["description"] as? String)?.contains("fine-tuned for sst2") == true)
        let report = try String(contentsOf: implicit.appending(path: "report.md"), encoding: .utf8)
        #expect(report.hasPrefix("# advglue attack report: SST-2 · typo · builtin:finetuned"))
        // The same run, byte for byte, as naming the model.
        let a = try String(contentsOf: implicit.appending(path: "results.csv"), encoding: .utf8)
        let b = try String(contentsOf: explicit.appending(path: "results.csv"), encoding: .utf8)
        #expect(a == b)
        #expect(try Self.model(of: explicit)["checksum"] as? String == model["checksum"] as? String)
    }

    @Test(
        "predict without --model scores the fine-tuned model of each task", MiniLMTestSupport.trait,
        arguments: ["sst2", "mnli", "qnli", "qqp", "rte"])
    func predictDefaultsToTheFineTunedModel(task: String) throws {
        let run = try E2E.advglue(["predict", "--task", task], pinModel: false)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("model:    builtin:finetuned — all-MiniLM-L6-v2 fine-tuned for \(task)"))
    }

    @Test("model export still exports the lexical model by default")
    func exportDefaultsToTheLexicalModel() throws {
        let run = try E2E.advglue(["model", "export", "--task", "sst2"], pinModel: false)
        #expect(run.status == 0, "\(run.stderr)")
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(json["labels"] as? [String] == ["negative", "positive"])
        let refused = try E2E.advglue(["model", "export", "--task", "sst2", "--model", "builtin:finetuned"])
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("only lexical models"))
    }
}
