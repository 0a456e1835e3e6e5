import AdvGlueAttacks
import AdvGlueCorpora
import AdvGlueExternal
import AdvGlueModels
import AdvGlueProbe
import AdvGlueReports
import ArgumentParser
import Foundation

struct Probe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Check whether apparent robustness is an illusion of miscalibration (Raina et al., ACL 2024).",
        discussion: """
            Attacks the first --num-examples examples at T = 1, at the temperature that minimises
            held-out NLL (cal), at the one that minimises accuracy under attack on a validation
            subset (opt), at any --temperatures, and with a margin score; calibration is measured
            on the examples after them (or --calibration-data). Writes probe.md, probe.json,
            run.json and two SVG charts.

            Example:
              advglue probe --task sst2 --data ../shared/corpora/glue_data --attack pwws --model-temperature 0.001
            """
    )

    @OptionGroup var taskOptions: TaskOptions
    @OptionGroup var data: DataOptions
    @OptionGroup var model: ModelOptions
    @OptionGroup(title: "Model server and subprocess options") var connection: ModelConnectionOptions

    @Option(name: .long, help: ArgumentHelp("The attack recipe (untargeted).", valueName: "recipe"))
    var attack = "typo"

    @Option(name: .long, help: ArgumentHelp("Held-out labelled data for calibration (default: the examples after the attacked ones).", valueName: "path"))
    var calibrationData: String?

    @Option(name: .long, help: ArgumentHelp("Extra attacker temperatures, comma-separated, e.g. 0.01,0.1,1,10,100.", valueName: "list"))
    var temperatures: String?

    @Option(name: .long, help: ArgumentHelp("Points by which accuracy under attack at T = 1 must exceed the lowest probed value to flag an illusion.", valueName: "points"))
    var threshold = 5.0

    @Option(name: .long, help: ArgumentHelp("Held-out examples used to fit opt.", valueName: "n"))
    var validationExamples = 50

    @Flag(name: .long, help: "Skip fitting opt (saves up to 10 attack runs on the validation subset).")
    var noOpt = false

    @OptionGroup var run: RunOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let temperatures, parsedTemperatures(temperatures) == nil {
            throw ValidationError("--temperatures '\(temperatures)': expected positive numbers separated by commas")
        }
        if !(threshold >= 0) { throw ValidationError("--threshold must not be negative (got \(threshold))") }
        if validationExamples < 1 { throw ValidationError("--validation-examples must be at least 1 (got \(validationExamples))") }
    }

    func parsedTemperatures(_ text: String) -> [Double]? {
        let values = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ $0 != nil && $0! > 0 && $0!.isFinite }) else { return nil }
        return values.map { $0! }
    }

    func run() async throws {
        let started = Date()
        let task = taskOptions.task
        let resources = Environment.resources
        var recipe = try RecipeLoader.load(named: attack, resources: resources)
        recipe.attack.maxBatchSize = run.batchSize
        let (dataset, resolved) = try Environment.dataset(task: task, options: data, resources: resources)
        let attacked = Array(dataset.examples.prefix(data.numExamples ?? 200))
        let classifier = try await Environment.classifier(task: task, options: model, connection: connection, resources: resources,
                                                          seed: run.seed, jobs: run.effectiveJobs)
        var settings = CalibrationProbe.Settings()
        settings.grid = temperatures.flatMap(parsedTemperatures) ?? []
        settings.optimise = !noOpt
        settings.validationExamples = validationExamples
        settings.thresholdPoints = threshold
        settings.seed = run.seed
        settings.jobs = run.effectiveJobs
        let dataInfo = Environment.dataInfo(dataset, resolved: resolved)
        let file: ProbeFile
        do {
            file = try await ProbeRunner(settings: settings, calibrationData: calibrationData, quiet: run.quiet)
                .run(recipe: recipe, classifier: classifier, attacked: attacked, dataset: dataset, dataInfo: dataInfo, data: data, resources: resources)
        } catch {
            await ExternalModels.shutdown(classifier)
            throw error
        }
        await ExternalModels.shutdown(classifier)
        let result = file.result
        let folder = URL(filePath: output.out ?? "Reports/\(task.rawValue)-probe-\(recipe.name)", directoryHint: .isDirectory)
        let context = Environment.reportContext(started: started, resources: resources, resultsFileName: ProbeFile.fileName)
        try ProbeBundle(probe: file, context: context).files(OutputFormat.all).write(to: folder)
        GitHubStepSummary.append(ProbeReport.markdown(file, context: context).components(separatedBy: "\n## Reproducibility")[0]
            .replacingOccurrences(of: "# advglue calibration probe", with: "### advglue calibration probe"))
        print("verdict: \(result.verdict)")
        for row in result.rows {
            print("  \(row.name.padding(toLength: 6, withPad: " ", startingAt: 0)) T=\(String(format: "%-10.4g", row.temperature)) \(row.scoring.padding(toLength: 11, withPad: " ", startingAt: 0)) accuracy under attack \(Format.percent(row.summary.accuracyUnderAttack)), success \(Format.percent(row.summary.attackSuccessRate))")
        }
        print("calibration: ECE \(Format.percent(result.before.expectedCalibrationError)) -> \(Format.percent(result.after.expectedCalibrationError)) at T=\(String(format: "%.4g", result.calTemperature)); saturated \(Format.percent(result.before.saturatedShare))")
        print("report:  \(folder.appending(path: ProbeReport.markdownFileName).path)")
    }
}
