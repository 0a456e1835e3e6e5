import AdvGlueMiniLM
import AdvGlueSupport
import AdvGlueText
import Foundation

/// Keeps candidates whose text stays close in meaning to the text before the change, by
/// the cosine of MiniLM sentence embeddings (all-MiniLM-L6-v2, run natively).
///
/// As TextFooler (Jin et al. 2020) and TextAttack's `UniversalSentenceEncoder`
/// constraint: with `window`, only that many words around the newly changed word are
/// compared (the same word range in both texts); without it, the whole field that
/// changed. `angular` turns the cosine into 1 − arccos(cos)/π, the metric TextFooler's
/// threshold is given in. `compareAgainst` picks the reference: the state the candidate
/// was made from (TextFooler) or the unperturbed original.
///
/// All texts of one call are embedded in one batch.
/// Complexity: O(c) encoder inputs for c candidates.
public struct SentenceSimilarity: Constraint {
    public enum Metric: String, Sendable, CaseIterable {
        case cosine, angular
    }

    public enum Comparison: String, Sendable, CaseIterable {
        /// The state the candidate was made from.
        case reference
        /// The unperturbed input.
        case original
    }

    public var threshold: Double
    public var metric: Metric
    public var window: Int?
    public var compareAgainst: Comparison
    /// A text with fewer words than the window passes unchecked (TextAttack's
    /// `skip_text_shorter_than_window`).
    public var skipShorterThanWindow: Bool

    public init(
        threshold: Double, metric: Metric = .cosine, window: Int? = nil, compareAgainst: Comparison = .reference,
        skipShorterThanWindow: Bool = false
    ) {
        self.threshold = threshold
        self.metric = metric
        self.window = window
        self.compareAgainst = compareAgainst
        self.skipShorterThanWindow = skipShorterThanWindow
    }

    public var name: String { "sentence-similarity" }

    public func similarity(fromCosine cosine: Double) -> Double {
        switch metric {
        case .cosine: cosine
        case .angular: 1 - acos(min(1, max(-1, cosine))) / Double.pi
        }
    }

    public func filter(_ candidates: [PerturbedInput], reference: PerturbedInput) async throws -> [PerturbedInput] {
        let base = compareAgainst == .original ? reference.reverted() : reference
        var pairs: [(candidate: Int, before: String, after: String)] = []
        for (i, candidate) in candidates.enumerated() {
            guard let position = TextWindow.newlyModified(candidate, since: reference) else { continue }
            let wordCount = candidate.original.fields[position.field].words.count
            if let window {
                if skipShorterThanWindow && wordCount < window { continue }
                let range = TextWindow.around(position.word, size: window, wordCount: wordCount)
                pairs.append(
                    (
                        i, TextWindow.text(of: base, field: position.field, words: range),
                        TextWindow.text(of: candidate, field: position.field, words: range)
                    ))
            } else {
                pairs.append((i, base.input.fields[position.field].text, candidate.input.fields[position.field].text))
            }
        }
        guard !pairs.isEmpty else { return candidates }
        let model = try MiniLM.shared()
        var texts: [String] = []
        var index: [String: Int] = [:]
        for text in pairs.flatMap({ [$0.before, $0.after] }) where index[text] == nil {
            index[text] = texts.count
            texts.append(text)
        }
        let embeddings = model.embed(texts)
        var rejected = Set<Int>()
        for pair in pairs {
            let cosine = Double(Pooling.dot(embeddings[index[pair.before]!], embeddings[index[pair.after]!]))
            if similarity(fromCosine: cosine) < threshold { rejected.insert(pair.candidate) }
        }
        return candidates.enumerated().filter { !rejected.contains($0.offset) }.map(\.element)
    }
}

extension SentenceSimilarity {
    /// `type: sentence-similarity` in a recipe's `constraints`.
    static let recipePart = RecipePart<any Constraint>(
        type: "sentence-similarity",
        summary:
            "Keeps candidates whose MiniLM sentence embedding stays at least the threshold close to the reference text.",
        options: [
            RecipeOption("threshold", "the least similarity, -1 to 1"),
            RecipeOption("encoder", "the sentence encoder: minilm", default: "minilm"),
            RecipeOption(
                "metric", "\(Metric.allCases.map(\.rawValue).joined(separator: " or ")) (angular: 1 − arccos(cos)/π)",
                default: "cosine"),
            RecipeOption(
                "compare_against",
                "\(Comparison.allCases.map(\.rawValue).joined(separator: " or ")): the state the candidate came from, or the unperturbed input",
                default: "reference"),
            RecipeOption(
                "window", "compare this many words around the change instead of the whole field",
                default: "the whole field"),
            RecipeOption(
                "skip_shorter_than_window", "let texts shorter than the window pass unchecked (TextFooler)",
                default: "false"),
        ]
    ) { map, context throws(AdvGlueError) in
        if let encoderNode = map.optional("encoder") {
            guard try encoderNode.string() == "minilm" else {
                throw encoderNode.error("unknown encoder (known: minilm)")
            }
        }
        let thresholdNode = try map.required("threshold")
        let threshold = try thresholdNode.double()
        guard (-1...1).contains(threshold) else { throw thresholdNode.error("must be between -1 and 1") }
        let metric = try context.choice(map.optional("metric"), default: Metric.cosine)
        let comparison = try context.choice(map.optional("compare_against"), default: Comparison.reference)
        let windowNode = map.optional("window")
        let window = try windowNode?.int()
        if let window, window < 1 { throw windowNode!.error("must be at least 1 word") }
        let skip =
            try map.optional("skip_shorter_than_window").map { node throws(AdvGlueError) in try node.bool() } ?? false
        try context.requireMiniLM(map.owner)
        return SentenceSimilarity(
            threshold: threshold, metric: metric, window: window, compareAgainst: comparison,
            skipShorterThanWindow: skip)
    }
}
