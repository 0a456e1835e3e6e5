import AdvGlueCorpora
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
        var data = Data(magic)
        append(formatVersion, to: &data)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let header = try encoder.encode(Header(task: model.featurizer.task, labels: model.labels, featurizer: model.featurizer,
                                               metadata: model.metadata, features: model.featureCount))
        append(UInt32(header.count), to: &data)
        data.append(header)
        for name in model.vocabulary {
            let bytes = Array(name.utf8)
            append(UInt16(bytes.count), to: &data)
            data.append(contentsOf: bytes)
        }
        for value in model.weights + model.bias { append(value.bitPattern, to: &data) }
        return data
    }

    public static func write(_ model: LexicalModel, to url: URL) throws {
        try encode(model).write(to: url, options: .atomic)
    }

    /// Reads and validates a model file. Errors name the file and what is wrong.
    public static func read(from url: URL) throws(CorpusError) -> LexicalModel {
        let file = url.path
        guard let bytes = readBytes(atPath: file) else {
            throw CorpusError(.notFound, file: file, problem: "cannot read the model file",
                              hint: "train one with `advglue train --task T --data PATH --output FILE`")
        }
        return try decode(bytes, file: file)
    }

    public static func decode(_ data: Data, file: String) throws(CorpusError) -> LexicalModel {
        try decode([UInt8](data), file: file)
    }

    static func decode(_ bytes: [UInt8], file: String) throws(CorpusError) -> LexicalModel {
        var reader = ByteReader(bytes: bytes)
        func fail(_ problem: String) -> CorpusError {
            CorpusError(.malformedRow, file: file, problem: "not a valid advglue lexical model: \(problem)",
                        hint: "re-train it with `advglue train`, or restore it with `git checkout Corpora/models`")
        }
        guard reader.take(8) == magic else { throw fail("bad magic bytes") }
        guard let version = reader.uint32() else { throw fail("truncated") }
        guard version == formatVersion else { throw fail("format version \(version); this advglue reads version \(formatVersion)") }
        guard let headerLength = reader.uint32(), let headerBytes = reader.take(Int(headerLength)) else { throw fail("truncated header") }
        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: Data(headerBytes))
        } catch {
            throw fail("unreadable header (\(error))")
        }
        guard header.labels == header.task.labelNames else { throw fail("labels \(header.labels) do not match task \(header.task.rawValue)") }
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
                guard offset + length <= all.count, Self.isUTF8(UnsafeBufferPointer(rebasing: all[offset..<offset + length])) else { return false }
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
        return LexicalModel(featurizer: header.featurizer, labels: header.labels,
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

    private static func append<T: FixedWidthInteger>(_ value: T, to data: inout Data) {
        withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
    }
}

struct ByteReader {
    let bytes: [UInt8]
    var offset = 0

    var isAtEnd: Bool { offset == bytes.count }

    mutating func take(_ n: Int) -> [UInt8]? {
        guard n >= 0, offset + n <= bytes.count else { return nil }
        defer { offset += n }
        return Array(bytes[offset..<offset + n])
    }

    /// The next `n` bytes without copying them out.
    mutating func slice(_ n: Int) -> ArraySlice<UInt8>? {
        guard n >= 0, offset + n <= bytes.count else { return nil }
        defer { offset += n }
        return bytes[offset..<offset + n]
    }

    mutating func uint16() -> UInt16? {
        guard offset + 2 <= bytes.count else { return nil }
        defer { offset += 2 }
        return UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    mutating func uint32() -> UInt32? {
        take(4).map { $0.reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) } }
    }

    mutating func floats(_ n: Int) -> [Float]? {
        guard n >= 0, offset + 4 * n <= bytes.count else { return nil }
        // The file is little-endian, as is every platform Swift runs on here; copy in bulk.
        var result = [Float](repeating: 0, count: n)
        result.withUnsafeMutableBytes { target in
            bytes.withUnsafeBytes { source in
                target.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<offset + 4 * n]))
            }
        }
        if UInt32(littleEndian: 1) != 1 { result = result.map { Float(bitPattern: UInt32(littleEndian: $0.bitPattern)) } }
        offset += 4 * n
        return result
    }
}
