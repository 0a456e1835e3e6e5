import AdvGlueText
import Foundation
import Testing

@testable import AdvGlueCorpora

@Suite("Corpora: DataLocator")
struct CorporaDataLocatorTests {
    static let resources = ProjectResources(home: CorporaTestSupport.packageRoot)

    /// A glue_data-style folder with a few files.
    static func makeGlueData(_ folder: CorporaTempFolder) throws -> URL {
        let root = folder.url.appending(path: "glue_data")
        try folder.write("glue_data/SST-2/dev.tsv", "sentence\tlabel\ngood .\t1\n")
        try folder.write("glue_data/SST-2/train.tsv", "sentence\tlabel\nbad .\t0\n")
        try folder.write("glue_data/MNLI/dev_matched.tsv", CorporaGlueLayoutTests.mnliDevFile())
        try folder.write("glue_data/MNLI/dev_mismatched.tsv", CorporaGlueLayoutTests.mnliDevFile())
        try folder.write("glue_data/MNLI/train.tsv", CorporaGlueLayoutTests.mnliDevFile())
        try folder.write("glue_data/RTE/train.tsv", "index\tsentence1\tsentence2\tlabel\n0\tA.\tB.\tentailment\n")
        try folder.write("glue_data/QNLI/dev.jsonl", #"{"question": "Q?", "sentence": "S.", "label": 0}"# + "\n")
        return root
    }

    static func samePath(_ a: URL, _ b: URL) -> Bool {
        a.standardizedFileURL.path == b.standardizedFileURL.path
    }

    @Test(
        "a glue_data folder resolves each task's file",
        arguments: [
            (GlueTask.sst2, DataSplit.dev, "SST-2/dev.tsv"),
            (.sst2, .train, "SST-2/train.tsv"),
            (.mnli, .dev, "MNLI/dev_matched.tsv"),
            (.mnliMismatched, .dev, "MNLI/dev_mismatched.tsv"),
            (.mnli, .train, "MNLI/train.tsv"),
            (.mnliMismatched, .train, "MNLI/train.tsv"),
            (.rte, .train, "RTE/train.tsv"),
            (.qnli, .dev, "QNLI/dev.jsonl"),
        ])
    func glueDataFolder(task: GlueTask, split: DataSplit, expected: String) throws {
        let folder = try CorporaTempFolder()
        let root = try Self.makeGlueData(folder)
        let locator = DataLocator(resources: Self.resources, environment: [:])
        let resolved = try locator.resolve(task: task, data: root.path, split: split)
        #expect(Self.samePath(resolved.file, root.appending(path: expected)), "got \(resolved.file.path)")
        #expect(!resolved.isDemo)
        // and the resolved file loads for the task
        #expect(try !DataLoader.load(resolved.file, task: task).examples.isEmpty)
    }

    @Test("a task's own folder, or a file, can be given directly")
    func taskFolderOrFile() throws {
        let folder = try CorporaTempFolder()
        let root = try Self.makeGlueData(folder)
        let locator = DataLocator(resources: nil, environment: [:])
        let viaTaskFolder = try locator.resolve(task: .sst2, data: root.appending(path: "SST-2").path)
        #expect(Self.samePath(viaTaskFolder.file, root.appending(path: "SST-2/dev.tsv")))
        let file = root.appending(path: "RTE/train.tsv")
        let viaFile = try locator.resolve(task: .sst2, data: file.path, split: .dev)
        #expect(Self.samePath(viaFile.file, file), "a file is taken as is, whatever the task and split")
        #expect(!viaFile.isDemo)
    }

    @Test("ADVGLUE_DATA is used when no data is given; --data wins over it")
    func environmentVariable() throws {
        let folder = try CorporaTempFolder()
        let root = try Self.makeGlueData(folder)
        let locator = DataLocator(resources: Self.resources, environment: ["ADVGLUE_DATA": root.path])
        let fromEnvironment = try locator.resolve(task: .mnliMismatched, data: nil)
        #expect(Self.samePath(fromEnvironment.file, root.appending(path: "MNLI/dev_mismatched.tsv")))
        #expect(!fromEnvironment.isDemo)

        let other = try folder.write("other/SST-2/dev.tsv", "sentence\tlabel\nfine .\t1\n")
        let explicit = try locator.resolve(task: .sst2, data: folder.url.appending(path: "other").path)
        #expect(Self.samePath(explicit.file, other))
    }

    @Test("ADVGLUE_DATA pointing nowhere is .notFound with a hint about the variable")
    func environmentVariableMissing() throws {
        let folder = try CorporaTempFolder()
        let missing = folder.url.appending(path: "does-not-exist")
        let locator = DataLocator(resources: Self.resources, environment: ["ADVGLUE_DATA": missing.path])
        do {
            _ = try locator.resolve(task: .sst2, data: nil)
            Issue.record("expected .notFound")
        } catch {
            #expect(error.code == .notFound)
            #expect(error.location?.file == missing.path)
            #expect(error.hint?.contains("ADVGLUE_DATA") == true)
        }
    }

    @Test("with neither --data nor ADVGLUE_DATA the demo corpus is used", arguments: GlueTask.allCases)
    func demoFallback(_ task: GlueTask) throws {
        for environment in [[:], ["ADVGLUE_DATA": ""]] {
            let resolved = try DataLocator(resources: Self.resources, environment: environment).resolve(
                task: task, data: nil)
            #expect(resolved.isDemo)
            let expected = CorporaTestSupport.demoFolder.appending(path: task.glueDirectory).appending(
                path: task.devFileName)
            #expect(Self.samePath(resolved.file, expected), "got \(resolved.file.path)")
        }
    }

    @Test("with no data and no resources the error says what to pass")
    func nothingGiven() {
        do {
            _ = try DataLocator(resources: nil, environment: [:]).resolve(task: .sst2, data: nil)
            Issue.record("expected .notFound")
        } catch {
            #expect(error.code == .notFound)
            #expect(error.hint?.contains("--data") == true)
            #expect(error.hint?.contains("ADVGLUE_DATA") == true)
        }
    }

    @Test("a missing --data path gives .notFound naming it")
    func missingPath() throws {
        let folder = try CorporaTempFolder()
        let missing = folder.url.appending(path: "no/such/glue_data")
        do {
            _ = try DataLocator(resources: Self.resources, environment: [:]).resolve(task: .rte, data: missing.path)
            Issue.record("expected .notFound")
        } catch {
            #expect(error.code == .notFound)
            #expect(error.location?.file == missing.path)
            #expect(error.hint?.contains("--data") == true)
        }
    }

    @Test("a folder without the task's file gives .notFound listing the places looked at")
    func folderWithoutFile() throws {
        let folder = try CorporaTempFolder()
        let root = try Self.makeGlueData(folder)
        do {
            _ = try DataLocator(resources: nil, environment: [:]).resolve(task: .qqp, data: root.path)
            Issue.record("expected .notFound")
        } catch {
            #expect(error.code == .notFound)
            #expect(error.message.contains("qqp"))
            #expect(error.message.contains(root.appending(path: "QQP/dev.tsv").path))
        }
        do {
            _ = try DataLocator(resources: nil, environment: [:]).resolve(task: .qnli, data: root.path, split: .train)
            Issue.record("expected .notFound")
        } catch {
            #expect(error.code == .notFound)
            #expect(error.message.contains("train"))
        }
    }
}
