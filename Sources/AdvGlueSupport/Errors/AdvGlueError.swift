/// advglue's one error type: what went wrong, how to fix it, where (a file, line and
/// key, or a command-line flag), and the error underneath, if any. The ``Code`` says
/// what kind of failure it is; ``ExitStatus/init(_:)`` maps codes to exit statuses in
/// one place.
///
/// ```swift
/// throw AdvGlueError(.badData, "unknown label 'banana' for task sst2",
///                    hint: "fix the row, or pass --lenient", at: .file("dev.tsv", line: 2))
/// // dev.tsv:2: unknown label 'banana' for task sst2
/// //   hint: fix the row, or pass --lenient
/// ```
public struct AdvGlueError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is; each maps to an exit status.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// The command line asks for something impossible (a bad flag value, options that
        /// exclude each other, a run that does not match the journal it resumes).
        case usage
        /// An input file or folder does not exist or cannot be read.
        case notFound
        /// An input is there but malformed: data, a model file, saved results, a journal.
        case badData
        /// A recipe or gate config is malformed.
        case badConfig
        /// The model's server or process stayed unavailable past the run's limit; the run
        /// stops and can be resumed.
        case unavailable
        /// The model failed on an input (an error reply, NaN scores, a wrong shape); an
        /// attack records it against the example.
        case modelFailed
        /// An output cannot be written.
        case io
        /// The output folder is in use by another run; try again when it has finished.
        case busy
        /// The user stopped the run (Ctrl-C, SIGTERM).
        case interrupted
        /// A release gate failed: the model is not robust enough.
        case gateFailed
        /// advglue itself misbehaved (a child process that cannot start, a broken invariant).
        case software
    }

    /// Where the problem is: a place in a file, a command-line flag, or both.
    public struct Location: Sendable, Hashable, CustomStringConvertible {
        /// What the file or value is to the command: the flag that named it, such as
        /// `--resume`, or its role, such as `gate config`.
        public var context: String?
        public var file: String?
        /// 1-based.
        public var line: Int?
        /// A dotted key path inside the file, e.g. `gates[0].max_drop`.
        public var key: String?

        public init(context: String? = nil, file: String? = nil, line: Int? = nil, key: String? = nil) {
            self.context = context
            self.file = file
            self.line = line
            self.key = key
        }

        public static func file(_ file: String, line: Int? = nil, key: String? = nil) -> Location {
            Location(file: file, line: line, key: key)
        }

        public static func flag(_ flag: String) -> Location { Location(context: flag) }

        /// `--resume FILE:LINE: 'key'`, the parts that are known.
        public var description: String {
            var parts: [String] = []
            if let context { parts.append(context) }
            if let file { parts.append(file + (line.map { ":\($0)" } ?? "")) }
            var text = parts.joined(separator: " ")
            if let key { text += text.isEmpty ? "'\(key)'" : ": '\(key)'" }
            return text
        }
    }

    public var code: Code
    /// What went wrong, in words.
    public var message: String
    /// How to fix it, where there is something to say.
    public var hint: String?
    public var location: Location?
    /// The error this one wraps, for logs and debugging; its text is already in `message`.
    public var cause: (any Error & Sendable)?

    public init(
        _ code: Code, _ message: String, hint: String? = nil, at location: Location? = nil,
        cause: (any Error & Sendable)? = nil
    ) {
        self.code = code
        self.message = message
        self.hint = hint
        self.location = location
        self.cause = cause
    }

    /// `PLACE: message`, then the hint on a line of its own.
    public var description: String {
        var text = summary
        if let hint { text += "\n  hint: \(hint)" }
        return text
    }

    /// `PLACE: message`, without the hint.
    public var summary: String {
        guard let location, !location.description.isEmpty else { return message }
        return "\(location): \(message)"
    }

    /// The one-line text of any error, for wrapping it in another message: an
    /// `AdvGlueError`'s ``summary`` (its hint belongs to the outer error), or the description.
    public static func summary(of error: any Error) -> String {
        (error as? AdvGlueError)?.summary ?? "\(error)"
    }

    /// The same error at another place (a file and line learnt by the caller).
    public func located(_ location: Location) -> AdvGlueError {
        var copy = self
        copy.location = location
        return copy
    }

    /// The same error, saying what its file or value is to the command: `--resume`,
    /// `gate config`. Reads `--resume FILE:LINE: problem`.
    public func within(_ context: String) -> AdvGlueError {
        var copy = self
        var location = location ?? Location()
        location.context = location.context.map { "\(context) \($0)" } ?? context
        copy.location = location
        return copy
    }

    /// The same error with another code: the caller knows better what it means here (a
    /// malformed journal given to `--resume` is a usage error).
    public func coded(_ code: Code) -> AdvGlueError {
        var copy = self
        copy.code = code
        return copy
    }
}

extension AdvGlueError: Equatable {
    /// Equal when code, message, hint and location are; the cause is not compared.
    public static func == (a: AdvGlueError, b: AdvGlueError) -> Bool {
        a.code == b.code && a.message == b.message && a.hint == b.hint && a.location == b.location
    }
}

#if canImport(Foundation)
    import Foundation

    extension AdvGlueError: LocalizedError {
        public var errorDescription: String? { description }
    }
#endif
