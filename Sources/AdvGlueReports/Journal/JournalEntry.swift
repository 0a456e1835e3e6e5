import AdvGlueAttacks

/// One line after the header: a finished example and its position in the run's
/// selected examples.
public struct JournalEntry: Sendable, Codable, Hashable {
    /// The example's index in the run's selected examples (data order).
    public var index: Int
    public var result: AttackResult

    public init(index: Int, result: AttackResult) {
        self.index = index
        self.result = result
    }
}
