/// A problem with input data, naming the file, the line where there is one, and
/// what to do about it.
public struct CorpusError: Error, Sendable, CustomStringConvertible, Equatable {
    public enum Kind: Sendable, Equatable {
        case notFound
        case unreadable
        case malformedRow
        case unknownFormat
        case missingColumn
        case noExamples
        case config
    }

    public var kind: Kind
    public var file: String
    /// 1-based line number, where the problem sits on one line.
    public var line: Int?
    public var problem: String
    public var hint: String?

    public init(_ kind: Kind, file: String, line: Int? = nil, problem: String, hint: String? = nil) {
        self.kind = kind
        self.file = file
        self.line = line
        self.problem = problem
        self.hint = hint
    }

    public var description: String {
        var text = line.map { "\(file):\($0): \(problem)" } ?? "\(file): \(problem)"
        if let hint { text += "\n  hint: \(hint)" }
        return text
    }
}
