import AdvGlueCorpora
import AdvGlueMiniLM
import AdvGlueResults
import AdvGlueSupport
import AdvGlueWordNet
import AdvGlueYAML
import Foundation
import Synchronization

/// One kind of recipe part a recipe may name with `type:`: what it is, the keys it
/// takes, and how it builds itself from its YAML. Each concrete part declares its kind
/// beside its code (`CharacterTypo.recipePart`); ``RecipeParts`` lists them by seam,
/// and recipe errors, `advglue recipes` and `docs/recipes.md` are drawn from that list.
///
/// ```swift
/// extension Homoglyph {
///     static let recipePart = RecipePart<any Transformation>(
///         type: "homoglyph", summary: "Replaces a letter with a look-alike.",
///         options: [RecipeOption("candidates_per_word", "candidates tried per word", default: "8")]
///     ) { map, context throws(AdvGlueError) in
///         Homoglyph(candidatesPerWord: try context.positive(map.optional("candidates_per_word"), default: 8))
///     }
/// }
/// ```
public struct RecipePart<Seam>: Sendable {
    /// The recipe's `type:` value.
    public let type: String
    /// What the part does, in a sentence.
    public let summary: String
    /// The keys the part reads beside `type`.
    public let options: [RecipeOption]
    /// Builds the part from its mapping; reads every key it accepts (the loader rejects
    /// the rest).
    let build: @Sendable (inout YAMLMapping, RecipeContext) throws(AdvGlueError) -> Seam

    public init(
        type: String, summary: String, options: [RecipeOption] = [],
        build: @escaping @Sendable (inout YAMLMapping, RecipeContext) throws(AdvGlueError) -> Seam
    ) {
        self.type = type
        self.summary = summary
        self.options = options
        self.build = build
    }
}

/// One key a recipe part takes.
public struct RecipeOption: Sendable, Hashable {
    public let key: String
    public let meaning: String
    /// The value when the key is left out; nil when the key is required.
    public let defaultValue: String?

    public init(_ key: String, _ meaning: String, default defaultValue: String? = nil) {
        self.key = key
        self.meaning = meaning
        self.defaultValue = defaultValue
    }
}

/// What a part may need while it builds: the recipe's file (for relative paths and
/// errors), the project's files, and the parts of other seams (a composite's parts).
public struct RecipeContext: Sendable {
    public let file: String
    public let resources: ProjectResources?
    /// The data files read so far, for ``Recipe/dataFiles``.
    let files = DataFileLog()

    public init(file: String, resources: ProjectResources?) {
        self.file = file
        self.resources = resources
    }

    /// Builds a nested transformation (a composite's part).
    public func transformation(_ node: YAMLNode) throws(AdvGlueError) -> any Transformation {
        try RecipeParts.build(node, from: RecipeParts.transformations, seam: "transformation", context: self)
    }

    /// A key that must be a whole number of at least 1.
    public func positive(_ node: YAMLNode?, default value: Int) throws(AdvGlueError) -> Int {
        guard let node else { return value }
        let number = try node.int()
        guard number >= 1 else { throw node.error("must be at least 1") }
        return number
    }

    /// A key whose value is one of `T`'s raw values.
    public func choice<T: RawRepresentable & CaseIterable>(_ node: YAMLNode?, default value: T) throws(AdvGlueError)
        -> T where T.RawValue == String
    {
        guard let node else { return value }
        let raw = try node.string()
        guard let result = T(rawValue: raw) else {
            throw node.error("unknown value '\(raw)' (known: \(T.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return result
    }

    /// A list of `T`'s raw values; `what` names them in errors ("operation").
    public func choices<T: RawRepresentable & CaseIterable>(_ node: YAMLNode?, what: String) throws(AdvGlueError) -> [T]
    where T.RawValue == String {
        var values: [T] = []
        for item in try node?.sequence() ?? [] {
            let raw = try item.string()
            guard let value = T(rawValue: raw) else {
                throw item.error(
                    "unknown \(what) '\(raw)' (known: \(T.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            values.append(value)
        }
        return values
    }

    /// A part that needs the MiniLM model checks it is installed when the recipe loads
    /// (a few file look-ups); the model itself loads on first use.
    public func requireMiniLM(_ node: YAMLNode) throws(AdvGlueError) {
        do {
            _ = try ModelLocation.locate()
        } catch {
            throw node.error("needs the MiniLM encoder: \(error)")
        }
    }

    /// WordNet, located once per process (`WNHOME`, then Debian's path).
    public func wordnet(_ node: YAMLNode) throws(AdvGlueError) -> WordNet {
        do {
            return try SharedWordNet.instance()
        } catch {
            throw node.error("needs WordNet 3.0: \(error)")
        }
    }

    /// A data file named in a recipe: a relative path is looked up beside the recipe
    /// first, then in `Corpora/`.
    public func dataFile(_ path: String, node: YAMLNode) throws(AdvGlueError) -> URL {
        let recipeFolder = URL(filePath: file).deletingLastPathComponent()
        var candidates = [path.hasPrefix("/") ? URL(filePath: path) : recipeFolder.appending(path: path)]
        if let resources, !path.hasPrefix("/") { candidates.append(resources.corpora.appending(path: path)) }
        guard let url = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) else {
            throw node.error("cannot find \(path); looked at \(candidates.map(\.path).joined(separator: ", "))")
        }
        files.record(url)
        return url
    }

    /// Reads a word list (see ``WordList``).
    public func wordList(_ path: String, node: YAMLNode) throws(AdvGlueError) -> [String] {
        let url = try dataFile(path, node: node)
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw node.error("cannot read word list \(url.path)")
        }
        return WordList.parse(text)
    }
}

/// The data files a recipe's parts read, each once, in the order first read.
final class DataFileLog: Sendable {
    private let files = Mutex<[DataFileInfo]>([])

    func record(_ url: URL) {
        let path = url.standardizedFileURL.path
        files.withLock { files in
            guard !files.contains(where: { $0.file == path }) else { return }
            let checksum = FileManager.default.contents(atPath: path).map(SHA256.hex) ?? "unreadable"
            files.append(DataFileInfo(file: path, sha256: checksum))
        }
    }

    var recorded: [DataFileInfo] { files.withLock { $0 } }
}

/// One word per line; `#` starts a comment; blank lines are ignored.
public enum WordList {
    public static func parse(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).compactMap { line in
            let entry = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
                .trimmingCharacters(in: .whitespaces)
            return entry.isEmpty ? nil : entry
        }
    }
}

/// One WordNet per process, so several recipes share its loaded files.
enum SharedWordNet {
    private static let cached = Mutex<WordNet?>(nil)

    static func instance() throws(AdvGlueError) -> WordNet {
        if let wordnet = cached.withLock({ $0 }) { return wordnet }
        let wordnet = try WordNet.locate()
        cached.withLock { $0 = wordnet }
        return wordnet
    }
}
