import AdvGlueCorpora
import AdvGlueMiniLM
import AdvGlueModels
import AdvGlueSupport
import AdvGlueText
import Foundation
import Testing

@testable import AdvGlueBackends

/// The parity fixture of a tiny checkpoint: inputs with the token ids, token type ids and
/// logits of transformers (scripts/models/make_hf_fixtures.py).
struct HuggingFaceParity: Decodable {
    struct Case: Decodable {
        var fields: [String]
        var ids: [Int32]
        /// nil where the tokenizer gives none (DistilBERT, whose model has no token types).
        var typeIds: [Int32]?
        var logits: [Float]
    }
    var transformers: String
    var torch: String
    var cases: [Case]
}

@Suite("Hugging Face checkpoints (hf:)")
struct HuggingFaceTests {
    static let tinyBert = Fixtures.packageRoot.appending(path: "Tests/AdvGlueTests/Reference/hf/tiny-bert")
    static let checkpoints = ["tiny-bert", "tiny-distilbert", "tiny-roberta"]

    static func parity(_ folder: URL) throws -> HuggingFaceParity {
        try JSONDecoder().decode(
            HuggingFaceParity.self, from: try Data(contentsOf: folder.appending(path: "parity.json")))
    }

    /// A copy of the tiny checkpoint with `file`'s text rewritten by `edit`, for error cases.
    static func copy(editing file: String, _ edit: (String) -> String) throws -> URL {
        try copy { folder in
            let url = folder.appending(path: file)
            try Data(edit(try String(contentsOf: url, encoding: .utf8)).utf8).write(to: url)
        }
    }

    /// A copy of the tiny checkpoint with `edit` applied, for error cases.
    static func copy(_ edit: (URL) throws -> Void) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appending(path: "advglue-hf-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: tinyBert, to: folder)
        try edit(folder)
        return folder
    }

    @Test("token ids and logits match transformers", arguments: checkpoints)
    func tokensAndLogitsMatchTransformers(_ name: String) throws {
        let folder = Self.tinyBert.deletingLastPathComponent().appending(path: name)
        let fixture = try Self.parity(folder)
        let model = try HuggingFaceClassifier.load(folder: folder, task: .sst2, spec: "hf:\(name)")
        #expect(fixture.cases.count >= 200)
        #expect(fixture.cases.contains { $0.fields.count == 2 })
        #expect(fixture.cases.contains { $0.ids.count == 64 }, "some inputs must be cut at the model's length")
        var worst: Float = 0
        for item in fixture.cases {
            let encoding =
                item.fields.count == 1 ? model.encode(item.fields[0]) : model.encode(item.fields[0], item.fields[1])
            #expect(encoding.ids == item.ids, "token ids of \(item.fields)")
            if let typeIds = item.typeIds { #expect(encoding.typeIds == typeIds, "token type ids of \(item.fields)") }
            let logits = model.scores(of: [encoding])[0]
            for (mine, theirs) in zip(logits, item.logits) { worst = max(worst, abs(mine - theirs)) }
        }
        #expect(worst < 1e-4, "largest logit difference \(worst)")
        // The check means something only if the logits vary far more than the tolerance:
        // a wrong position, activation or head must move them.
        let first = fixture.cases.map { $0.logits[0] }
        #expect((first.max() ?? 0) - (first.min() ?? 0) > 0.1, "the fixture's logits barely vary")
    }

    @Test func robertaTokenizesHostileTextQuickly() throws {
        let folder = Self.tinyBert.deletingLastPathComponent().appending(path: "tiny-roberta")
        let model = try HuggingFaceClassifier.load(folder: folder, task: .sst2, spec: "hf:x")
        let word = String(repeating: "abcdefghij", count: 10_000)
        let clock = ContinuousClock()
        let started = clock.now
        let single = model.encode(word)
        let pair = model.encode(String(repeating: "<s>", count: 20_000), word)
        // Generous: a quadratic merge loop or special-token search takes minutes here.
        #expect(clock.now - started < .seconds(20))
        #expect(single.count == 64 && pair.count == 64)
        #expect(pair.ids.prefix(4) == [0, 0, 0, 0], "<s> written in the text is kept whole")
    }

    @Test func robertaReadsTokenizerJSONAlone() throws {
        let original = Self.tinyBert.deletingLastPathComponent().appending(path: "tiny-roberta")
        let folder = FileManager.default.temporaryDirectory.appending(path: "advglue-hf-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: original, to: folder)
        for file in ["vocab.json", "merges.txt"] {
            try FileManager.default.removeItem(at: folder.appending(path: file))
        }
        let model = try HuggingFaceClassifier.load(folder: folder, task: .sst2, spec: "hf:x")
        let fixture = try Self.parity(original)
        for item in fixture.cases {
            let encoding =
                item.fields.count == 1 ? model.encode(item.fields[0]) : model.encode(item.fields[0], item.fields[1])
            #expect(encoding.ids == item.ids, "token ids of \(item.fields)")
        }
    }

    @Test(
        "GPT-2's pre-tokenizer splits as its pattern does",
        arguments: [
            ("Hello  world's", ["Hello", " ", " world", "'s"]),
            ("it's 42 cats!!", ["it", "'s", " 42", " cats", "!!"]),
            ("a\n\nb  ", ["a", "\n", "\n", "b", "  "]),
            ("x 'S y", ["x", " '", "S", " y"]),
        ])
    func byteLevelSplit(_ text: String, _ pieces: [String]) {
        #expect(ByteLevelPreTokenizer.split(text) == pieces)
        #expect(ByteLevelPreTokenizer.split(text).joined() == text)
    }

    @Test func byteCharactersAreGPT2s() {
        let table = ByteLevelPreTokenizer.byteCharacters
        #expect(Set(table).count == 256)
        #expect(table[Int(UInt8(ascii: " "))] == "Ġ" && table[Int(UInt8(ascii: "\n"))] == "Ċ")
        #expect(table[Int(UInt8(ascii: "a"))] == "a" && table[0xE9] == "é")
    }

    @Test func labelsAreMatchedByNameOrPosition() async throws {
        let model = try HuggingFaceClassifier.load(folder: Self.tinyBert, task: .sst2, spec: "hf:tiny-bert")
        #expect(model.order == [0, 1] && model.labels == ["negative", "positive"])
        // Swapped names: the logits come back in the task's order.
        let swapped = try Self.copy(editing: "config.json") {
            $0.replacingOccurrences(of: "\"negative\"", with: "\"TMP\"")
                .replacingOccurrences(of: "\"positive\"", with: "\"negative\"")
                .replacingOccurrences(of: "\"TMP\"", with: "\"positive\"")
        }
        let reordered = try HuggingFaceClassifier.load(folder: swapped, task: .sst2, spec: "hf:swapped")
        #expect(reordered.order == [1, 0])
        let input = TextInput([("sentence", "a fine film")])
        let plain = try await model.logits(for: [input])[0]
        let flipped = try await reordered.logits(for: [input])[0]
        #expect(plain == flipped.reversed())
        // Three labels against a two-label checkpoint: an error naming both.
        #expect {
            _ = try HuggingFaceClassifier.load(folder: Self.tinyBert, task: .mnli, spec: "hf:tiny-bert")
        } throws: { error in
            "\(error)".contains("2 labels") && "\(error)".contains("mnli has 3")
        }
    }

    @Test func unsupportedOrIncompleteCheckpointsAreClearErrors() throws {
        let xlnet = try Self.copy(editing: "config.json") {
            $0.replacingOccurrences(of: "BertForSequenceClassification", with: "XLNetForSequenceClassification")
        }
        #expect {
            _ = try HuggingFaceClassifier.load(folder: xlnet, task: .sst2, spec: "hf:x")
        } throws: { error in
            "\(error)".contains("XLNetForSequenceClassification")
                && "\(error)".contains("RobertaForSequenceClassification")
                && "\(error)".contains("architectures")
        }
        // A BERT checkpoint that calls itself RoBERTa: no BPE tokenizer beside it.
        let mislabelled = try Self.copy(editing: "config.json") {
            $0.replacingOccurrences(of: "BertForSequenceClassification", with: "RobertaForSequenceClassification")
        }
        try FileManager.default.removeItem(at: mislabelled.appending(path: "tokenizer.json"))
        #expect {
            _ = try HuggingFaceClassifier.load(folder: mislabelled, task: .sst2, spec: "hf:x")
        } throws: { error in "\(error)".contains("byte-level BPE tokenizer") }
        let robertaFolder = Self.tinyBert.deletingLastPathComponent().appending(path: "tiny-roberta")
        let noMerges = FileManager.default.temporaryDirectory.appending(path: "advglue-hf-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: robertaFolder, to: noMerges)
        for file in ["merges.txt", "tokenizer.json"] {
            try FileManager.default.removeItem(at: noMerges.appending(path: file))
        }
        #expect {
            _ = try HuggingFaceClassifier.load(folder: noMerges, task: .sst2, spec: "hf:x")
        } throws: { error in "\(error)".contains("vocab.json and merges.txt, or tokenizer.json") }
        let noVocab = try Self.copy { try FileManager.default.removeItem(at: $0.appending(path: "vocab.txt")) }
        #expect {
            _ = try HuggingFaceClassifier.load(folder: noVocab, task: .sst2, spec: "hf:x")
        } throws: { error in "\(error)".contains("no vocab.txt") }
        let cased = try Self.copy(editing: "tokenizer_config.json") {
            $0.replacingOccurrences(of: "\"do_lower_case\": true", with: "\"do_lower_case\": false")
        }
        #expect {
            _ = try HuggingFaceClassifier.load(folder: cased, task: .sst2, spec: "hf:x")
        } throws: { error in "\(error)".contains("cased tokenizer") }
        #expect(throws: AdvGlueError.self) { _ = try ModelBackends.parse("hf:") }
        #expect(try ModelBackends.parse("hf:some/folder") is HuggingFaceBackend)
    }

    @Test func anAttackRunsOnACheckpointFromTheCLI() throws {
        let out = FileManager.default.temporaryDirectory.appending(path: "advglue-hf-run-\(UUID().uuidString)")
        let run = try EndToEndTests.advglue([
            "attack", "--task", "sst2", "--model", "hf:" + Self.tinyBert.path, "--num-examples", "6", "--out",
            out.path, "--quiet",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let results = try String(contentsOf: out.appending(path: "results.json"), encoding: .utf8)
        #expect(results.contains("\"hf:\(Self.tinyBert.path)\""))
        #expect(results.contains("BertForSequenceClassification"))
    }
}
