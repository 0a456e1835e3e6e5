import AdvGlueAttacks
import AdvGlueBackends
import AdvGlueCorpora
import AdvGlueMiniLM
import AdvGlueModels
import AdvGlueResults
import AdvGlueSupport
import AdvGlueText
import AdvGlueWordNet
import Benchmark
import Foundation

/// The inputs every benchmark shares: the demo corpus's 48 SST-2 sentences (written for
/// this repository, so the benchmarks run without the shared corpora), segmented once.
enum Inputs {
    static let resources: ProjectResources = {
        do { return try ProjectResources.locate() } catch {
            fatalError("run from the advglue checkout (Benchmarks/): \(error)")
        }
    }()
    static let examples: [Example] = {
        do {
            return try DataLoader.load(resources.demoData.appending(path: "SST-2/dev.tsv"), task: .sst2).examples
        } catch {
            fatalError("cannot read the demo corpus: \(error)")
        }
    }()
    static let texts = examples.map(\.input)
    static let segmented: [SegmentedInput] = texts.map { try! SegmentedInput($0) }
    /// Every word of the sentences, as the attacks look them up.
    static let words: [String] = segmented.flatMap { $0.fields.flatMap { $0.words.map { String($0.text) } } }
    static let lexical: any Classifier = try! LexicalBackend(.builtin).loadModel(for: .sst2, resources: resources)

    static func recipe(_ name: String) -> Recipe {
        do { return try RecipeLoader.load(named: name, resources: resources) } catch {
            fatalError("recipe \(name): \(error)")
        }
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .throughput, .mallocCountTotal, .peakMemoryResident],
        warmupIterations: 3, maxDuration: .seconds(2), maxIterations: 5_000)

    Benchmark("ICU word segmentation, 48 sentences") { benchmark in
        for _ in benchmark.scaledIterations {
            for text in Inputs.texts { blackHole(try SegmentedInput(text)) }
        }
    }

    Benchmark("WordNet synonyms, every word of 48 sentences, 4 parts of speech") { benchmark in
        let wordNet = try WordNet.locate()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            for word in Inputs.words {
                for pos in PartOfSpeech.allCases { blackHole(try wordNet.synonyms(of: word, as: pos)) }
            }
        }
    }

    // One recipe's transformation at every position its pre-transformation constraints
    // allow, over the 48 sentences: the candidates a search starts from.
    for name in [
        "typo", "synonym", "pwws", "deepwordbug", "homoglyph", "invisible", "distraction", "paraphrase", "composite",
        "textfooler",
    ] {
        Benchmark("Candidates: \(name), 48 sentences") { benchmark in
            let attack = Inputs.recipe(name).attack
            let states = Inputs.texts.map { PerturbedInput(try! SegmentedInput($0, segmentation: attack.segmentation)) }
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                var rng = SplitMix64(seed: 42)
                for state in states {
                    for (field, segmented) in state.original.fields.enumerated() {
                        for word in segmented.words.indices {
                            let position = WordPosition(field: field, word: word)
                            guard attack.preConstraints.allSatisfy({ $0.allows(position, in: state) }) else { continue }
                            blackHole(attack.transformation.candidates(for: state, at: position, using: &rng))
                        }
                    }
                }
            }
        }
    }

    Benchmark("Lexical model, 48 sentences in one batch") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try await Inputs.lexical.logits(for: Inputs.texts)) }
    }

    Benchmark("Lexical model, one sentence") { benchmark in
        let one = [Inputs.texts[0]]
        for _ in benchmark.scaledIterations { blackHole(try await Inputs.lexical.logits(for: one)) }
    }

    // Rendering a finished or merged run decodes every journal line and writes its
    // result into results.json: the typo recipe's results for the 48 sentences.
    @Sendable func typoResults() async -> [AttackResult] {
        let attack = Inputs.recipe("typo").attack
        return await AttackRunner(attack: attack, classifier: Inputs.lexical, seed: 42, jobs: 1).run(Inputs.examples)
    }
    Benchmark("Journal lines written by ResultCodec, 48 typo results") { benchmark in
        let results = await typoResults()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            for (index, result) in results.enumerated() {
                blackHole(ResultCodec.journalLine(index: index, result: result))
            }
        }
    }
    Benchmark("Journal lines read by ResultCodec, 48 typo results") { benchmark in
        let lines = await typoResults().enumerated().map {
            ResultCodec.journalLine(index: $0.offset, result: $0.element).dropLast()
        }
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            for line in lines { blackHole(try ResultCodec.journalEntry(line)) }
        }
    }
    Benchmark("results.json elements written by ResultCodec, 48 typo results") { benchmark in
        let results = await typoResults()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            for (index, result) in results.enumerated() {
                blackHole(ResultsFile.Parts.element(result, first: index == 0))
            }
        }
    }

    // Needs all-MiniLM-L6-v2 (scripts/setup.sh installs it); skipped without it.
    if let miniLM = try? MiniLM.shared() {
        Benchmark(
            "MiniLM forward pass, 32 sentences in one batch",
            configuration: .init(maxDuration: .seconds(5), maxIterations: 200)
        ) { benchmark in
            let batch = Array(Inputs.texts.prefix(32).map { $0.fields[0].text })
            for _ in benchmark.scaledIterations { blackHole(miniLM.embed(batch)) }
        }
        Benchmark(
            "MiniLM forward pass, one sentence", configuration: .init(maxDuration: .seconds(5), maxIterations: 1_000)
        ) { benchmark in
            let one = [Inputs.texts[0].fields[0].text]
            for _ in benchmark.scaledIterations { blackHole(miniLM.embed(one)) }
        }
    } else {
        print("note: all-MiniLM-L6-v2 not found (scripts/setup.sh installs it); the MiniLM benchmarks are skipped")
    }
}
