import AdvGlueSupport

/// Splits a run's selected examples into `count` shards, the same way on every machine,
/// so that shards started anywhere (a Kubernetes Indexed Job, a Slurm array, a CI matrix)
/// together cover every example exactly once and finish at about the same time.
///
/// The rule: order the examples by their cost, most first (``cost(of:)``: the
/// whitespace-separated tokens of all their fields), equal costs by the SHA-256 of the
/// id's UTF-8 bytes (compared byte by byte), equal ids by position; then deal them out
/// in that order, back and forth: ranks 0…N−1 go to shards 0…N−1, the next N to shards
/// N−1…0, and so on. Shards therefore differ in size by at most one example and carry
/// nearly equal work (an attack's work grows with the words it can change: dealing by
/// hash alone left two SST-2 dev shards 9–14% apart in model queries, this 1–3%), and
/// which shard an example lands in depends on the examples selected, never on the
/// order of the rows.
///
/// ```swift
/// let shard = ShardAssignment(examples: examples, count: 4)
/// shard.indices(of: 1) // positions of shard 1's examples, ascending
/// ```
/// Complexity: O(n log n) for n examples.
public struct ShardAssignment: Sendable {
    public let count: Int
    /// The shard of each example, by position.
    public let shardOf: [Int]

    public init(examples: [Example], count: Int) {
        self.init(ids: examples.map(\.id), costs: examples.map { Self.cost(of: $0.input.texts) }, count: count)
    }

    public init(ids: [String], costs: [Int], count: Int) {
        precondition(count >= 1, "a run has at least one shard")
        precondition(ids.count == costs.count, "one cost per example")
        self.count = count
        let keys = ids.map { SHA256.digest(Array($0.utf8)) }
        let order = ids.indices.sorted { a, b in
            if costs[a] != costs[b] { return costs[a] > costs[b] }
            return keys[a] == keys[b] ? a < b : keys[a].lexicographicallyPrecedes(keys[b])
        }
        var shardOf = [Int](repeating: 0, count: ids.count)
        for (rank, position) in order.enumerated() { shardOf[position] = Self.shard(ofRank: rank, count: count) }
        self.shardOf = shardOf
    }

    /// The shard dealt the example of rank `rank`: forward on even rounds, backward on odd.
    static func shard(ofRank rank: Int, count: Int) -> Int {
        let (round, seat) = rank.quotientAndRemainder(dividingBy: count)
        return round.isMultiple(of: 2) ? seat : count - 1 - seat
    }

    /// An example's cost for balancing: the maximal runs of bytes other than space, tab,
    /// CR and LF in its fields' UTF-8 (Python: `len(re.findall(rb"[^ \t\r\n]+", text))`).
    public static func cost(of texts: [String]) -> Int {
        var tokens = 0
        for text in texts {
            var inToken = false
            for byte in text.utf8 {
                let separator = byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
                if !separator, !inToken { tokens += 1 }
                inToken = !separator
            }
        }
        return tokens
    }

    /// Positions of `shard`'s examples, ascending (data order).
    public func indices(of shard: Int) -> [Int] {
        shardOf.indices.filter { shardOf[$0] == shard }
    }

    /// A digest of the whole assignment (the shard of every example, in data order). Each
    /// shard records it in its journal; `advglue merge` refuses shards whose digests
    /// differ, as they did not split the same examples the same way.
    public var fingerprint: String {
        var bytes = Array("advglue-shards/\(count)\n".utf8)
        for shard in shardOf { bytes.append(contentsOf: "\(shard),".utf8) }
        return SHA256.hex(bytes)
    }

    /// How many examples `shard` holds: ⌊n / count⌋, plus one for the shards the last,
    /// partial round reaches (the first n mod count on a forward round, the last on a
    /// backward one).
    public static func size(of shard: Int, examples: Int, count: Int) -> Int {
        let (rounds, rest) = examples.quotientAndRemainder(dividingBy: count)
        let extra = (0..<rest).contains { shard == Self.shard(ofRank: rounds * count + $0, count: count) }
        return rounds + (extra ? 1 : 0)
    }
}
