import AdvGlueCorpora
import AdvGlueSupport

/// Matching a gate config against the runs a command is about to make, before any model
/// call, so that a typo in the config costs nothing.
extension GateConfig {
    /// A run a command plans: its task and recipe (`advglue` for `advglue eval`).
    public struct PlannedRun: Sendable, Hashable {
        public var task: GlueTask
        public var recipe: String

        public init(task: GlueTask, recipe: String) {
            self.task = task
            self.recipe = recipe
        }
    }

    /// Throws when no gate matches any planned run, or when a `required` gate matches
    /// none (either would only be found after the whole attack); returns notes for
    /// gates that name a recipe neither planned nor in `knownRecipes` (likely a typo).
    ///
    /// ```swift
    /// try config.check(planned: [.init(task: .sst2, recipe: "typo")], knownRecipes: ["typo", "pwws"])
    /// ```
    /// Complexity: O(gates × runs).
    public func check(planned: [PlannedRun], knownRecipes: Set<String>) throws(AdvGlueError) -> [String] {
        func matches(_ gate: Gate, _ run: PlannedRun) -> Bool {
            (gate.task == nil || gate.task == run.task) && (gate.recipe == nil || gate.recipe == run.recipe)
        }
        let runs = planned.map { "\($0.task.rawValue)/\($0.recipe)" }.joined(separator: ", ")
        func describe(_ gate: Gate) -> String {
            "\(gate.name) (\(gate.task?.rawValue ?? "*")/\(gate.recipe ?? "*"))"
        }
        if !gates.contains(where: { gate in planned.contains { matches(gate, $0) } }) {
            throw AdvGlueError(
                .badConfig,
                "no gate matches the planned runs (\(runs)); its gates: \(gates.map(describe).joined(separator: ", "))",
                hint: "check each gate's `task` and `recipe`, or the run's --task and --attack", at: .file(file))
        }
        if let lost = gates.first(where: { gate in gate.required && !planned.contains { matches(gate, $0) } }) {
            throw AdvGlueError(
                .badConfig,
                "required gate \(describe(lost)) matches none of the planned runs (\(runs)), so it would fail after the whole run",
                hint: "add its recipe to --attack, or drop `required: true`", at: .file(file))
        }
        let planned = Set(planned.map(\.recipe))
        return gates.compactMap { gate in
            guard let recipe = gate.recipe, !planned.contains(recipe), !knownRecipes.contains(recipe) else {
                return nil
            }
            return
                "note: gate \(gate.name) in \(file) names recipe '\(recipe)', which is not a built-in recipe nor one this run makes; it will be listed as not applicable"
        }
    }
}
