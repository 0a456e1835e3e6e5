import AdvGlueCorpora
import AdvGlueModels
import AdvGlueSupport
import Foundation

/// The framing the built-in models' files share: magic (8 bytes), format version
/// (UInt32), header length (UInt32) and a JSON header with sorted keys, all
/// little-endian; each file type's arrays follow.
///
/// ```swift
/// var data = try VersionedModelFile.frame(magic: magic, version: 1, header: header)
/// var reader = ByteReader(bytes: bytes)
/// let header = try VersionedModelFile.header(Header.self, from: &reader, magic: magic, version: 1, fail: fail)
/// ```
enum VersionedModelFile {
    /// Magic, version, header length and header: what a file starts with.
    static func frame(magic: [UInt8], version: UInt32, header: some Encodable) throws -> Data {
        var data = Data(magic)
        append(version, to: &data)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try encoder.encode(header)
        append(UInt32(json.count), to: &data)
        data.append(json)
        return data
    }

    /// Reads the frame and decodes the header, leaving `reader` at the first array;
    /// `fail` turns a problem into the file type's error.
    static func header<H: Decodable>(
        _ type: H.Type, from reader: inout ByteReader, magic: [UInt8], version: UInt32,
        fail: (String) -> AdvGlueError
    ) throws(AdvGlueError) -> H {
        guard reader.take(magic.count) == magic else { throw fail("bad magic bytes") }
        guard let found = reader.uint32() else { throw fail("truncated") }
        guard found == version else { throw fail("format version \(found); this advglue reads version \(version)") }
        guard let length = reader.uint32(), let bytes = reader.take(Int(length)) else { throw fail("truncated header") }
        do {
            return try JSONDecoder().decode(H.self, from: Data(bytes))
        } catch {
            throw fail("unreadable header (\(error))")
        }
    }

    static func append<T: FixedWidthInteger>(_ value: T, to data: inout Data) {
        withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
    }
}

/// Reads a model file's bytes in order; every read is nil past the end.
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
        if UInt32(littleEndian: 1) != 1 {
            result = result.map { Float(bitPattern: UInt32(littleEndian: $0.bitPattern)) }
        }
        offset += 4 * n
        return result
    }
}
