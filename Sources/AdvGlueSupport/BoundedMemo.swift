/// A memo of pure answers that never holds more than `2 × limit` of them. Answers live
/// in two generations: when the newer one is full, the older is dropped and the newer
/// takes its place; an answer found in the older generation moves back to the newer.
/// Answers in steady use therefore stay, and a run's memory stays flat however many
/// examples it attacks.
///
/// ```swift
/// var memo = BoundedMemo<String, [String]>(limit: 2)
/// memo["a"] = ["x"]; memo["b"] = ["y"]
/// memo["c"] = ["z"]   // "a" and "b" become the older generation
/// memo["d"] = ["w"]; memo["e"] = ["v"]  // the older generation is dropped
/// memo["a"]           // nil
/// ```
/// Complexity: O(1) amortised per look-up and insertion.
public struct BoundedMemo<Key: Hashable, Value> {
    public let limit: Int
    private var newer: [Key: Value] = [:]
    private var older: [Key: Value] = [:]

    public init(limit: Int) {
        precondition(limit >= 1, "a memo holds at least one answer")
        self.limit = limit
    }

    /// Answers held, at most `2 × limit`.
    public var count: Int { newer.count + older.count }

    /// The answer for `key`, moved to the newer generation when found in the older.
    public mutating func value(for key: Key) -> Value? {
        if let value = newer[key] { return value }
        guard let value = older.removeValue(forKey: key) else { return nil }
        insert(value, for: key)
        return value
    }

    public mutating func insert(_ value: Value, for key: Key) {
        if newer[key] == nil, newer.count >= limit {
            older = newer
            newer = [:]
            newer.reserveCapacity(limit)
        }
        newer[key] = value
    }
}

extension BoundedMemo: Sendable where Key: Sendable, Value: Sendable {}
