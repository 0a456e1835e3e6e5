import AdvGlueCorpora
import AdvGlueModels
import AdvGlueSupport
import Foundation

/// The lexical model's file: small, versioned, little-endian binary.
///
/// Layout: magic `ADVGLEX\0` (8 bytes), format version (UInt32), header length (UInt32),
/// header (JSON: task, labels, featurizer, metadata, feature count), then for each
/// feature its UTF-8 name length (UInt16) and bytes, then weights (Float32,
/// features × classes, row-major), then bias (Float32 × classes).
public enum LexicalModelFile {
    public static let magic: [UInt8] = Array("ADVGLEX".utf8) + [0]
    public static let formatVersion: UInt32 = 1

    struct Header: Codable {
        var task: GlueTask
        var labels: [String]
        var featurizer: LexicalFeaturizer
        var metadata: LexicalModelMetadata
        var features: Int
    }

    public static func encode(_ model: LexicalModel) throws -> Data {
        var data = try VersionedModelFile.frame(
            magic: magic, version: formatVersion,
            header: Header(
                task: model.featurizer.task, labels: model.labels, featurizer: model.featurizer,
                metadata: model.metadata, features: model.featureCount))
        for name in model.vocabulary {
            let bytes = Array(name.utf8)
            VersionedModelFile.append(UInt16(bytes.count), to: &data)
            data.append(contentsOf: bytes)
        }
        for value in model.weights + model.bias { VersionedModelFile.append(value.bitPattern, to: &data) }
        return data
    }

    public static func write(_ model: LexicalModel, to url: URL) throws {
        try encode(model).write(to: url, options: .atomic)
    }

    /// Reads and validates a model file. Errors name the file and what is wrong.
    public static func read(from url: URL) throws(AdvGlueError) -> LexicalModel {
        let file = url.path
        guard let bytes = readBytes(atPath: file) else {
            throw AdvGlueError(
                .notFound, "cannot read the model file",
                hint: "train one with `advglue train --task T --data PATH --output FILE`", at: .file(file))
        }
        return try decode(bytes, file: file)
    }

    public static func decode(_ data: Data, file: String) throws(AdvGlueError) -> LexicalModel {
        try decode([UInt8](data), file: file)
    }

    static func decode(_ bytes: [UInt8], file: String) throws(AdvGlueError) -> LexicalModel {
        var reader = ByteReader(bytes: bytes)
        func fail(_ problem: String) -> AdvGlueError {
            AdvGlueError(
                .badData, "not a valid advglue lexical model: \(problem)",
                hint: "re-train it with `advglue train`, or restore it with `git checkout Corpora/models`",
                at: .file(file))
        }
        let header = try VersionedModelFile.header(
            Header.self, from: &reader, magic: magic, version: formatVersion, fail: fail)
        guard header.labels == header.task.labelNames else {
            throw fail("labels \(header.labels) do not match task \(header.task.rawValue)")
        }
        // Names stay bytes where they lie (a String each would cost more than the rest
        // of loading); the table records where each starts and how long it is.
        let namesStart = reader.offset
        var starts = [Int32](repeating: 0, count: header.features)
        var lengths = [UInt16](repeating: 0, count: header.features)
        let valid = bytes.withUnsafeBufferPointer { all -> Bool in
            var offset = namesStart
            for i in 0..<header.features {
                guard offset + 2 <= all.count else { return false }
                let length = Int(all[offset]) | Int(all[offset + 1]) << 8
                offset += 2
                guard offset + length <= all.count,
                    Self.isUTF8(UnsafeBufferPointer(rebasing: all[offset..<offset + length]))
                else { return false }
                starts[i] = Int32(offset - namesStart)
                lengths[i] = UInt16(length)
                offset += length
            }
            reader.offset = offset
            return true
        }
        guard valid else { throw fail("truncated or invalid vocabulary") }
        let names = Array(bytes[namesStart..<reader.offset])
        let classes = header.labels.count
        let count = header.features * classes + classes
        guard let floats = reader.floats(count) else { throw fail("truncated weights") }
        guard reader.isAtEnd else { throw fail("trailing bytes after the weights") }
        guard floats.allSatisfy(\.isFinite) else { throw fail("non-finite weights") }
        let identity = ModelIdentity(
            spec: "builtin:lexical",
            description: "lexical logistic regression (\(header.task.rawValue), \(header.features) features)",
            checksum: SHA256.hex(bytes))
        return LexicalModel(
            featurizer: header.featurizer, labels: header.labels,
            table: FeatureTable(bytes: names, starts: starts, lengths: lengths),
            weights: Array(floats[..<(count - classes)]), bias: Array(floats[(count - classes)...]),
            metadata: header.metadata, identity: identity)
    }

    /// A whole file read straight into an array (no `Data` in between).
    static func readBytes(atPath path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        let size = Int(status.st_size)
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            var done = 0
            while done < size {
                let n = Foundation.read(descriptor, buffer.baseAddress! + done, size - done)
                if n <= 0 {
                    if n < 0, errno == EINTR { continue }
                    failed = n < 0
                    break
                }
                done += n
            }
            initialized = done
        }
        return failed ? nil : bytes
    }

    /// Whether `bytes` is valid UTF-8 (ASCII checked without decoding).
    static func isUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var ascii = true
        for byte in bytes where byte >= 0x80 {
            ascii = false
            break
        }
        if ascii { return true }
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }
}
