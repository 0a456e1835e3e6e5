import AdvGlueAttacks
import AdvGlueCorpora
import AdvGlueText
import Foundation
import Testing

@Suite("Model-free perturbation and dataset copies")
struct PerturbTests {
    static func folder() -> URL {
        let url = FileManager.default.temporaryDirectory.appending(path: "advglue-perturb-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func sameSeedSameCopyAndTheRateCapHolds() async throws {
        let recipe = try Fixtures.recipe("typo")
        let perturber = ModelFreePerturber(attack: recipe.attack)
        for example in try Fixtures.demo(.sst2) {
            let (a, changes) = try await perturber.perturb(example, seed: 7)
            let (b, _) = try await perturber.perturb(example, seed: 7)
            #expect(a == b)
            #expect(a.id == example.id && a.label == example.label)
            let words = try SegmentedInput(example.input).wordCount
            #expect(changes.count <= Int(0.15 * Double(words)))
        }
    }

    @Test func sentenceLevelRecipesMakeOneChange() async throws {
        let recipe = try Fixtures.recipe("distraction")
        let example = try Fixtures.demo(.rte)[0]
        let (copy, changes) = try await ModelFreePerturber(attack: recipe.attack).perturb(example, seed: 1)
        #expect(changes.count == 1)
        #expect(copy.input.fields[0] == example.input.fields[0])  // only the hypothesis changes by default
        #expect(copy.input.fields[1].text.count > example.input.fields[1].text.count)
    }

    /// Writes a copy in each format and reads it back: same ids, labels and other columns.
    @Test(arguments: ["tsv", "jsonl", "json-advglue", "json-keyed"])
    func copiesKeepTheFormatIdsAndLabels(_ kind: String) async throws {
        let folder = Self.folder()
        let source: URL
        let task: GlueTask
        switch kind {
        case "tsv":
            task = .rte
            source = folder.appending(path: "dev.tsv")
            try Data(
                "index\tsentence1\tsentence2\tlabel\n0\tA man sleeps.\tA person is asleep in bed.\tentailment\n1\tIt rains.\tThe sun shines brightly today.\tnot_entailment\n"
                    .utf8
            ).write(to: source)
        case "jsonl":
            task = .sst2
            source = folder.appending(path: "dev.jsonl")
            try Data(
                "{\"idx\": 5, \"sentence\": \"a wonderful and moving film\", \"label\": 1, \"extra\": \"kept\"}\n\n{\"idx\": 9, \"sentence\": \"dull , tedious and far too long\", \"label\": 0}\n"
                    .utf8
            ).write(to: source)
        case "json-advglue":
            task = .sst2
            source = folder.appending(path: "dev.json")
            try Data(
                "{\"sst2\": [{\"idx\": 0, \"sentence\": \"a wonderful and moving film\", \"label\": 1}], \"rte\": []}"
                    .utf8
            ).write(to: source)
        default:
            task = .qqp
            source = folder.appending(path: "train.json")
            try Data(
                "{\"0\": {\"text_a\": \"How do I learn Swift quickly?\", \"text_b\": \"What is the fastest way to learn Swift?\", \"label\": \"1\"}}"
                    .utf8
            ).write(to: source)
        }
        let dataset = try DataLoader.load(source, task: task)
        // Distraction always finds a place (the last word), however short the text.
        let recipe = try Fixtures.recipe("distraction")
        var perturbed: [Example] = []
        for example in dataset.examples {
            perturbed.append(try await ModelFreePerturber(attack: recipe.attack).perturb(example, seed: 3).0)
        }
        let destination = folder.appending(path: "copy." + source.pathExtension)
        try DatasetWriter.write(
            source: source, format: dataset.format, task: task, perturbed: perturbed, to: destination)
        let copy = try DataLoader.load(destination, task: task)
        #expect(copy.format == dataset.format)
        #expect(copy.examples.map(\.id) == dataset.examples.map(\.id))
        #expect(copy.examples.map(\.label) == dataset.examples.map(\.label))
        #expect(copy.examples.map(\.input) == perturbed.map(\.input))
        #expect(copy.examples.map(\.input) != dataset.examples.map(\.input))
        let text = try String(contentsOf: destination, encoding: .utf8)
        switch kind {
        case "tsv": #expect(text.hasPrefix("index\tsentence1\tsentence2\tlabel\n0\tA man sleeps.\t"))
        case "jsonl": #expect(text.contains("\"extra\":\"kept\""))
        case "json-advglue": #expect(!text.contains("\"rte\""))
        default: break
        }
    }

    @Test(SharedCorpora.trait) func realGlueFileRoundTrips() async throws {
        let source = try SharedCorpora.file("glue_data/SST-2/dev.tsv")
        let dataset = try DataLoader.load(source, task: .sst2)
        let perturber = ModelFreePerturber(attack: try Fixtures.recipe("typo").attack)
        var perturbed: [Example] = []
        for example in dataset.examples { perturbed.append(try await perturber.perturb(example, seed: 42).0) }
        let destination = Self.folder().appending(path: "dev.tsv")
        try DatasetWriter.write(source: source, format: .glueTSV, task: .sst2, perturbed: perturbed, to: destination)
        let copy = try DataLoader.load(destination, task: .sst2)
        #expect(copy.examples.count == 872)
        #expect(copy.examples.map(\.label) == dataset.examples.map(\.label))
        #expect(zip(copy.examples, dataset.examples).filter { $0.input != $1.input }.count > 700)
    }
}
