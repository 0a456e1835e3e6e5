import AdvGlueSupport
import Foundation
import Yams

/// A strict view of a YAML file: every key of a mapping must be read, so an unknown or
/// misspelt key is an error naming its file, line and key. Recipes, templates and gate
/// configs read their YAML through it; every error is ``AdvGlueError/Code/badConfig``.
///
/// ```swift
/// var top = try YAMLNode.root(of: data, file: "robustness.yaml").mapping()
/// let version = try top.required("version").int()
/// try top.finish()  // an unknown key is an error here
/// ```
public struct YAMLNode {
    public let file: String
    public let path: String
    let node: Node

    /// True for a YAML sequence (a list).
    public var isSequence: Bool { if case .sequence = node { true } else { false } }

    /// The value on one line, for documentation: a scalar as written, a list as `[a, b]`,
    /// a mapping as `{key: value, ...}` in the file's order.
    public var inlineText: String {
        switch node {
        case .scalar(let scalar): scalar.string
        case .sequence(let sequence):
            "[" + sequence.map { YAMLNode(file: file, path: path, node: $0).inlineText }.joined(separator: ", ") + "]"
        case .mapping(let mapping):
            "{"
                + mapping.map {
                    "\($0.key.string ?? "?"): \(YAMLNode(file: file, path: path, node: $0.value).inlineText)"
                }.joined(separator: ", ") + "}"
        }
    }

    /// The root of a YAML file, with errors that name the file.
    public static func root(of data: Data, file: String) throws(AdvGlueError) -> YAMLNode {
        guard let text = String(data: data, encoding: .utf8) else {
            throw AdvGlueError(.badConfig, "not valid UTF-8", at: .file(file))
        }
        let depth = NestingDepth.of(text)
        guard depth <= NestingDepth.limit else {
            throw AdvGlueError(
                .badConfig, "nested about \(depth) levels deep; advglue reads at most \(NestingDepth.limit)",
                hint: "recipes and gate configs nest a few levels; is this the right file?", at: .file(file))
        }
        let root: Node?
        do {
            // The basic resolver tags nothing: the readers below parse numbers and booleans
            // themselves, and the default resolver compiles a dozen regular expressions
            // on first use, a noticeable share of start-up.
            root = try Yams.compose(yaml: text, .basic)
        } catch {
            throw AdvGlueError(.badConfig, "not valid YAML: \(error)", at: .file(file))
        }
        guard let root else { throw AdvGlueError(.badConfig, "empty file", at: .file(file)) }
        return YAMLNode(file: file, path: "", node: root)
    }

    public var line: Int? { node.mark.map { $0.line } }

    /// A config error at this node (or at `key` below it).
    public func error(_ problem: String, key: String? = nil) -> AdvGlueError {
        AdvGlueError(
            .badConfig, problem,
            at: .file(
                file, line: line, key: key.map { path.isEmpty ? $0 : "\(path).\($0)" } ?? (path.isEmpty ? nil : path)))
    }

    public func mapping() throws(AdvGlueError) -> YAMLMapping {
        guard case .mapping(let mapping) = node else { throw error("expected a mapping of keys to values") }
        var entries: [(String, YAMLNode)] = []
        for (key, value) in mapping {
            guard let name = key.string else { throw error("keys must be strings") }
            entries.append((name, YAMLNode(file: file, path: path.isEmpty ? name : "\(path).\(name)", node: value)))
        }
        return YAMLMapping(owner: self, entries: entries)
    }

    public func sequence() throws(AdvGlueError) -> [YAMLNode] {
        guard case .sequence(let sequence) = node else { throw error("expected a list") }
        return sequence.enumerated().map { YAMLNode(file: file, path: "\(path)[\($0.offset)]", node: $0.element) }
    }

    public func string() throws(AdvGlueError) -> String {
        guard case .scalar(let scalar) = node else { throw error("expected text") }
        return scalar.string
    }

    public func int() throws(AdvGlueError) -> Int {
        guard let value = node.int else { throw error("expected a whole number") }
        return value
    }

    public func bool() throws(AdvGlueError) -> Bool {
        guard let value = node.bool else { throw error("expected true or false") }
        return value
    }

    public func double() throws(AdvGlueError) -> Double {
        guard let value = node.float else { throw error("expected a number") }
        return value
    }
}

/// Keys of a mapping, read one by one; ``finish()`` rejects any key nobody read.
public struct YAMLMapping {
    public let owner: YAMLNode
    public private(set) var entries: [(String, YAMLNode)]
    private var used: Set<String> = []

    init(owner: YAMLNode, entries: [(String, YAMLNode)]) {
        self.owner = owner
        self.entries = entries
    }

    public mutating func optional(_ key: String) -> YAMLNode? {
        used.insert(key)
        return entries.first { $0.0 == key }?.1
    }

    public mutating func required(_ key: String) throws(AdvGlueError) -> YAMLNode {
        guard let node = optional(key) else { throw owner.error("missing required key", key: key) }
        return node
    }

    public func finish(allowed: [String]) throws(AdvGlueError) {
        for (key, node) in entries where !used.contains(key) {
            throw AdvGlueError(
                .badConfig, "unknown key (allowed here: \(allowed.joined(separator: ", ")))",
                at: .file(owner.file, line: node.line, key: node.path))
        }
    }

    public mutating func finish() throws(AdvGlueError) {
        try finish(allowed: used.sorted())
    }
}
