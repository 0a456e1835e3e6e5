/// A named piece of text in a model input, such as `premise` or `question1`.
public struct TextField: Sendable, Hashable, Codable {
    public var name: String
    public var text: String

    public init(name: String, text: String) {
        self.name = name
        self.text = text
    }
}

/// One model input: one or more named fields in a task's order.
///
/// ```swift
/// let input = TextInput([("premise", "A man sleeps."), ("hypothesis", "Nobody sleeps.")])
/// input["hypothesis"] // "Nobody sleeps."
/// ```
public struct TextInput: Sendable, Hashable, Codable {
    public var fields: [TextField]

    public init(fields: [TextField]) {
        self.fields = fields
    }

    public init(_ pairs: [(String, String)]) {
        self.fields = pairs.map { TextField(name: $0.0, text: $0.1) }
    }

    public subscript(name: String) -> String? {
        fields.first { $0.name == name }?.text
    }

    /// The field texts in order, for models that take positional inputs.
    public var texts: [String] { fields.map(\.text) }
}
