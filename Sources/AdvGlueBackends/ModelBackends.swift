import AdvGlueModels
import AdvGlueSupport

/// Every `--model` backend, in the order a value is tried and the forms are listed.
/// A new backend is a folder beside these and one line here (docs/extending.md).
///
/// ```swift
/// let backend = try ModelBackends.parse("cmd:'python3 serve.py'")  // a SubprocessBackend
/// backend.isExternal                                               // true
/// ```
public enum ModelBackends {
    /// The `--model` every command uses unless told otherwise: the fine-tuned transformer,
    /// which beats the lexical model on all five tasks (docs/guide.md, "Built-in models").
    public static let defaultSpec = "builtin:finetuned"

    public static let all: [any ModelBackend.Type] = [
        LexicalBackend.self,
        MiniLMBackend.self,
        FineTunedBackend.self,
        HuggingFaceBackend.self,
        SubprocessBackend.self,
        KServeBackend.self,
        OpenAIBackend.self,
    ]

    /// The backend a `--model` value names; an error naming the forms when none does.
    public static func parse(_ text: String) throws(AdvGlueError) -> any ModelBackend {
        for backend in all {
            if let parsed = try backend.parse(text) { return parsed }
        }
        throw AdvGlueError(
            .usage, "unknown model '\(text)'; expected \(list(all.flatMap { $0.forms }.map(\.syntax)))",
            at: .flag("--model"))
    }

    /// The forms as `--model`'s help lists them.
    public static var help: String { list(all.flatMap { $0.forms }.map(\.help)) }

    /// `a, b or c`.
    static func list(_ items: [String]) -> String {
        items.count < 2 ? items.joined() : items.dropLast().joined(separator: ", ") + " or " + items.last!
    }
}
