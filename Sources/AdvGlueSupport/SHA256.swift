import CSHA256

/// SHA-256 (FIPS 180-4), for the checksums in reproducibility blocks and model files.
///
/// Foundation on Linux has no CryptoKit, and swift-crypto would add minutes to every
/// clean CI build for one hash function; the C target uses the processor's SHA
/// instructions where it has them (a 1.4 MB model file in well under a millisecond).
///
/// ```swift
/// SHA256.hex(Array("abc".utf8)) // "ba7816bf..."
/// ```
/// Complexity: O(n).
public enum SHA256 {
    public static func digest(_ bytes: some Collection<UInt8>) -> [UInt8] {
        digest(bytes, accelerated: true)
    }

    /// With `accelerated: false` the portable code runs even where SHA instructions exist.
    public static func digest(_ bytes: some Collection<UInt8>, accelerated: Bool) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        let hashed: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            digest.withUnsafeMutableBufferPointer {
                advglue_sha256_using(accelerated ? 1 : 0, buffer.baseAddress, buffer.count, $0.baseAddress)
            }
        }
        if hashed == nil {
            let copy = Array(bytes)
            copy.withUnsafeBufferPointer { buffer in
                digest.withUnsafeMutableBufferPointer {
                    advglue_sha256_using(accelerated ? 1 : 0, buffer.baseAddress, buffer.count, $0.baseAddress)
                }
            }
        }
        return digest
    }

    /// Whether this processor's SHA instructions are used.
    public static var isAccelerated: Bool { advglue_sha256_accelerated() != 0 }

    public static func hex(_ bytes: some Collection<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in digest(bytes) {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
