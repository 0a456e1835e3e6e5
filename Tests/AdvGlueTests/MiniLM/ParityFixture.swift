import AdvGlueSupport
import Foundation

/// Tests/AdvGlueTests/Reference/minilm-parity.json, written by scripts/minilm-fixtures.sh
/// from the reference Python implementation. GLUE-family inputs appear only as
/// references into ../shared/corpora with digests; team-written inputs in full.
struct ParityFixture: Decodable {
    struct CorpusReference: Decodable, CustomStringConvertible {
        var file: String
        var line: Int?
        var column: Int?
        var json: [JSONKey]?

        var description: String {
            if let line, let column { return "\(file):\(line) column \(column)" }
            return "\(file) \(json?.map(\.description).joined(separator: "/") ?? "")"
        }
    }

    enum JSONKey: Decodable, CustomStringConvertible {
        case key(String)
        case index(Int)

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let index = try? container.decode(Int.self) {
                self = .index(index)
            } else {
                self = .key(try container.decode(String.self))
            }
        }

        var description: String {
            switch self {
            case .key(let key): key
            case .index(let index): "\(index)"
            }
        }
    }

    struct Item: Decodable {
        var id: String
        var kind: String
        var maxLength: Int
        var via: String
        // Single inputs.
        var text: String?
        var source: [CorpusReference]?
        var textSHA256: String?
        // Pairs.
        var a: String?, b: String?
        var aSource: [CorpusReference]?, bSource: [CorpusReference]?
        var aSHA256: String?, bSHA256: String?
        var typeIds: [Int32]?
        var typeIdsSHA256: String?
        // Reference outputs.
        var ids: [Int32]?
        var idsSHA256: String?
        var idsCount: Int?
        var embedding: String

        enum CodingKeys: String, CodingKey {
            case id, kind
            case maxLength = "max_length"
            case via, text, source
            case textSHA256 = "text_sha256"
            case a, b
            case aSource = "a_source"
            case bSource = "b_source"
            case aSHA256 = "a_sha256"
            case bSHA256 = "b_sha256"
            case typeIds = "type_ids"
            case typeIdsSHA256 = "type_ids_sha256"
            case ids
            case idsSHA256 = "ids_sha256"
            case idsCount = "ids_count"
            case embedding
        }

        var isCorpusDerived: Bool { source != nil || aSource != nil }
    }

    struct BERTScoreCase: Decodable {
        var reference: String
        var candidate: String
        var precision: Double
        var recall: Double
        var f1: Double
    }

    struct TokenStatesCase: Decodable {
        var text: String
        var count: Int
        var values: String
    }

    var items: [Item]
    var bertscore: [BERTScoreCase]
    var tokenStates: [TokenStatesCase]

    enum CodingKeys: String, CodingKey {
        case items, bertscore
        case tokenStates = "token_states"
    }

    static let url = Fixtures.packageRoot.appending(path: "Tests/AdvGlueTests/Reference/minilm-parity.json")

    static func load() throws -> ParityFixture {
        try JSONDecoder().decode(ParityFixture.self, from: Data(contentsOf: url))
    }

    /// The digest the fixture keeps of a token-id sequence.
    static func digest(_ ids: [Int32]) -> String {
        SHA256.hex(Array(ids.map(String.init).joined(separator: ",").utf8))
    }
}

/// Reads the cells that corpus-derived fixture items point to, as the fixture script did:
/// lines split at \n only (a trailing \r dropped), cells at tabs; JSON by key path.
final class CorpusCells {
    let root: URL
    private var lines: [String: [String]] = [:]
    private var documents: [String: Any] = [:]

    init(root: URL) {
        self.root = root
    }

    func text(_ references: [ParityFixture.CorpusReference]) throws -> String {
        try references.map(cell).joined(separator: " ")
    }

    func cell(_ reference: ParityFixture.CorpusReference) throws -> String {
        if let line = reference.line, let column = reference.column {
            if lines[reference.file] == nil {
                let data = try Data(contentsOf: root.appending(path: reference.file))
                // Bytes, not Characters: Swift reads "\r\n" as one Character.
                lines[reference.file] = data.split(separator: 0x0A, omittingEmptySubsequences: false).map {
                    String(decoding: $0, as: UTF8.self)
                }
            }
            guard let all = lines[reference.file], all.indices.contains(line - 1) else {
                throw CellError(reference: reference)
            }
            var row = Substring(all[line - 1])
            if row.hasSuffix("\r") { row = row.dropLast() }
            let cells = row.split(separator: "\t", omittingEmptySubsequences: false)
            guard cells.indices.contains(column) else { throw CellError(reference: reference) }
            return String(cells[column])
        }
        if documents[reference.file] == nil {
            documents[reference.file] = try JSONSerialization.jsonObject(
                with: Data(contentsOf: root.appending(path: reference.file)))
        }
        var node: Any? = documents[reference.file]
        for key in reference.json ?? [] {
            switch key {
            case .key(let name): node = (node as? [String: Any])?[name]
            case .index(let index): node = (node as? [Any]).flatMap { $0.indices.contains(index) ? $0[index] : nil }
            }
        }
        guard let text = node as? String else { throw CellError(reference: reference) }
        return text
    }

    struct CellError: Error, CustomStringConvertible {
        var reference: ParityFixture.CorpusReference
        var description: String { "no such cell in the shared corpora: \(reference)" }
    }
}
