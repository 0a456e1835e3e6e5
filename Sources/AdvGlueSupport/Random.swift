/// SplitMix64: a small, fast generator whose whole state is one seed, so a run is
/// reproduced by `--seed` alone and every example gets its own stream.
///
/// ```swift
/// var rng = SplitMix64(seed: 42)
/// [1, 2, 3].shuffled(using: &rng)
/// ```
/// Complexity: O(1) per number.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    /// A generator for one item of a run, independent of the order items are processed in.
    public init(seed: UInt64, stream: String) {
        state = seed ^ StableHash.fnv1a64(stream)
        _ = next()
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Hashes that are the same on every machine and run (Swift's `Hasher` is seeded per process).
public enum StableHash {
    /// FNV-1a over the UTF-8 bytes. Complexity: O(n).
    public static func fnv1a64(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return hash
    }
}

extension Array {
    /// Up to `count` elements drawn uniformly without replacement, in draw order; the
    /// whole array, unshuffled, when it has no more than `count`.
    ///
    /// ```swift
    /// var rng = SplitMix64(seed: 1)
    /// Array(1...10).sample(upTo: 3, using: &rng) // three distinct numbers
    /// ```
    /// Complexity: O(n) for the copy, O(count) for the draw (a partial Fisher-Yates).
    public func sample(upTo count: Int, using rng: inout some RandomNumberGenerator) -> [Element] {
        guard self.count > count else { return self }
        var items = self
        for i in 0..<count { items.swapAt(i, Int.random(in: i..<items.count, using: &rng)) }
        return Array(items.prefix(count))
    }
}
