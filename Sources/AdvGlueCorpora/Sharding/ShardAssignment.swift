import AdvGlueSupport

/// Splits a run's selected examples into `count` shards by their ids, the same way on
/// every machine, so that shards started anywhere (a Kubernetes Indexed Job, a Slurm
/// array, a CI matrix) together cover every example exactly once.
///
/// The rule: order the examples by the SHA-256 of the id's UTF-8 bytes (compared byte by
/// byte; equal ids by position), and deal them out in that order: the k-th goes to
/// shard k mod `count`. Shards therefore differ in size by at most one example, and
/// which shard an example lands in depends on the ids selected, never on the order of
/// the rows. Hashing spreads neighbouring rows (often similar texts) over all shards.
///
/// ```swift
/// let shard = ShardAssignment(ids: examples.map(\.id), count: 4)
/// shard.indices(of: 1) // positions of shard 1's examples, ascending
/// ```
/// Complexity: O(n log n) for n ids.
public struct ShardAssignment: Sendable {
    public let count: Int
    /// The shard of each example, by position.
    public let shardOf: [Int]

    public init(ids: [String], count: Int) {
        precondition(count >= 1, "a run has at least one shard")
        self.count = count
        let keys = ids.map { SHA256.digest(Array($0.utf8)) }
        let order = ids.indices.sorted { a, b in
            keys[a] == keys[b] ? a < b : keys[a].lexicographicallyPrecedes(keys[b])
        }
        var shardOf = [Int](repeating: 0, count: ids.count)
        for (rank, position) in order.enumerated() { shardOf[position] = rank % count }
        self.shardOf = shardOf
    }

    /// Positions of `shard`'s examples, ascending (data order).
    public func indices(of shard: Int) -> [Int] {
        shardOf.indices.filter { shardOf[$0] == shard }
    }

    /// How many examples `shard` holds: ⌈n / count⌉ for the first n mod count shards,
    /// ⌊n / count⌋ for the rest.
    public static func size(of shard: Int, examples: Int, count: Int) -> Int {
        examples / count + (shard < examples % count ? 1 : 0)
    }
}
