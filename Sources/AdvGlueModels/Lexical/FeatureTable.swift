/// A lexical model's vocabulary kept as UTF-8 bytes in one buffer, with an
/// open-addressing hash index: looking a feature up costs no `String`, and loading
/// 60,000 names costs no `String` either (``LexicalModelFile`` hands the bytes over).
///
/// Names compare byte-wise, which for the featuriser's NFC keys is the order and the
/// equality of Swift's `String`.
///
/// Complexity: O(n) to build; O(length) per look-up on average.
final class FeatureTable: Sendable {
    /// Every name, one after another; name i is `bytes[offsets[i]..<offsets[i + 1]]`.
    let bytes: [UInt8]
    let offsets: [Int32]
    /// The first eight bytes of each name, big-endian, zero-padded: most comparisons
    /// end here.
    private let prefixes: [UInt64]
    /// Index + 1 of the name in each slot, 0 for empty; the count is a power of two.
    private let slots: [Int32]

    var count: Int { offsets.count - 1 }

    /// From names already laid out as `bytes` and `offsets` (offsets.count = names + 1).
    /// A repeated name maps to its last index, as a dictionary filled in order would.
    init(bytes: [UInt8], offsets: [Int32]) {
        precondition(offsets.first == 0 && Int(offsets.last ?? 0) == bytes.count, "offsets must span the bytes")
        self.bytes = bytes
        self.offsets = offsets
        let count = offsets.count - 1
        var capacity = 16
        while capacity < count * 2 { capacity <<= 1 }
        var slots = [Int32](repeating: 0, count: capacity)
        var prefixes = [UInt64](repeating: 0, count: count)
        bytes.withUnsafeBufferPointer { all in
            for i in 0..<count {
                let name = UnsafeBufferPointer(rebasing: all[Int(offsets[i])..<Int(offsets[i + 1])])
                prefixes[i] = Self.prefix(name)
                var slot = Int(truncatingIfNeeded: Self.hash(name)) & (capacity - 1)
                while slots[slot] != 0 {
                    let other = Int(slots[slot]) - 1
                    if Self.equal(UnsafeBufferPointer(rebasing: all[Int(offsets[other])..<Int(offsets[other + 1])]), name) { break }
                    slot = (slot + 1) & (capacity - 1)
                }
                slots[slot] = Int32(i + 1)
            }
        }
        self.slots = slots
        self.prefixes = prefixes
    }

    convenience init(names: [String]) {
        var bytes: [UInt8] = []
        var offsets: [Int32] = [0]
        offsets.reserveCapacity(names.count + 1)
        for name in names {
            bytes.append(contentsOf: name.utf8)
            offsets.append(Int32(bytes.count))
        }
        self.init(bytes: bytes, offsets: offsets)
    }

    func name(at i: Int) -> String {
        String(decoding: bytes[Int(offsets[i])..<Int(offsets[i + 1])], as: UTF8.self)
    }

    /// The index of the name spelt by `key`, if it is in the vocabulary.
    func index(of key: UnsafeBufferPointer<UInt8>) -> Int? {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: Self.hash(key)) & mask
        return bytes.withUnsafeBufferPointer { all in
            slots.withUnsafeBufferPointer { slots in
                while true {
                    let entry = Int(slots[slot])
                    if entry == 0 { return nil }
                    let i = entry - 1
                    if Self.equal(UnsafeBufferPointer(rebasing: all[Int(offsets[i])..<Int(offsets[i + 1])]), key) { return i }
                    slot = (slot + 1) & mask
                }
            }
        }
    }

    /// Whether name `a` sorts before name `b` (byte-wise).
    func precedes(_ a: Int, _ b: Int) -> Bool {
        if prefixes[a] != prefixes[b] { return prefixes[a] < prefixes[b] }
        return bytes.withUnsafeBufferPointer { all in
            let x = all[Int(offsets[a])..<Int(offsets[a + 1])], y = all[Int(offsets[b])..<Int(offsets[b + 1])]
            return x.lexicographicallyPrecedes(y)
        }
    }

    /// FNV-1a over the bytes.
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return hash ^ (hash >> 29)
    }

    static func prefix(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var value: UInt64 = 0
        for i in 0..<8 { value = value << 8 | UInt64(i < bytes.count ? bytes[i] : 0) }
        return value
    }

    static func equal(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        if a.isEmpty { return true }
        return memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
