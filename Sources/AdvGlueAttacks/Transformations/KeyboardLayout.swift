/// Which keys sit next to which on a keyboard, for typos a hurried typist makes.
///
/// ```swift
/// KeyboardLayout.qwerty.neighbours(of: "g") // ["f", "h", "t", "y", "v", "b"]
/// ```
public struct KeyboardLayout: Sendable {
    public let name: String
    private let table: [Character: [Character]]

    /// Builds neighbours from rows of keys. Each row is offset by about half a key from
    /// the one above, so a key touches two keys above (same index, one to the right)
    /// and two below (one to the left, same index), plus its left and right keys.
    public init(name: String, rows: [String]) {
        let grid = rows.map(Array.init)
        var table: [Character: [Character]] = [:]
        for (r, row) in grid.enumerated() {
            for (c, key) in row.enumerated() {
                var near: [Character] = []
                func add(_ rr: Int, _ cc: Int) {
                    guard grid.indices.contains(rr), grid[rr].indices.contains(cc) else { return }
                    near.append(grid[rr][cc])
                }
                add(r, c - 1)
                add(r, c + 1)
                add(r - 1, c)
                add(r - 1, c + 1)
                add(r + 1, c - 1)
                add(r + 1, c)
                table[key] = near.filter(\.isLetter)
            }
        }
        self.name = name
        self.table = table
    }

    /// The US QWERTY letter block, as the team laid it out (not taken from any other tool).
    public static let qwerty = KeyboardLayout(name: "qwerty", rows: ["qwertyuiop", "asdfghjkl", "zxcvbnm"])

    /// Letter keys next to `key`, in the key's case; empty for keys not on the layout.
    public func neighbours(of key: Character) -> [Character] {
        let lower = Character(key.lowercased())
        guard let near = table[lower] else { return [] }
        return key.isUppercase ? near.map { Character($0.uppercased()) } : near
    }
}
