import AdvGlueSupport
import Foundation

/// A `--header 'Name: value'` for HTTP models. A value `env:VAR` is read from the
/// environment variable VAR when the model connects, so secrets stay off the command
/// line; reports show the command line with every other value replaced by
/// `<redacted>` (``redacted(_:)``), and logs never show headers.
///
/// ```swift
/// let header = try HeaderOption(parsing: "Authorization: env:MODEL_TOKEN")
/// try header.value(in: ["MODEL_TOKEN": "Bearer abc"]) // "Bearer abc"
/// ```
public struct HeaderOption: Sendable, Equatable {
    public enum Source: Sendable, Equatable {
        case literal(String)
        case environment(String)
    }

    public var name: String
    public var source: Source

    public init(parsing text: String) throws(AdvGlueError) {
        guard let colon = text.firstIndex(of: ":") else {
            throw AdvGlueError(.usage, "--header '\(Self.shown(text))': expected 'Name: value' or 'Name: env:VARIABLE'")
        }
        name = text[..<colon].trimmingCharacters(in: .whitespaces)
        let value = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        let token = CharacterSet(charactersIn: "!#$%&'*+-.^_`|~").union(.alphanumerics)
        guard !name.isEmpty, name.unicodeScalars.allSatisfy({ $0.isASCII && token.contains($0) }) else {
            throw AdvGlueError(.usage, "--header: '\(name)' is not a valid header name")
        }
        if value.hasPrefix("env:") {
            let variable = String(value.dropFirst(4))
            guard !variable.isEmpty else {
                throw AdvGlueError(.usage, "--header '\(name): env:': name the environment variable")
            }
            source = .environment(variable)
        } else {
            source = .literal(value)
        }
    }

    /// The header's value; an `env:` variable that is unset or empty is an error naming it.
    public func value(in environment: [String: String] = ProcessInfo.processInfo.environment) throws(AdvGlueError)
        -> String
    {
        switch source {
        case .literal(let value):
            return value
        case .environment(let variable):
            guard let value = environment[variable], !value.isEmpty else {
                throw AdvGlueError(
                    .usage, "--header '\(name): env:\(variable)': the environment variable \(variable) is not set")
            }
            guard !value.contains("\r"), !value.contains("\n") else {
                throw AdvGlueError(.usage, "--header '\(name): env:\(variable)': the value contains a line break")
            }
            return value
        }
    }

    /// The arguments with the value of every `--header` that is not an `env:`
    /// reference replaced by `<redacted>`.
    public static func redacted(_ arguments: [String]) -> [String] {
        var result: [String] = []
        var redactNext = false
        for argument in arguments {
            if redactNext {
                result.append(shown(argument))
                redactNext = false
            } else if argument == "--header" {
                result.append(argument)
                redactNext = true
            } else if argument.hasPrefix("--header=") {
                result.append("--header=" + shown(String(argument.dropFirst("--header=".count))))
            } else {
                result.append(argument)
            }
        }
        return result
    }

    /// `Name: env:VAR` as it is; any other value hidden.
    private static func shown(_ text: String) -> String {
        guard let colon = text.firstIndex(of: ":") else { return "<redacted>" }
        let value = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        return value.hasPrefix("env:") ? text : "\(text[..<colon]): <redacted>"
    }
}
