import AdvGlueAttacks
import AdvGlueCorpora
import AdvGlueModels
import AdvGlueProbe
import AdvGlueReports
import Foundation

/// Runs the calibration probe for `advglue probe` and `advglue attack --probe` alike:
/// picks the held-out examples, runs ``CalibrationProbe`` and packs a ``ProbeFile``.
struct ProbeRunner {
    var settings: CalibrationProbe.Settings
    /// `--calibration-data`: held-out examples from another file.
    var calibrationData: String?
    var quiet: Bool

    /// `attacked` are the first examples of `dataset`; the held-out ones are the examples
    /// after them, or those of `--calibration-data` (less any attacked id, when it names
    /// the same file).
    func run(recipe: Recipe, classifier: any Classifier, attacked: [Example], dataset: Dataset, dataInfo: DataInfo,
             data: DataOptions, resources: ProjectResources?) async throws -> ProbeFile {
        guard recipe.attack.goal is UntargetedClassification else {
            throw CommandFailure(message: "--attack \(recipe.name): the probe needs an untargeted recipe", status: .usage)
        }
        var heldOut = Array(dataset.examples.dropFirst(attacked.count))
        var calibrationInfo: DataInfo?
        if let calibrationData {
            let file = try DataLocator(resources: resources).resolve(task: dataset.task, data: calibrationData).file
            let calibration = try DataLoader.load(file, task: dataset.task, lenient: data.lenient)
            heldOut = calibration.examples
            if file.standardizedFileURL.path == URL(filePath: dataInfo.file).standardizedFileURL.path {
                let attackedIDs = Set(attacked.map(\.id))
                heldOut.removeAll { attackedIDs.contains($0.id) }
            }
            calibrationInfo = DataInfo(file: file.path, sha256: Environment.sha256(ofFile: file.path), format: calibration.format,
                                       demo: false, examplesInFile: calibration.examples.count, skippedRows: calibration.skipped)
        }
        let quiet = self.quiet
        let result: ProbeResult
        do {
            result = try await CalibrationProbe(attack: recipe.attack, classifier: classifier, settings: settings)
                .run(attacked: attacked, heldOut: heldOut) { if !quiet { Environment.printError("probe \(recipe.name): \($0)") } }
        } catch let error as ProbeError {
            throw CommandFailure(message: "\(error)", status: .dataError)
        }
        let run = ProbeRunInfo(task: dataset.task, recipe: RecipeInfo(recipe), model: classifier.identity, data: dataInfo,
                               calibrationData: calibrationInfo, seed: settings.seed)
        return ProbeFile(tool: ToolInfo(version: Environment.version), run: run, result: result)
    }
}

/// A saved probe run (`advglue probe`): `probe.md`, `probe.json`, `run.json` and charts.
struct ProbeBundle {
    var probe: ProbeFile
    var context: ReportContext

    func files(_ formats: Set<OutputFormat>) throws -> OutputFiles {
        var out = OutputFiles()
        if formats.contains(.md) { out.add(ProbeReport.markdownFileName, ProbeReport.markdown(probe, context: context)) }
        if formats.contains(.json) {
            out.add(ProbeFile.fileName, try probe.encoded())
            out.add(ReportContext.fileName, try context.encoded())
        }
        if formats.contains(.svg) {
            out.add(ProbeReport.reliabilityChart, ProbeReport.reliabilitySVG(probe.result))
            out.add(ProbeReport.temperatureChart, ProbeReport.temperatureSVG(probe.result))
        }
        return out
    }

    static func load(from folder: URL) throws -> ProbeBundle {
        ProbeBundle(probe: try SavedFiles.read(folder.appending(path: ProbeFile.fileName)) { try ProbeFile.decode($0) },
                    context: try SavedFiles.read(folder.appending(path: ReportContext.fileName)) { try ReportContext.decode($0) })
    }
}
