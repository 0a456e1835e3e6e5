/// A lexical model's vocabulary kept as UTF-8 bytes in one buffer, with an
/// open-addressing hash index: looking a feature up costs no `String`, and loading
/// 60,000 names costs no `String` either (``LexicalModelFile`` hands over the file's
/// bytes and where each name lies in them).
///
/// Names compare byte-wise, which for the featuriser's NFC keys is the order and the
/// equality of Swift's `String`.
///
/// Complexity: O(n) to build; O(length) per look-up on average.
final class FeatureTable: Sendable {
    /// The bytes the names lie in; name i is `bytes[starts[i]..<starts[i] + lengths[i]]`.
    private let bytes: [UInt8]
    private let starts: [Int32]
    private let lengths: [UInt16]
    /// Index + 1 of the name in each slot, 0 for empty; the count is a power of two.
    private let slots: [Int32]

    var count: Int { starts.count }

    /// A repeated name maps to its last index, as a dictionary filled in order would.
    init(bytes: [UInt8], starts: [Int32], lengths: [UInt16]) {
        precondition(starts.count == lengths.count, "one length per name")
        self.bytes = bytes
        self.starts = starts
        self.lengths = lengths
        let count = starts.count
        var capacity = 16
        while capacity < count * 2 { capacity <<= 1 }
        var slots = [Int32](repeating: 0, count: capacity)
        bytes.withUnsafeBufferPointer { all in
            slots.withUnsafeMutableBufferPointer { slots in
                for i in 0..<count {
                    let name = Self.slice(all, Int(starts[i]), Int(lengths[i]))
                    var slot = Int(truncatingIfNeeded: Self.hash(name)) & (capacity - 1)
                    while slots[slot] != 0 {
                        let other = Int(slots[slot]) - 1
                        if Self.equal(Self.slice(all, Int(starts[other]), Int(lengths[other])), name) { break }
                        slot = (slot + 1) & (capacity - 1)
                    }
                    slots[slot] = Int32(i + 1)
                }
            }
        }
        self.slots = slots
    }

    convenience init(names: [String]) {
        var bytes: [UInt8] = []
        var starts: [Int32] = []
        var lengths: [UInt16] = []
        for name in names {
            precondition(name.utf8.count <= Int(UInt16.max), "a feature name longer than the model file allows")
            starts.append(Int32(bytes.count))
            lengths.append(UInt16(name.utf8.count))
            bytes.append(contentsOf: name.utf8)
        }
        self.init(bytes: bytes, starts: starts, lengths: lengths)
    }

    func name(at i: Int) -> String {
        let start = Int(starts[i])
        return String(decoding: bytes[start..<start + Int(lengths[i])], as: UTF8.self)
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
                    if Self.equal(Self.slice(all, Int(starts[i]), Int(lengths[i])), key) { return i }
                    slot = (slot + 1) & mask
                }
            }
        }
    }

    /// Whether name `a` sorts before name `b` (byte-wise).
    func precedes(_ a: Int, _ b: Int) -> Bool {
        bytes.withUnsafeBufferPointer { all in
            let x = Self.slice(all, Int(starts[a]), Int(lengths[a]))
            let y = Self.slice(all, Int(starts[b]), Int(lengths[b]))
            let common = min(x.count, y.count)
            let order = common == 0 ? 0 : memcmp(x.baseAddress!, y.baseAddress!, common)
            return order != 0 ? order < 0 : x.count < y.count
        }
    }

    private static func slice(_ all: UnsafeBufferPointer<UInt8>, _ start: Int, _ length: Int) -> UnsafeBufferPointer<
        UInt8
    > {
        UnsafeBufferPointer(rebasing: all[start..<start + length])
    }

    /// FNV-1a over the bytes, with the high bits folded in for the power-of-two mask.
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return hash ^ (hash >> 29)
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
