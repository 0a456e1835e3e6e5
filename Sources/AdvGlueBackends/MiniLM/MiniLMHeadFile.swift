import AdvGlueCorpora
import AdvGlueModels
import AdvGlueSupport
import Foundation

/// A MiniLM head's file: small, versioned, little-endian binary, like the lexical model's.
///
/// Layout: magic `ADVGMLH\0` (8 bytes), format version (UInt32), header length (UInt32),
/// header (JSON: task, labels, embedding size, feature count, metadata), then Float32
/// arrays: mean (features), scale (features), weights (classes × features, row-major),
/// bias (classes).
public enum MiniLMHeadFile {
    public static let magic: [UInt8] = Array("ADVGMLH".utf8) + [0]
    public static let formatVersion: UInt32 = 1

    struct Header: Codable {
        var task: GlueTask
        var labels: [String]
        var embeddingSize: Int
        var features: Int
        var metadata: MiniLMHeadMetadata
    }

    public static func encode(_ head: MiniLMHead) throws -> Data {
        var data = try VersionedModelFile.frame(
            magic: magic, version: formatVersion,
            header: Header(
                task: head.task, labels: head.labels, embeddingSize: head.embeddingSize,
                features: head.featureCount, metadata: head.metadata))
        for value in head.mean + head.scale + head.weights + head.bias {
            VersionedModelFile.append(value.bitPattern, to: &data)
        }
        return data
    }

    public static func write(_ head: MiniLMHead, to url: URL) throws {
        try encode(head).write(to: url, options: .atomic)
    }

    public static func read(from url: URL) throws(AdvGlueError) -> (head: MiniLMHead, checksum: String) {
        guard let data = try? Data(contentsOf: url) else {
            throw AdvGlueError(
                .notFound, "cannot read the MiniLM head file",
                hint: "train one with `advglue train --model minilm --task T --data PATH --output FILE`",
                at: .file(url.path))
        }
        return (try decode(data, file: url.path), SHA256.hex(data))
    }

    public static func decode(_ data: Data, file: String) throws(AdvGlueError) -> MiniLMHead {
        var reader = ByteReader(bytes: [UInt8](data))
        func fail(_ problem: String) -> AdvGlueError {
            AdvGlueError(
                .badData, "not a valid advglue MiniLM head: \(problem)",
                hint:
                    "re-train it with `advglue train --model minilm`, or restore it with `git checkout Corpora/models`",
                at: .file(file))
        }
        let header = try VersionedModelFile.header(
            Header.self, from: &reader, magic: magic, version: formatVersion, fail: fail)
        guard header.labels == header.task.labelNames else {
            throw fail("labels \(header.labels) do not match task \(header.task.rawValue)")
        }
        guard header.embeddingSize > 0,
            header.features == MiniLMHead.featureCount(task: header.task, embeddingSize: header.embeddingSize)
        else {
            throw fail(
                "\(header.features) features for embedding size \(header.embeddingSize) and task \(header.task.rawValue)"
            )
        }
        let n = header.features
        let classes = header.labels.count
        guard let floats = reader.floats(2 * n + n * classes + classes) else { throw fail("truncated weights") }
        guard reader.isAtEnd else { throw fail("trailing bytes after the weights") }
        guard floats.allSatisfy(\.isFinite) else { throw fail("non-finite weights") }
        return MiniLMHead(
            task: header.task, labels: header.labels, embeddingSize: header.embeddingSize,
            mean: Array(floats[0..<n]), scale: Array(floats[n..<2 * n]),
            weights: Array(floats[2 * n..<2 * n + n * classes]), bias: Array(floats[(2 * n + n * classes)...]),
            metadata: header.metadata)
    }
}
