import AdvGlueText
import Foundation
import Testing

@testable import AdvGlueCorpora

@Suite("Corpora: the demo corpus in Corpora/demo")
struct CorporaDemoTests {
    @Test(
        "every task loads with its size and balanced labels",
        arguments: [
            (GlueTask.sst2, 48), (.rte, 24), (.mnli, 15), (.mnliMismatched, 15), (.qqp, 24), (.qnli, 24),
        ])
    func demoTask(task: GlueTask, count: Int) throws {
        let resources = ProjectResources(home: CorporaTestSupport.packageRoot)
        let resolved = try DataLocator(resources: resources, environment: [:]).resolve(task: task, data: nil)
        #expect(resolved.isDemo)
        let dataset = try DataLoader.load(resolved.file, task: task)
        #expect(dataset.examples.count == count)
        #expect(dataset.skipped.isEmpty)
        #expect(dataset.format == .glueTSV)
        let perLabel = count / task.labelNames.count
        #expect(CorporaTestSupport.distribution(dataset) == Array(repeating: perLabel, count: task.labelNames.count))
        #expect(Set(dataset.examples.map(\.id)).count == count, "ids should be unique")
        #expect(Set(dataset.examples.map(\.input)).count == count, "no duplicate inputs")
        CorporaTestSupport.expectWellFormed(dataset)
    }

    @Test("the demo folder has the glue_data layout and no other data files")
    func demoLayout() throws {
        let demo = CorporaTestSupport.demoFolder
        #expect(ProjectResources(home: CorporaTestSupport.packageRoot).demoData.standardizedFileURL.path == demo.path)
        let files = try #require(FileManager.default.enumerator(atPath: demo.path)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".tsv") || $0.hasSuffix(".json") || $0.hasSuffix(".jsonl") }
            .sorted()
        #expect(
            files == [
                "MNLI/dev_matched.tsv", "MNLI/dev_mismatched.tsv", "QNLI/dev.tsv", "QQP/dev.tsv", "RTE/dev.tsv",
                "SST-2/dev.tsv",
            ])
    }

    @Test("matched and mismatched demo MNLI are different examples")
    func demoMNLISplitsDiffer() throws {
        let demo = CorporaTestSupport.demoFolder
        let matched = try DataLoader.load(demo.appending(path: "MNLI/dev_matched.tsv"), task: .mnli)
        let mismatched = try DataLoader.load(demo.appending(path: "MNLI/dev_mismatched.tsv"), task: .mnliMismatched)
        #expect(Set(matched.examples.map(\.input)).isDisjoint(with: mismatched.examples.map(\.input)))
    }

    @Test("demo texts are not copied from the real corpora", SharedCorpora.trait)
    func demoIsNotGLUE() throws {
        let demo = CorporaTestSupport.demoFolder
        let pairs: [(String, String, GlueTask)] = [
            ("SST-2/dev.tsv", "glue_data/SST-2/dev.tsv", .sst2),
            ("RTE/dev.tsv", "glue_data/RTE/dev.tsv", .rte),
            ("QNLI/dev.tsv", "glue_data/QNLI/dev.tsv", .qnli),
        ]
        for (demoPath, realPath, task) in pairs {
            let demoTexts = Set(
                try DataLoader.load(demo.appending(path: demoPath), task: task).examples.flatMap(\.input.texts))
            let realTexts = Set(
                try DataLoader.load(try SharedCorpora.file(realPath), task: task).examples.flatMap(\.input.texts))
            #expect(demoTexts.isDisjoint(with: realTexts), "\(demoPath) shares text with \(realPath)")
        }
    }
}
