import Foundation
import Yams

/// A strict view of a YAML mapping: every key must be read exactly once, so an
/// unknown or misspelt key is an error naming its file and line. Recipes, templates and
/// gate configs read their YAML through it.
public struct RecipeNode {
    public let file: String
    public let path: String
    let node: Node

    /// True for a YAML sequence (a list).
    public var isSequence: Bool { if case .sequence = node { true } else { false } }

    /// The root of a YAML file, with errors that name the file.
    public static func root(of data: Data, file: String) throws(RecipeError) -> RecipeNode {
        guard let text = String(data: data, encoding: .utf8) else { throw RecipeError(file: file, problem: "not valid UTF-8") }
        let root: Node?
        do {
            // The basic resolver tags nothing: the readers below parse numbers and booleans
            // themselves, and the default resolver compiles a dozen regular expressions
            // on first use, a noticeable share of start-up.
            root = try Yams.compose(yaml: text, .basic)
        } catch {
            throw RecipeError(file: file, problem: "not valid YAML: \(error)")
        }
        guard let root else { throw RecipeError(file: file, problem: "empty file") }
        return RecipeNode(file: file, path: "", node: root)
    }

    public var line: Int? { node.mark.map { $0.line } }

    public func error(_ problem: String, key: String? = nil) -> RecipeError {
        RecipeError(file: file, line: line, key: key.map { path.isEmpty ? $0 : "\(path).\($0)" } ?? (path.isEmpty ? nil : path), problem: problem)
    }

    public func mapping() throws(RecipeError) -> RecipeMapping {
        guard case .mapping(let mapping) = node else { throw error("expected a mapping of keys to values") }
        var entries: [(String, RecipeNode)] = []
        for (key, value) in mapping {
            guard let name = key.string else { throw error("keys must be strings") }
            entries.append((name, RecipeNode(file: file, path: path.isEmpty ? name : "\(path).\(name)", node: value)))
        }
        return RecipeMapping(owner: self, entries: entries)
    }

    public func sequence() throws(RecipeError) -> [RecipeNode] {
        guard case .sequence(let sequence) = node else { throw error("expected a list") }
        return sequence.enumerated().map { RecipeNode(file: file, path: "\(path)[\($0.offset)]", node: $0.element) }
    }

    public func string() throws(RecipeError) -> String {
        guard case .scalar(let scalar) = node else { throw error("expected text") }
        return scalar.string
    }

    public func int() throws(RecipeError) -> Int {
        guard let value = node.int else { throw error("expected a whole number") }
        return value
    }

    public func bool() throws(RecipeError) -> Bool {
        guard let value = node.bool else { throw error("expected true or false") }
        return value
    }

    public func double() throws(RecipeError) -> Double {
        guard let value = node.float else { throw error("expected a number") }
        return value
    }
}

/// Keys of a mapping, read one by one; ``finish()`` rejects any key nobody read.
public struct RecipeMapping {
    let owner: RecipeNode
    private(set) var entries: [(String, RecipeNode)]
    private var used: Set<String> = []

    init(owner: RecipeNode, entries: [(String, RecipeNode)]) {
        self.owner = owner
        self.entries = entries
    }

    public mutating func optional(_ key: String) -> RecipeNode? {
        used.insert(key)
        return entries.first { $0.0 == key }?.1
    }

    public mutating func required(_ key: String) throws(RecipeError) -> RecipeNode {
        guard let node = optional(key) else { throw owner.error("missing required key", key: key) }
        return node
    }

    public func finish(allowed: [String]) throws(RecipeError) {
        for (key, node) in entries where !used.contains(key) {
            throw RecipeError(file: owner.file, line: node.line, key: node.path,
                              problem: "unknown key (allowed here: \(allowed.joined(separator: ", ")))")
        }
    }

    public mutating func finish() throws(RecipeError) {
        try finish(allowed: used.sorted())
    }
}
