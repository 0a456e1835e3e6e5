import AdvGlueAttacks
import AdvGlueMiniLM
import ArgumentParser

/// `--validity`: how successful adversarial examples are scored for the report.
enum ValidityOption: String, ExpressibleByArgument, CaseIterable {
    case minilm, none

    /// The scorer; for `minilm`, checks the model is installed before any example runs.
    func scorer() throws -> (any ValidityScorer)? {
        switch self {
        case .none: return nil
        case .minilm:
            _ = try ModelLocation.locate()
            return MiniLMValidity()
        }
    }
}
