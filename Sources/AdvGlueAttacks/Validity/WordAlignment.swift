/// The differences between two word sequences as runs: equal runs and replaced runs
/// (either side may be empty), from a longest common subsequence of the words compared
/// case-insensitively, as `diff` aligns lines.
///
/// ```swift
/// WordAlignment.runs(["a", "fine", "film"], ["a", "fne", "film"])
/// // [.equal(0..<1, 0..<1), .changed(1..<2, 1..<2), .equal(2..<3, 2..<3)]
/// ```
/// Complexity: O(n · m) time and memory for n and m words.
public enum WordAlignment {
    public enum Run: Sendable, Equatable {
        case equal(Range<Int>, Range<Int>)
        case changed(Range<Int>, Range<Int>)
    }

    public static func runs(_ a: [String], _ b: [String]) -> [Run] {
        let x = a.map { $0.lowercased() }
        let y = b.map { $0.lowercased() }
        let n = x.count
        let m = y.count
        // lengths[i][j]: the LCS length of x[i...] and y[j...].
        var lengths = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                lengths[i][j] = x[i] == y[j] ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
            }
        }
        var runs: [Run] = []
        var i = 0
        var j = 0
        var changeStart: (Int, Int)?
        func closeChange() {
            if let (ci, cj) = changeStart, ci < i || cj < j { runs.append(.changed(ci..<i, cj..<j)) }
            changeStart = nil
        }
        while i < n || j < m {
            if i < n, j < m, x[i] == y[j] {
                closeChange()
                if case .equal(let ra, let rb)? = runs.last, ra.upperBound == i, rb.upperBound == j {
                    runs[runs.count - 1] = .equal(ra.lowerBound..<i + 1, rb.lowerBound..<j + 1)
                } else {
                    runs.append(.equal(i..<i + 1, j..<j + 1))
                }
                i += 1
                j += 1
            } else {
                if changeStart == nil { changeStart = (i, j) }
                if j < m, i == n || lengths[i][j + 1] >= lengths[i + 1][j] { j += 1 } else { i += 1 }
            }
        }
        closeChange()
        return runs
    }
}
