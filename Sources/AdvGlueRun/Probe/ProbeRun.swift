import AdvGlueAttacks
import AdvGlueCorpora
import AdvGlueProbe
import AdvGlueReports
import AdvGlueResults
import AdvGlueSupport
import Foundation

/// What `advglue probe` runs: the attack at several attacker temperatures on the first
/// examples, with calibration measured on the held-out ones.
public struct ProbePlan: Sendable {
    public var task: GlueTask
    public var data = DataChoice()
    public var model = ModelChoice()
    /// The attack recipe (untargeted).
    public var recipe = "typo"
    /// `--query-budget`: overrides the recipe's query budget.
    public var queryBudget: Int?
    public var calibrationData: String?
    /// The probe's settings; `seed` and `jobs` come from the plan's.
    public var settings = CalibrationProbe.Settings()
    public var seed: UInt64 = 42
    public var jobs: Int
    public var batchSize = 256
    public var out: String?

    public init(task: GlueTask, jobs: Int) {
        self.task = task
        self.jobs = jobs
    }
}

/// `advglue probe`: is the model's apparent robustness an illusion of miscalibration
/// (Raina et al., ACL 2024)? Writes `probe.md`, `probe.json`, `run.json` and two charts.
public struct ProbeRun {
    public var plan: ProbePlan
    public var console: any RunConsole

    public init(plan: ProbePlan, console: any RunConsole) {
        self.plan = plan
        self.console = console
    }

    public func run() async throws {
        let started = Date()
        let resources = RunEnvironment.resources
        var recipe = try RecipeLoader.load(named: plan.recipe, resources: resources)
        recipe.attack.maxBatchSize = plan.batchSize
        if let budget = plan.queryBudget { recipe.attack.queryBudget = budget }
        let data = try plan.data.load(task: plan.task, resources: resources)
        let attacked = Array(data.dataset.examples.prefix(plan.data.numExamples ?? 200))
        let classifier = try await plan.model.load(
            task: plan.task, resources: resources, seed: plan.seed, jobs: plan.jobs)
        var settings = plan.settings
        settings.seed = plan.seed
        settings.jobs = plan.jobs
        let file: ProbeFile
        do {
            file = try await ProbeRunner(
                settings: settings, calibrationData: plan.calibrationData, lenient: plan.data.lenient, console: console
            )
            .run(
                recipe: recipe, classifier: classifier, attacked: attacked, dataset: data.dataset, dataInfo: data.info,
                resources: resources)
        } catch {
            await classifier.shutdown()
            throw error
        }
        await classifier.shutdown()
        let result = file.result
        let folder = URL(
            filePath: plan.out ?? "Reports/\(plan.task.rawValue)-probe-\(recipe.name)", directoryHint: .isDirectory)
        let context = RunEnvironment.reportContext(
            started: started, resources: resources, resultsFileName: ProbeFile.fileName)
        try ProbeBundle(probe: file, context: context).files(OutputFormat.all).write(to: folder)
        GitHubStepSummary.append(
            ProbeReport.markdown(file, context: context).components(separatedBy: "\n## Reproducibility")[0]
                .replacingOccurrences(of: "# advglue calibration probe", with: "### advglue calibration probe"),
            console: console)
        console.print("verdict: \(result.verdict)")
        for row in result.rows {
            console.print(
                "  \(row.name.padding(toLength: 6, withPad: " ", startingAt: 0)) T=\(String(format: "%-10.4g", row.temperature)) \(row.scoring.padding(toLength: 11, withPad: " ", startingAt: 0)) accuracy under attack \(Format.percent(row.summary.accuracyUnderAttack)), success \(Format.percent(row.summary.attackSuccessRate))"
            )
        }
        console.print(
            "calibration: ECE \(Format.percent(result.before.expectedCalibrationError)) -> \(Format.percent(result.after.expectedCalibrationError)) at T=\(String(format: "%.4g", result.calTemperature)); saturated \(Format.percent(result.before.saturatedShare))"
        )
        console.print("report:  \(folder.appending(path: ProbeReport.markdownFileName).path)")
    }
}
