import AdvGlueMiniLM
import AdvGlueSupport
import Foundation
import Testing

/// The native encoder against the reference Python implementation (sentence-transformers
/// 6.2 / transformers / tokenizers, PyTorch CPU): identical token ids and sentence
/// embeddings with cosine similarity of at least 0.9999, for every fixture input.
@Suite("MiniLM parity with the reference implementation", MiniLMTestSupport.trait)
struct MiniLMParityTests {
    static let minimumCosine = 0.9999

    @Test func fixtureCoversEnoughVariedInputs() throws {
        let fixture = try ParityFixture.load()
        #expect(fixture.items.count >= 300)
        #expect(fixture.items.filter(\.isCorpusDerived).count >= 100, "GLUE-family text")
        #expect(fixture.items.filter { $0.kind == "pair" }.count >= 50, "pairs")
        #expect(fixture.items.contains { ($0.idsCount ?? $0.ids?.count ?? 0) == 512 }, "inputs truncated at 512 tokens")
        #expect(fixture.items.contains { $0.text?.unicodeScalars.contains { $0.value >= 0x1F600 } ?? false }, "emoji")
        // The licence rule: corpus-derived items carry digests, never text or ids.
        for item in fixture.items where item.isCorpusDerived {
            #expect(
                item.text == nil && item.a == nil && item.b == nil && item.ids == nil,
                "\(item.id) stores corpus text or ids")
        }
    }

    @Test func teamWrittenInputsMatch() throws {
        let model = try MiniLMTestSupport.model()
        let items = try ParityFixture.load().items.filter { !$0.isCorpusDerived }
        var failures: [String] = []
        let encodings = items.map { item in
            item.kind == "pair"
                ? model.tokenizer.encode(item.a!, item.b!, maxLength: item.maxLength)
                : model.tokenizer.encode(item.text!, maxLength: item.maxLength)
        }
        for (item, encoding) in zip(items, encodings) {
            if encoding.ids != item.ids {
                failures.append("\(item.id): ids \(encoding.ids) != reference \(item.ids ?? [])")
            }
            if let typeIds = item.typeIds, encoding.typeIds != typeIds {
                failures.append("\(item.id): type ids differ")
            }
        }
        failures += compareEmbeddings(items, encodings: encodings, model: model)
        #expect(failures.isEmpty, "\(failures.count) mismatches:\n\(failures.prefix(20).joined(separator: "\n"))")
        #expect(items.count >= 100)
    }

    @Test(.enabled(if: SharedCorpora.available || SharedCorpora.required, "../shared/corpora not found"))
    func corpusDerivedInputsMatch() throws {
        let model = try MiniLMTestSupport.model()
        let root = try #require(
            SharedCorpora.available ? SharedCorpora.url : nil,
            "ADVGLUE_REQUIRE_CORPORA=1 but ../shared/corpora is missing")
        let cells = CorpusCells(root: root)
        let items = try ParityFixture.load().items.filter(\.isCorpusDerived)
        var failures: [String] = []
        var encodings: [Encoding] = []
        for item in items {
            let encoding: Encoding
            if item.kind == "pair" {
                let a = try cells.text(item.aSource!)
                let b = try cells.text(item.bSource!)
                if SHA256.hex(Array(a.utf8)) != item.aSHA256 || SHA256.hex(Array(b.utf8)) != item.bSHA256 {
                    failures.append("\(item.id): the corpus text changed (SHA-256 differs); regenerate the fixtures")
                }
                encoding = model.tokenizer.encode(a, b, maxLength: item.maxLength)
                if ParityFixture.digest(encoding.typeIds) != item.typeIdsSHA256 {
                    failures.append("\(item.id): type ids differ")
                }
            } else {
                let text = try cells.text(item.source!)
                if SHA256.hex(Array(text.utf8)) != item.textSHA256 {
                    failures.append("\(item.id): the corpus text changed (SHA-256 differs); regenerate the fixtures")
                }
                encoding = model.tokenizer.encode(text, maxLength: item.maxLength)
            }
            if encoding.count != item.idsCount || ParityFixture.digest(encoding.ids) != item.idsSHA256 {
                failures.append("\(item.id): token ids differ (\(encoding.count) ids, reference \(item.idsCount ?? 0))")
            }
            encodings.append(encoding)
        }
        failures += compareEmbeddings(items, encodings: encodings, model: model)
        #expect(failures.isEmpty, "\(failures.count) mismatches:\n\(failures.prefix(20).joined(separator: "\n"))")
        #expect(items.count >= 100)
    }

    /// Embeds everything in one call, as an attack does, so batching and packing are tested too.
    private func compareEmbeddings(_ items: [ParityFixture.Item], encodings: [Encoding], model: MiniLM) -> [String] {
        let embeddings = model.embeddings(of: encodings)
        let cosines = zip(items, embeddings).map {
            MiniLMTestSupport.cosine($1, MiniLMTestSupport.floats(base64: $0.embedding))
        }
        print("MiniLM parity: \(items.count) inputs, lowest cosine \(cosines.min() ?? 1)")
        return zip(items, cosines).compactMap { item, cosine in
            cosine >= Self.minimumCosine ? nil : "\(item.id): cosine \(cosine) < \(Self.minimumCosine)"
        }
    }

    @Test func tokenStatesMatch() throws {
        let model = try MiniLMTestSupport.model()
        for reference in try ParityFixture.load().tokenStates {
            let states = model.tokenStates([reference.text])[0]
            let expected = MiniLMTestSupport.floats(base64: reference.values)
            try #require(
                states.count == reference.count,
                "\(reference.text): \(states.count) tokens, reference \(reference.count)")
            for token in 0..<states.count {
                let cosine = MiniLMTestSupport.cosine(
                    Array(states.row(token)), Array(expected[token * states.width..<(token + 1) * states.width]))
                #expect(cosine >= Self.minimumCosine, "\(reference.text) token \(token): cosine \(cosine)")
            }
        }
    }

    @Test func bertScoreMatchesReference() throws {
        let model = try MiniLMTestSupport.model()
        for reference in try ParityFixture.load().bertscore {
            let states = model.tokenStates([reference.reference, reference.candidate])
            let score = BERTScore.score(reference: states[0], candidate: states[1])
            #expect(
                abs(score.f1 - reference.f1) < 1e-4,
                "\(reference.reference) / \(reference.candidate): F1 \(score.f1), reference \(reference.f1)")
            #expect(abs(score.precision - reference.precision) < 1e-4)
            #expect(abs(score.recall - reference.recall) < 1e-4)
        }
    }

    @Test func batchingDoesNotChangeResults() throws {
        let model = try MiniLMTestSupport.model()
        let texts = [
            "A fine film.", "A much longer sentence that has quite a few more tokens than the first one does.", "東京 🥲",
            "",
        ]
        let together = model.embed(texts)
        for (text, embedding) in zip(texts, together) {
            #expect(MiniLMTestSupport.cosine(model.embed([text])[0], embedding) > 0.99999)
        }
    }
}
