import AdvGlueSupport
import Foundation

/// The English word forms of a spelling list (Debian's `wamerican`:
/// `/usr/share/dict/american-english`, 104,000 words with their inflected forms), for the
/// question "is this a real word?": a typo must not make one, and a generated synonym
/// form must be one.
///
/// ```swift
/// let words = try EnglishWords.locate()
/// words.contains("children")  // true
/// words.contains("childs")    // false
/// words.isName("forster")     // true: the list spells it only with a capital
/// ```
/// Complexity: O(n) to load n entries, then O(1) per look-up.
public final class EnglishWords: Sendable {
    /// What to do when the list is missing.
    public static let installHint =
        "install a word list with `apt-get install wamerican` (or run scripts/setup.sh), or point ADVGLUE_WORDS at one word per line"

    public let file: URL
    /// Entries spelt in lower case.
    private let common: Set<String>
    /// Every entry, lower-cased (names included).
    private let all: Set<String>

    public init(file: URL) throws(AdvGlueError) {
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw AdvGlueError(.notFound, "cannot read the word list", hint: Self.installHint, at: .file(file.path))
        }
        // Read as bytes: the list is loaded at every start, and Foundation's line and
        // whitespace handling would cost more than the look-ups it serves.
        var common: Set<String> = []
        var all: Set<String> = []
        common.reserveCapacity(100_000)
        all.reserveCapacity(120_000)
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var start = 0
            for end in 0...bytes.count where end == bytes.count || bytes[end] == 0x0A || bytes[end] == 0x0D {
                defer { start = end + 1 }
                var line = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
                while let last = line.last, last == 0x20 || last == 0x09 {
                    line = UnsafeRawBufferPointer(rebasing: line.dropLast())
                }
                guard let first = line.first, first != UInt8(ascii: "#") else { continue }
                let entry = String(decoding: line, as: UTF8.self)
                if line.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) || line.contains(where: { $0 >= 0x80 }) {
                    let lower = entry.lowercased()
                    all.insert(lower)
                    if lower == entry { common.insert(lower) }
                } else {
                    all.insert(entry)
                    common.insert(entry)
                }
            }
        }
        guard common.count > 1000 else {
            throw AdvGlueError(
                .badData, "only \(common.count) lower-case words: not an English word list", hint: Self.installHint,
                at: .file(file.path))
        }
        self.file = file
        self.common = common
        self.all = all
    }

    /// `ADVGLUE_WORDS`, else Debian's `wamerican` list.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) throws(AdvGlueError)
        -> EnglishWords
    {
        if let path = environment["ADVGLUE_WORDS"], !path.isEmpty { return try EnglishWords(file: URL(filePath: path)) }
        let candidates = ["/usr/share/dict/american-english", "/usr/share/dict/words"]
        guard let path = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            throw AdvGlueError(
                .notFound, "no English word list found", hint: Self.installHint,
                at: .file(candidates.joined(separator: ", ")))
        }
        return try EnglishWords(file: URL(filePath: path))
    }

    /// Whether `word` is in the list in any letter case (a name counts).
    public func contains(_ word: String) -> Bool { all.contains(word.lowercased()) }

    /// Whether `word` is in the list as a common (lower-case) word.
    public func containsCommon(_ word: String) -> Bool { common.contains(word.lowercased()) }

    /// Whether the list spells `word` only with capitals: a name ("forster", "tuesday").
    public func isName(_ word: String) -> Bool {
        let lower = word.lowercased()
        return all.contains(lower) && !common.contains(lower)
    }
}
