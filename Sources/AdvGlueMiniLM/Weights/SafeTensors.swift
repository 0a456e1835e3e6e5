import AdvGlueSupport
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A memory-mapped `.safetensors` file: an 8-byte little-endian header length, a JSON
/// header naming each tensor's dtype, shape and byte range, then the raw data.
///
/// The header is validated on open (sizes, known dtypes, byte ranges inside the file
/// and matching each shape, no overlaps); tensors are read in place, so only the pages
/// a forward pass touches become resident.
///
/// ```swift
/// let file = try SafeTensors(url: folder.appending(path: "model.safetensors"))
/// let bias = try file.floats("embeddings.LayerNorm.bias", shape: [384])
/// ```
/// Complexity: O(h log h) to open, h the number of tensors; O(1) per tensor.
public final class SafeTensors: @unchecked Sendable {
    // Unchecked: the mapping is read-only and never changes after init; copies are behind a mutex.

    public enum DType: String, Sendable, CaseIterable {
        case f64 = "F64"
        case f32 = "F32"
        case f16 = "F16"
        case bf16 = "BF16"
        case i64 = "I64"
        case i32 = "I32"
        case i16 = "I16"
        case i8 = "I8"
        case u8 = "U8"
        case bool = "BOOL"

        public var size: Int {
            switch self {
            case .f64, .i64: 8
            case .f32, .i32: 4
            case .f16, .bf16, .i16: 2
            case .i8, .u8, .bool: 1
            }
        }
    }

    public struct TensorInfo: Sendable, Equatable {
        public var name: String
        public var dtype: DType
        public var shape: [Int]
        /// Byte range within the data section.
        public var range: Range<Int>
    }

    public let path: String
    public let tensors: [String: TensorInfo]
    public let metadata: [String: String]
    private let base: UnsafeRawPointer
    private let mappedLength: Int
    private let dataOffset: Int
    /// Aligned copies of tensors whose bytes are not 4-byte aligned in the file.
    private let copies = Mutex<[Int]>([])  // addresses: raw pointers are not Sendable

    /// Refuses headers larger than this (the format's own limit is 100 MB).
    static let maxHeaderLength = 100_000_000

    public init(url: URL) throws(AdvGlueError) {
        path = url.path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw AdvGlueError(
                .notFound, "cannot open (\(String(cString: strerror(errno))))", hint: ModelLocation.installHint,
                at: .file(path))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw AdvGlueError(.badData, "cannot read its size", hint: ModelLocation.installHint, at: .file(path))
        }
        let length = Int(info.st_size)
        guard length >= 8 else {
            throw AdvGlueError(
                .badData, "only \(length) bytes; a safetensors file starts with an 8-byte header length",
                hint: ModelLocation.installHint, at: .file(path))
        }
        guard let mapping = mmap(nil, length, PROT_READ, MAP_PRIVATE, fd, 0), mapping != MAP_FAILED else {
            throw AdvGlueError(.badData, "cannot memory-map (\(String(cString: strerror(errno))))", at: .file(path))
        }
        let base = UnsafeRawPointer(mapping)
        do {
            let parsed = try Self.parseHeader(base: base, length: length, path: path)
            self.tensors = parsed.tensors
            self.metadata = parsed.metadata
            self.dataOffset = parsed.dataOffset
        } catch {
            munmap(mapping, length)
            throw error
        }
        self.base = base
        self.mappedLength = length
    }

    deinit {
        copies.withLock {
            for address in $0 { UnsafeMutableRawPointer(bitPattern: address)?.deallocate() }
        }
        munmap(UnsafeMutableRawPointer(mutating: base), mappedLength)
    }

    static func parseHeader(base: UnsafeRawPointer, length: Int, path: String) throws(AdvGlueError)
        -> (tensors: [String: TensorInfo], metadata: [String: String], dataOffset: Int)
    {
        func damaged(_ problem: String, tensor: String? = nil) -> AdvGlueError {
            AdvGlueError(
                .badData, (tensor.map { "tensor '\($0)': " } ?? "") + problem, hint: ModelLocation.installHint,
                at: .file(path))
        }
        let headerLength = Int(UInt64(littleEndian: base.loadUnaligned(as: UInt64.self)))
        guard headerLength > 0, headerLength <= maxHeaderLength, headerLength <= length - 8 else {
            throw damaged("header length \(headerLength) does not fit a file of \(length) bytes")
        }
        let headerData = Data(bytes: base + 8, count: headerLength)
        guard let object = (try? JSONSerialization.jsonObject(with: headerData)) as? [String: Any] else {
            throw damaged("the header is not a JSON object")
        }
        let dataLength = length - 8 - headerLength
        var tensors: [String: TensorInfo] = [:]
        var metadata: [String: String] = [:]
        for (name, value) in object {
            if name == "__metadata__" {
                guard let map = value as? [String: String] else {
                    throw damaged("__metadata__ must map strings to strings")
                }
                metadata = map
                continue
            }
            guard let entry = value as? [String: Any] else {
                throw damaged("the header entry is not an object", tensor: name)
            }
            guard let raw = entry["dtype"] as? String, let dtype = DType(rawValue: raw) else {
                throw damaged(
                    "unknown dtype \(entry["dtype"].map { "\($0)" } ?? "(none)") (known: \(DType.allCases.map(\.rawValue).joined(separator: ", ")))",
                    tensor: name)
            }
            guard let shape = (entry["shape"] as? [Any])?.compactMap({ ($0 as? NSNumber)?.intValue }),
                shape.count == (entry["shape"] as? [Any])?.count, shape.allSatisfy({ $0 >= 0 })
            else {
                throw damaged("shape must be a list of non-negative whole numbers", tensor: name)
            }
            guard let offsets = (entry["data_offsets"] as? [Any])?.compactMap({ ($0 as? NSNumber)?.intValue }),
                offsets.count == 2,
                offsets[0] >= 0, offsets[0] <= offsets[1]
            else {
                throw damaged("data_offsets must be two increasing byte offsets", tensor: name)
            }
            guard offsets[1] <= dataLength else {
                throw damaged(
                    "data ends at byte \(offsets[1]) but the file holds \(dataLength) bytes of data (truncated?)",
                    tensor: name)
            }
            let elements = shape.reduce(1, *)
            guard offsets[1] - offsets[0] == elements * dtype.size else {
                throw damaged(
                    "\(offsets[1] - offsets[0]) bytes for shape \(shape) of \(dtype.rawValue) (expected \(elements * dtype.size))",
                    tensor: name)
            }
            tensors[name] = TensorInfo(name: name, dtype: dtype, shape: shape, range: offsets[0]..<offsets[1])
        }
        let sorted = tensors.values.sorted {
            ($0.range.lowerBound, $0.range.upperBound) < ($1.range.lowerBound, $1.range.upperBound)
        }
        for (a, b) in zip(sorted, sorted.dropFirst()) where a.range.overlaps(b.range) {
            throw damaged("its bytes overlap those of '\(a.name)'", tensor: b.name)
        }
        return (tensors, metadata, 8 + headerLength)
    }

    /// A floating-point tensor's values as float32, copied: F32 as stored, F16 and BF16
    /// widened exactly. For tensors shipped in half precision (the fine-tuned victims' deltas).
    public func widenedFloats(_ name: String, shape: [Int]) throws(AdvGlueError) -> [Float] {
        guard let info = tensors[name] else {
            throw AdvGlueError(.badData, "tensor '\(name)': missing from the file", at: .file(path))
        }
        guard info.shape == shape else {
            throw AdvGlueError(.badData, "tensor '\(name)': shape \(info.shape), expected \(shape)", at: .file(path))
        }
        let start = base + dataOffset + info.range.lowerBound
        let count = shape.reduce(1, *)
        switch info.dtype {
        case .f32:
            return (0..<count).map { start.loadUnaligned(fromByteOffset: $0 * 4, as: Float.self) }
        case .f16:
            return (0..<count).map { Self.widen(half: start.loadUnaligned(fromByteOffset: $0 * 2, as: UInt16.self)) }
        case .bf16:
            // bfloat16 is the top half of a float32.
            return (0..<count).map {
                Float(bitPattern: UInt32(start.loadUnaligned(fromByteOffset: $0 * 2, as: UInt16.self)) << 16)
            }
        default:
            throw AdvGlueError(
                .badData, "tensor '\(name)': dtype \(info.dtype.rawValue), expected F32, F16 or BF16", at: .file(path))
        }
    }

    /// IEEE 754 binary16 to float32, exactly (subnormals, infinities and NaN included);
    /// written out because `Float16` is not available on every platform Swift runs on.
    static func widen(half bits: UInt16) -> Float {
        let sign = UInt32(bits & 0x8000) << 16
        let exponent = Int(bits >> 10) & 0x1F
        let fraction = UInt32(bits & 0x3FF)
        switch exponent {
        case 0:
            // Zero or subnormal: fraction · 2^-24.
            let magnitude = Float(fraction) * 0x1p-24
            return sign == 0 ? magnitude : -magnitude
        case 0x1F:
            return Float(bitPattern: sign | 0x7F80_0000 | (fraction << 13))
        default:
            return Float(bitPattern: sign | UInt32(exponent - 15 + 127) << 23 | (fraction << 13))
        }
    }

    /// A float32 tensor's values, read in place; checks its dtype and shape.
    ///
    /// The buffer lives as long as this object.
    public func floats(_ name: String, shape: [Int]) throws(AdvGlueError) -> UnsafeBufferPointer<Float> {
        guard let info = tensors[name] else {
            throw AdvGlueError(
                .badData, "tensor '\(name)': missing from the file", hint: ModelLocation.installHint, at: .file(path))
        }
        guard info.dtype == .f32 else {
            throw AdvGlueError(
                .badData, "tensor '\(name)': dtype \(info.dtype.rawValue), expected F32",
                hint: ModelLocation.installHint, at: .file(path))
        }
        guard info.shape == shape else {
            throw AdvGlueError(
                .badData, "tensor '\(name)': shape \(info.shape), expected \(shape)", hint: ModelLocation.installHint,
                at: .file(path))
        }
        let start = base + dataOffset + info.range.lowerBound
        let count = info.shape.reduce(1, *)
        // Every platform this runs on is little-endian, as the format is.
        if Int(bitPattern: start) % MemoryLayout<Float>.alignment == 0 {
            return UnsafeBufferPointer(start: start.assumingMemoryBound(to: Float.self), count: count)
        }
        // Writers pad the header so tensors are aligned; the format does not demand it.
        let copy = UnsafeMutableRawPointer.allocate(
            byteCount: max(1, count * 4), alignment: MemoryLayout<Float>.alignment)
        copy.copyMemory(from: start, byteCount: count * 4)
        let address = Int(bitPattern: copy)
        copies.withLock { $0.append(address) }
        return UnsafeBufferPointer(start: copy.assumingMemoryBound(to: Float.self), count: count)
    }
}
