import Foundation

/// The GLUE tasks advglue knows, with field names and labels in the Hugging Face
/// GLUE order (MNLI 0 entailment, 1 neutral, 2 contradiction; QNLI and RTE
/// 0 entailment; SST-2 1 positive; QQP 1 duplicate).
public enum GlueTask: String, CaseIterable, Sendable, Codable {
    case sst2
    case mnli
    case mnliMismatched = "mnli-mm"
    case qqp
    case qnli
    case rte

    /// The input's field names, in order.
    public var fieldNames: [String] {
        switch self {
        case .sst2: ["sentence"]
        case .mnli, .mnliMismatched: ["premise", "hypothesis"]
        case .qqp: ["question1", "question2"]
        case .qnli: ["question", "sentence"]
        case .rte: ["sentence1", "sentence2"]
        }
    }

    /// Label names indexed by label id.
    public var labelNames: [String] {
        switch self {
        case .sst2: ["negative", "positive"]
        case .mnli, .mnliMismatched: ["entailment", "neutral", "contradiction"]
        case .qqp: ["not_duplicate", "duplicate"]
        case .qnli, .rte: ["entailment", "not_entailment"]
        }
    }

    public var displayName: String {
        switch self {
        case .sst2: "SST-2"
        case .mnli: "MNLI-m"
        case .mnliMismatched: "MNLI-mm"
        case .qqp: "QQP"
        case .qnli: "QNLI"
        case .rte: "RTE"
        }
    }

    /// One-line description for `advglue tasks` and `--help`.
    public var summary: String {
        switch self {
        case .sst2: "sentiment of a movie-review sentence (negative, positive)"
        case .mnli: "natural-language inference, matched genres (entailment, neutral, contradiction)"
        case .mnliMismatched: "natural-language inference, mismatched genres (entailment, neutral, contradiction)"
        case .qqp: "whether two Quora questions are duplicates (not_duplicate, duplicate)"
        case .qnli: "whether a sentence answers a question (entailment, not_entailment)"
        case .rte: "textual entailment (entailment, not_entailment)"
        }
    }

    /// The folder in the classic `glue_data/` layout.
    public var glueDirectory: String {
        switch self {
        case .sst2: "SST-2"
        case .mnli, .mnliMismatched: "MNLI"
        case .qqp: "QQP"
        case .qnli: "QNLI"
        case .rte: "RTE"
        }
    }

    /// The labelled evaluation file in the `glue_data/` layout.
    public var devFileName: String {
        switch self {
        case .mnli: "dev_matched.tsv"
        case .mnliMismatched: "dev_mismatched.tsv"
        default: "dev.tsv"
        }
    }

    /// The task whose trained model serves this one (MNLI-mm uses the MNLI model).
    public var modelTask: GlueTask { self == .mnliMismatched ? .mnli : self }

    /// Maps a label as written in a data file ("entailment", "1", "not_entailment") to its id.
    public func labelID(for raw: String) -> Int? {
        let scalars = raw.unicodeScalars
        let first = scalars.firstIndex { !$0.isWhitespace } ?? scalars.endIndex
        let last = scalars.lastIndex { !$0.isWhitespace }.map { scalars.index(after: $0) } ?? first
        let trimmed = String(scalars[first..<max(first, last)])
        if let index = labelNames.firstIndex(of: trimmed) { return index }
        if let number = Int(trimmed), labelNames.indices.contains(number) { return number }
        return nil
    }
}
