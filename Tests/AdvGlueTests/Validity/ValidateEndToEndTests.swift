import AdvGlueCorpora
import AdvGlueResults
import Foundation
import Testing

/// `advglue validate` on what other tools wrote, and the human-validation round trip:
/// export → people's verdicts → report.
@Suite("Validate and human validation, end to end", .serialized, MiniLMTestSupport.trait)
struct ValidateEndToEndTests {
    static func validation(_ folder: URL) throws -> ValidationFile {
        try JSONFiles.decode(ValidationFile.self, from: Data(contentsOf: folder.appending(path: "validation.json")))
    }

    /// A CSV TextAttack 0.3.11's own CSV logger wrote (PWWS on the demo corpus;
    /// scripts/fixtures/textattack-csv.sh): every successful row is judged, with reasons.
    @Test func readsATextAttackCSV() throws {
        let csv = Fixtures.packageRoot.appending(path: "Tests/AdvGlueTests/Reference/textattack-pwws-demo-sst2.csv")
        let out = EndToEndTests.temporaryFolder()
        let run = try EndToEndTests.advglue(["validate", csv.path, "--task", "sst2", "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        let file = try Self.validation(out)
        let successful = try CSVReader.read(csv).rows.filter { $0.cells["result_type"] == "Successful" }.count
        #expect(file.verdicts.count == successful && successful > 30)
        #expect(file.source.format == "textattack-csv")
        #expect(file.verdicts.allSatisfy { $0.accepted == $0.reasons.isEmpty && !$0.changes.isEmpty })
        // PWWS as TextAttack runs it: many changes, polar synonyms; few if any valid.
        #expect(file.summary.acceptedShare! < 0.2)
        #expect((file.summary.rejectedBy["polarity-kept"] ?? 0) > 10)
        #expect(!file.verdicts[0].changes.contains { $0.original.contains("[[") || $0.replacement.contains("]]") })
        #expect(run.stdout.contains("accepted \(file.summary.accepted) of \(successful)"))
        let report = try String(contentsOf: out.appending(path: "validation.md"), encoding: .utf8)
        #expect(report.contains("| `polarity-kept` |"))
        // A CSV does not say its task.
        let noTask = try EndToEndTests.advglue(["validate", csv.path, "--out", out.path])
        #expect(noTask.status == 64 && noTask.stderr.contains("--task"), "\(noTask.stderr)")
        let bad = out.appending(path: "bad.csv")
        try Data("a,b\n1,2\n".utf8).write(to: bad)
        #expect(try EndToEndTests.advglue(["validate", bad.path, "--task", "sst2", "--out", out.path]).status == 65)
    }

    /// AdvGLUE's human-validated word-level dev examples: every one is judged; the share
    /// accepted and each filter's refusals are reported (docs/validity.md discusses them).
    @Test(SharedCorpora.trait) func judgesAdvGLUEsAnnotatedDevSet() throws {
        let ann = try SharedCorpora.file("advglue/dev_ann.json")
        let out = EndToEndTests.temporaryFolder()
        let run = try EndToEndTests.advglue(["validate", ann.path, "--level", "word", "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        let file = try Self.validation(out)
        #expect(file.verdicts.count == 455)
        #expect(Set(file.verdicts.map(\.task)) == ["sst2", "qqp", "mnli", "mnli-mm", "qnli", "rte"])
        #expect(file.verdicts.allSatisfy { $0.level == "word" && $0.method != nil })
        #expect(file.summary.accepted > 50)
        #expect((file.summary.rejectedBy["max-modification-rate"] ?? 0) > 100)
    }

    /// Export a run made without filters, fill in people's verdicts, read them back: the
    /// report's figures follow from the verdicts, and regenerating it keeps them.
    @Test(SharedCorpora.trait) func humanValidationRoundTrip() throws {
        let folder = EndToEndTests.temporaryFolder()
        let results = folder.appending(path: "run")
        let attack = try EndToEndTests.advglue([
            "attack", "--task", "sst2", "--data", try SharedCorpora.file("glue_data/SST-2/dev.tsv").path,
            "--num-examples", "40", "--attack", "pwws", "--filters", "none", "--out", results.path, "--quiet",
        ])
        try #require(attack.status == 0, "\(attack.stderr)")
        let csv = folder.appending(path: "annotate.csv")
        #expect(try EndToEndTests.advglue(["export", "--annotation", results.path, "--out", csv.path]).status == 0)
        // People: agree with the filters but on every fourth example; give the gold label on
        // every third, and a wrong label on the fifth row.
        let table = try CSVReader.read(csv)
        var lines = [table.header.map(Self.quoted).joined(separator: ",")]
        var expectedValid = 0
        var pairs: [(filters: Bool, people: Bool)] = []
        for (i, row) in table.rows.enumerated() {
            var cells = row.cells
            let filters = cells["filters_verdict"] == "valid"
            var people = i % 4 == 0 ? !filters : filters
            cells["verdict"] = people ? "valid" : "invalid"
            if i % 3 == 0 { cells["human_label"] = cells["gold_label"] }
            if i == 4 {
                cells["human_label"] = cells["gold_label"] == "positive" ? "negative" : "positive"
                people = false
            }
            if people { expectedValid += 1 }
            pairs.append((filters, people))
            lines.append(table.header.map { Self.quoted(cells[$0] ?? "") }.joined(separator: ","))
        }
        let filled = folder.appending(path: "filled.csv")
        try Data((lines.joined(separator: "\r\n") + "\r\n").utf8).write(to: filled)
        let report = try EndToEndTests.advglue(["report", results.path, "--annotations", filled.path])
        #expect(report.status == 0, "\(report.stderr)")
        let saved = try JSONFiles.decode(
            HumanValidationFile.self, from: Data(contentsOf: results.appending(path: HumanValidationFile.fileName)))
        let run = try ResultsFile.decode(Data(contentsOf: results.appending(path: "results.json")))
        let summary = saved.summary(of: run)
        #expect(summary.judged == table.rows.count && summary.valid == expectedValid)
        #expect(
            summary.accuracyUnderAttack == Double(run.summary.failed + summary.invalid)
                / Double(run.summary.successful + run.summary.failed + run.summary.skipped))
        #expect(summary.kappa == HumanValidationFile.kappa(pairs))
        let text = try String(contentsOf: results.appending(path: "report.md"), encoding: .utf8)
        #expect(text.contains("## Human validation"))
        #expect(text.contains("Human validation: \(expectedValid) of \(table.rows.count) judged successes valid"))
        // Regenerating the report from the saved files keeps the section, byte for byte.
        let again = folder.appending(path: "again")
        #expect(try EndToEndTests.advglue(["report", results.path, "--out", again.path]).status == 0)
        #expect(
            try Data(contentsOf: again.appending(path: "report.md"))
                == Data(contentsOf: results.appending(path: "report.md")))
        // A verdict that is none of valid, invalid, unsure is an error naming the line.
        let wrong = folder.appending(path: "wrong.csv")
        try Data(
            (lines[0] + "\r\n"
                + lines[1].replacingOccurrences(of: "\"valid\"", with: "\"maybe\"").replacingOccurrences(
                    of: "\"invalid\"", with: "\"maybe\"") + "\r\n").utf8
        ).write(to: wrong)
        let refused = try EndToEndTests.advglue(["report", results.path, "--annotations", wrong.path])
        #expect(refused.status == 65 && refused.stderr.contains("verdict 'maybe'"), "\(refused.stderr)")
    }

    static func quoted(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
}
