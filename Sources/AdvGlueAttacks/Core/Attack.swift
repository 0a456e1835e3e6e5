import AdvGlueCorpora
import AdvGlueModels
import AdvGlueResults
import AdvGlueSupport
import AdvGlueText
import Foundation

/// A composed attack: goal function, transformation, pre-transformation constraints,
/// constraints and search method, with a per-example query budget.
///
/// ```swift
/// let attack = try RecipeLoader.load(named: "typo", resources: resources).attack
/// let result = await attack.attack(example, classifier: model, seed: 42)
/// ```
public struct Attack: Sendable {
    public var goal: any GoalFunction
    public var transformation: any Transformation
    public var preConstraints: [any PreTransformationConstraint]
    public var constraints: [any Constraint]
    public var search: any SearchMethod
    /// Distinct model queries allowed per example, the original included; nil for none.
    public var queryBudget: Int?
    /// Which fields may change (a recipe's `fields`, overridden by `--fields`).
    public var fields: FieldSelection = .taskDefault
    /// How texts split into words (a recipe's `segmentation`).
    public var segmentation: WordSegmentation = .icu
    /// The most inputs per model call (`--batch-size`); a search step's candidates go
    /// to the model together, split only at this size.
    public var maxBatchSize = 256
    /// Scores successful adversarial examples for the report; nil to skip.
    public var validity: (any ValidityScorer)?
    /// The most words an example may have (all fields together): a longer one is an
    /// error result naming its length, never a stall (a search's candidates grow with
    /// the words; GLUE's longest inputs have a few hundred).
    public var maxWords = Attack.defaultMaxWords
    public static let defaultMaxWords = 1000
    /// The longest an example may take (`--max-seconds-per-example`); past it the example
    /// is an error. A guard against stalls, far above what any example needs (a second or
    /// two): results never depend on it unless it fires, and the error says when it did.
    public var maxSecondsPerExample: Double? = Attack.defaultMaxSecondsPerExample
    public static let defaultMaxSecondsPerExample = 600.0
    /// The validity filters applied on top of the recipe (`--filters`; see
    /// ``filtered(by:)``); nil for none.
    public var filters: ValidityFilters?

    public init(
        goal: any GoalFunction, transformation: any Transformation, preConstraints: [any PreTransformationConstraint],
        constraints: [any Constraint], search: any SearchMethod, queryBudget: Int?
    ) {
        self.goal = goal
        self.transformation = transformation
        self.preConstraints = preConstraints
        self.constraints = constraints
        self.search = search
        self.queryBudget = queryBudget
    }

    /// Attacks one example. Never throws: a failing model or input becomes an
    /// `.error` result, so one bad example does not end a run.
    ///
    /// The example's random stream comes from `seed` and its id alone, so results do
    /// not depend on `--jobs` or on which examples run before it.
    public func attack(_ example: Example, classifier: any Classifier, seed: UInt64) async -> AttackResult {
        do {
            return try await attackUnlessUnavailable(example, classifier: classifier, seed: seed)
        } catch {
            return AttackResult(
                exampleID: example.id, groundTruth: example.label, outcome: .error, original: example.input,
                perturbed: nil,
                originalPrediction: nil, perturbedPrediction: nil, originalProbabilities: nil,
                perturbedProbabilities: nil,
                modifications: [], wordCount: 0, queries: 0, budgetExhausted: false, errorMessage: "\(error)")
        }
    }

    /// As ``attack(_:classifier:seed:)``, but a model that reports the whole run must
    /// stop (an ``AdvGlueError`` with code `.unavailable`) ends the attack with that error instead of an
    /// `.error` result, so the example stays unfinished and a resumed run retries it.
    public func attackUnlessUnavailable(
        _ example: Example, classifier: any Classifier,
        seed: UInt64
    ) async throws(AdvGlueError) -> AttackResult {
        let model = QueryingModel(
            classifier, budget: queryBudget, maxBatchSize: maxBatchSize, maxSeconds: maxSecondsPerExample)
        var result = AttackResult(
            exampleID: example.id, groundTruth: example.label, outcome: .error, original: example.input, perturbed: nil,
            originalPrediction: nil, perturbedPrediction: nil, originalProbabilities: nil, perturbedProbabilities: nil,
            modifications: [], wordCount: 0, queries: 0, budgetExhausted: false, errorMessage: nil)
        do {
            let segmented = try SegmentedInput(example.input, segmentation: segmentation)
            result.wordCount = segmented.wordCount
            guard segmented.wordCount <= maxWords else {
                throw AdvGlueError(
                    .badData,
                    "too long to attack: \(segmented.wordCount) words, more than the limit of \(maxWords) per example")
            }
            guard let originalLogits = try await model.logits(for: [example.input]).first ?? nil else {
                throw AdvGlueError(
                    .modelFailed, "query budget \(queryBudget ?? 0) leaves no query for the original input")
            }
            result.originalPrediction = argmax(originalLogits)
            result.originalProbabilities = softmax(originalLogits)
            // As TextAttack: an example the model already gets wrong, or whose goal is
            // already met (a targeted attack's target), is skipped, not attacked.
            guard argmax(originalLogits) == example.label,
                !goal.isSuccess(logits: originalLogits, groundTruth: example.label)
            else {
                result.outcome = .skipped
                result.queries = model.queries
                return result
            }
            let fieldNames = fields.names(for: example.input.fields.map(\.name))
            let allowedFields = FieldModification(fields: fieldNames)
            let tally = FilterTally()
            // The filters' word-level checks run before the recipe's own constraints:
            // they are cheaper, and they count what they reject.
            let filterConstraints = (filters?.constraints ?? []).map { CountedConstraint(inner: $0, tally: tally) }
            let context = AttackContext(
                model: model, goal: goal, transformation: transformation,
                preConstraints: [allowedFields] + preConstraints + (filters?.preConstraints ?? []),
                constraints: filterConstraints + constraints, groundTruth: example.label,
                acceptance: filters?.acceptance ?? [], tally: tally)
            var rng = SplitMix64(seed: seed, stream: example.id)
            let start = PerturbedInput(segmented, modifiableFields: Set(fieldNames))
            let outcome = try await search.search(from: start, context: context, using: &rng)
            result.outcome = outcome.succeeded ? .successful : .failed
            result.perturbed = outcome.final.input
            result.perturbedPrediction = argmax(outcome.logits)
            result.perturbedProbabilities = softmax(outcome.logits)
            result.modifications = outcome.final.orderedModifications
            result.budgetExhausted = !outcome.succeeded && model.isExhausted
            if outcome.succeeded, let validity {
                result.validity = try await validity.scores(original: example.input, perturbed: outcome.final.input)
            }
            if let filters, filters.set != .none {
                result.rejected = FilterRejections(candidates: tally.candidates, flips: tally.flips)
                if outcome.succeeded {
                    var scores = result.validity ?? ValidityScores()
                    let changed = outcome.final.orderedModifications.reduce(0) { $0 + $1.changedWordCount }
                    scores.wordShare =
                        outcome.final.modifiableWordCount == 0
                        ? 0 : Double(changed) / Double(outcome.final.modifiableWordCount)
                    for check in filters.acceptance {
                        scores.fieldSimilarity = try await check.measure(outcome.checked ?? outcome.final).value
                    }
                    scores.passed = filters.names
                    result.validity = scores
                }
            }
        } catch let error as AdvGlueError where error.code == .unavailable {
            throw error
        } catch {
            result.outcome = .error
            result.errorMessage = "\(error)"
        }
        result.queries = model.queries
        return result
    }
}

/// Which fields of an input an attack may change.
public enum FieldSelection: Sendable, Equatable, Codable {
    /// Single-text tasks their text; pair tasks (NLI, QQP, QNLI) their second field.
    case taskDefault
    case all
    case named([String])

    public func names(for fieldNames: [String]) -> [String] {
        switch self {
        case .taskDefault: FieldModification.defaultFields(for: fieldNames)
        case .all: fieldNames
        case .named(let names): names
        }
    }

    /// Parses `default`, `all` or a comma-separated list of field names.
    public init(parsing text: String) {
        switch text {
        case "default": self = .taskDefault
        case "all": self = .all
        default: self = .named(text.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) })
        }
    }
}
