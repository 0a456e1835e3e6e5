import Foundation

/// Why a journal cannot be read, continued or written; each names the file (and line)
/// and says what to do.
public struct JournalError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The file is missing or unreadable.
        case unreadable
        /// The file is not a journal, or a line in its middle is damaged.
        case malformed
        /// The journal belongs to a different run configuration.
        case mismatch
        /// Writing or syncing failed.
        case io
    }

    public var kind: Kind
    public var file: String
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
        let place = line.map { "\(file):\($0)" } ?? file
        return "\(place): \(problem)" + (hint.map { "; \($0)" } ?? "")
    }
}
