/// WordNet's database is missing or unreadable.
public struct WordNetError: Error, Sendable, CustomStringConvertible, Equatable {
    public var path: String
    public var problem: String

    public var description: String {
        "\(path): \(problem)\n  hint: install WordNet 3.0 with `apt-get install wordnet-base` (or run scripts/setup.sh), or point WNHOME at a folder holding index.noun and data.noun"
    }
}
