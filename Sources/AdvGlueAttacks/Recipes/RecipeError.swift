/// A problem in a recipe file, naming the file, line and key.
public struct RecipeError: Error, Sendable, CustomStringConvertible, Equatable {
    public var file: String
    public var line: Int?
    public var key: String?
    public var problem: String

    public init(file: String, line: Int? = nil, key: String? = nil, problem: String) {
        self.file = file
        self.line = line
        self.key = key
        self.problem = problem
    }

    public var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        return key.map { "\(place): '\($0)': \(problem)" } ?? "\(place): \(problem)"
    }
}
