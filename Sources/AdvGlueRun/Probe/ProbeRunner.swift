import AdvGlueAttacks
import AdvGlueCorpora
import AdvGlueModels
import AdvGlueProbe
import AdvGlueReports
import AdvGlueResults
import AdvGlueSupport
import Foundation

/// Runs the calibration probe for `advglue probe` and `advglue attack --probe` alike:
/// picks the held-out examples, runs ``CalibrationProbe`` and packs a ``ProbeFile``.
struct ProbeRunner {
    var settings: CalibrationProbe.Settings
    /// `--calibration-data`: held-out examples from another file.
    var calibrationData: String?
    /// `--lenient`, for reading `calibrationData`.
    var lenient: Bool
    var console: any RunConsole

    /// `attacked` are the first examples of `dataset`; the held-out ones are the examples
    /// after them, or those of `--calibration-data` (less any attacked id, when it names
    /// the same file).
    func run(
        recipe: Recipe, classifier: any Classifier, attacked: [Example], dataset: Dataset, dataInfo: DataInfo,
        resources: ProjectResources?
    ) async throws -> ProbeFile {
        guard recipe.attack.goal is UntargetedClassification else {
            throw AdvGlueError(.usage, "--attack \(recipe.name): the probe needs an untargeted recipe")
        }
        var heldOut = Array(dataset.examples.dropFirst(attacked.count))
        var calibrationInfo: DataInfo?
        if let calibrationData {
            let file = try DataLocator(resources: resources).resolve(task: dataset.task, data: calibrationData).file
            let calibration = try DataLoader.load(file, task: dataset.task, lenient: lenient)
            heldOut = calibration.examples
            if file.standardizedFileURL.path == URL(filePath: dataInfo.file).standardizedFileURL.path {
                let attackedIDs = Set(attacked.map(\.id))
                heldOut.removeAll { attackedIDs.contains($0.id) }
            }
            calibrationInfo = DataInfo(
                file: file.path, sha256: RunEnvironment.sha256(ofFile: file.path), format: calibration.format,
                demo: false, examplesInFile: calibration.examples.count, skippedRows: calibration.skipped)
        }
        let console = self.console
        let result = try await CalibrationProbe(attack: recipe.attack, classifier: classifier, settings: settings)
            .run(attacked: attacked, heldOut: heldOut) { console.note("probe \(recipe.name): \($0)") }
        let run = ProbeRunInfo(
            task: dataset.task, recipe: recipe.info, model: classifier.identity, data: dataInfo,
            calibrationData: calibrationInfo, seed: settings.seed)
        return ProbeFile(tool: RunEnvironment.tool, run: run, result: result)
    }
}
