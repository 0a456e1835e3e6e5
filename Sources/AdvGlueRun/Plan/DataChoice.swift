import AdvGlueCorpora
import AdvGlueResults
import AdvGlueSupport
import Foundation

/// Which examples a run reads: `--data`, `--lenient` and `--num-examples`.
public struct DataChoice: Sendable {
    /// A data file or a glue_data folder; nil for `$ADVGLUE_DATA`, else the demo corpus.
    public var path: String?
    /// Skip malformed rows instead of stopping.
    public var lenient = false
    /// Use only the first N examples.
    public var numExamples: Int?

    public init(path: String? = nil, lenient: Bool = false, numExamples: Int? = nil) {
        self.path = path
        self.lenient = lenient
        self.numExamples = numExamples
    }

    /// The task's data, from the file `path` resolves to.
    public func load(task: GlueTask, resources: ProjectResources?, split: DataSplit = .dev) throws -> LoadedData {
        let resolved = try DataLocator(resources: resources).resolve(task: task, data: path, split: split)
        let dataset = try DataLoader.load(resolved.file, task: task, lenient: lenient)
        return LoadedData(dataset: dataset, resolved: resolved, numExamples: numExamples)
    }
}

/// A task's data as a run reads it: the whole file, and the examples selected.
public struct LoadedData: Sendable {
    public var dataset: Dataset
    public var resolved: DataLocator.Resolved
    /// `--num-examples` selects first; a shard is a share of this selection.
    public var examples: [Example]

    init(dataset: Dataset, resolved: DataLocator.Resolved, numExamples: Int?) {
        self.dataset = dataset
        self.resolved = resolved
        examples = numExamples.map { Array(dataset.examples.prefix($0)) } ?? dataset.examples
    }

    /// What results record of the data file.
    public var info: DataInfo {
        DataInfo(
            file: resolved.file.path, sha256: RunEnvironment.sha256(ofFile: resolved.file.path), format: dataset.format,
            demo: resolved.isDemo, examplesInFile: dataset.examples.count, skippedRows: dataset.skipped)
    }
}
