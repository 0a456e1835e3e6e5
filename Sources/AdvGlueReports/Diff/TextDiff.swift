import AdvGlueResults
import AdvGlueText

/// A piece of a field in a word-level comparison of two inputs.
public enum DiffPiece: Sendable, Hashable {
    case same(String)
    case changed(String)
}

/// One field of an input, cut into unchanged and changed pieces.
public struct DiffField: Sendable, Hashable {
    public var name: String
    public var pieces: [DiffPiece]

    public var hasChanges: Bool { pieces.contains { if case .changed = $0 { true } else { false } } }
}

/// Which text of a pair a diff shows.
public enum DiffSide: Sendable {
    case original
    case perturbed
}

/// Word-level differences between an original input and its perturbed copy, the
/// common ground of the Markdown, CSV and JUnit renderings.
public enum TextDiff {
    /// From an attack's modifications, whose word positions refer to the original's
    /// segmentation: exact, because the perturbed text is the original with those words
    /// replaced. Nil when the input cannot be segmented.
    public static func fields(_ input: TextInput, modifications: [Modification], side: DiffSide) -> [DiffField]? {
        guard let segmented = segmentation(of: input, fitting: modifications) else { return nil }
        return fields(segmented, input: input, modifications: modifications, side: side)
    }

    /// Both sides at once, segmenting the input once.
    public static func sides(_ input: TextInput, modifications: [Modification]) -> (
        original: [DiffField], perturbed: [DiffField]
    )? {
        guard let segmented = segmentation(of: input, fitting: modifications) else { return nil }
        return (
            fields(segmented, input: input, modifications: modifications, side: .original),
            fields(segmented, input: input, modifications: modifications, side: .perturbed)
        )
    }

    /// The input split into words as the attack split it. A recipe may choose its
    /// segmentation (`deepwordbug` joins hyphenated words) and results do not record it,
    /// so this takes the first ``WordSegmentation`` under which every one-word
    /// modification's original text lies at its position (ICU's own, for every other
    /// recipe); none fitting, ICU's.
    ///
    /// Complexity: one segmentation of the input, a second for hyphenated words.
    static func segmentation(of input: TextInput, fitting modifications: [Modification]) -> SegmentedInput? {
        var fallback: SegmentedInput?
        for segmentation in WordSegmentation.allCases {
            guard let segmented = try? SegmentedInput(input, segmentation: segmentation) else { continue }
            if modifications.allSatisfy({ fits($0, segmented) }) { return segmented }
            fallback = fallback ?? segmented
        }
        return fallback
    }

    private static func fits(_ modification: Modification, _ segmented: SegmentedInput) -> Bool {
        let position = modification.position
        guard segmented.fields.indices.contains(position.field) else { return false }
        let field = segmented.fields[position.field]
        let last = position.word + modification.span - 1
        guard position.word >= 0, field.words.indices.contains(position.word), field.words.indices.contains(last) else {
            return false
        }
        return modification.span > 1 || field.text[field.words[position.word].range] == modification.original
    }

    private static func fields(
        _ segmented: SegmentedInput, input: TextInput, modifications: [Modification], side: DiffSide
    ) -> [DiffField] {
        var byField: [Int: [Int: Modification]] = [:]
        for modification in modifications {
            byField[modification.position.field, default: [:]][modification.position.word] = modification
        }
        return segmented.fields.enumerated().map { f, field in
            var pieces: [DiffPiece] = []
            var cursor = field.text.startIndex
            for index in (byField[f] ?? [:]).keys.sorted() {
                let modification = byField[f]![index]!
                let last = index + modification.span - 1
                guard field.words.indices.contains(index), field.words.indices.contains(last),
                    field.words[index].range.lowerBound >= cursor
                else { continue }
                pieces.append(.same(String(field.text[cursor..<field.words[index].range.lowerBound])))
                pieces.append(
                    .changed(
                        side == .original
                            ? String(
                                field.text[field.words[index].range.lowerBound..<field.words[last].range.upperBound])
                            : Normalization.nfc(modification.replacement)))
                cursor = field.words[last].range.upperBound
            }
            pieces.append(.same(String(field.text[cursor...])))
            return DiffField(name: input.fields[f].name, pieces: merged(pieces))
        }
    }

    /// From two inputs with the same fields, by the longest common subsequence of their
    /// tokens (runs of letters and digits, runs of spaces, single other characters).
    ///
    /// Complexity: O(p + s + m·n) for a common prefix p, suffix s and middles of m and
    /// n tokens; middles over 2,000 tokens each are marked changed whole.
    public static func compare(_ original: TextInput, _ perturbed: TextInput) -> (
        original: [DiffField], perturbed: [DiffField]
    ) {
        var left: [DiffField] = []
        var right: [DiffField] = []
        for (index, field) in original.fields.enumerated() {
            let other = perturbed.fields.indices.contains(index) ? perturbed.fields[index].text : ""
            let (a, b) = compare(tokens(field.text), tokens(other))
            left.append(DiffField(name: field.name, pieces: a))
            right.append(
                DiffField(
                    name: perturbed.fields.indices.contains(index) ? perturbed.fields[index].name : field.name,
                    pieces: b))
        }
        return (left, right)
    }

    static func compare(_ a: [Substring], _ b: [Substring]) -> ([DiffPiece], [DiffPiece]) {
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] {
            suffix += 1
        }
        let middleA = Array(a[prefix..<(a.count - suffix)])
        let middleB = Array(b[prefix..<(b.count - suffix)])
        var keepA = [Bool](repeating: false, count: middleA.count)
        var keepB = [Bool](repeating: false, count: middleB.count)
        if !middleA.isEmpty, !middleB.isEmpty, middleA.count <= 2000, middleB.count <= 2000 {
            // Classic LCS table from the end, then one forward walk.
            let n = middleA.count
            let m = middleB.count
            var table = [Int](repeating: 0, count: (n + 1) * (m + 1))
            for i in stride(from: n - 1, through: 0, by: -1) {
                for j in stride(from: m - 1, through: 0, by: -1) {
                    table[i * (m + 1) + j] =
                        middleA[i] == middleB[j]
                        ? table[(i + 1) * (m + 1) + j + 1] + 1
                        : max(table[(i + 1) * (m + 1) + j], table[i * (m + 1) + j + 1])
                }
            }
            var i = 0
            var j = 0
            while i < n, j < m {
                if middleA[i] == middleB[j] {
                    keepA[i] = true
                    keepB[j] = true
                    i += 1
                    j += 1
                } else if table[(i + 1) * (m + 1) + j] >= table[i * (m + 1) + j + 1] {
                    i += 1
                } else {
                    j += 1
                }
            }
        }
        func pieces(_ tokens: [Substring], _ keep: [Bool]) -> [DiffPiece] {
            var out: [DiffPiece] = [.same(tokens[..<prefix].joined())]
            for (token, kept) in zip(tokens[prefix..<(tokens.count - suffix)], keep) {
                out.append(kept || token.allSatisfy(\.isWhitespace) ? .same(String(token)) : .changed(String(token)))
            }
            out.append(.same(tokens[(tokens.count - suffix)...].joined()))
            return merged(out)
        }
        return (pieces(a, keepA), pieces(b, keepB))
    }

    /// Joins neighbours of the same kind; spaces between two changes join the change,
    /// so "very bad" → "quite good" reads as one change, not two.
    static func merged(_ pieces: [DiffPiece]) -> [DiffPiece] {
        var out: [DiffPiece] = []
        for piece in pieces {
            switch (out.last, piece) {
            case (_, .same("")), (_, .changed("")): continue
            case (.same(let a)?, .same(let b)): out[out.count - 1] = .same(a + b)
            case (.changed(let a)?, .changed(let b)): out[out.count - 1] = .changed(a + b)
            default: out.append(piece)
            }
        }
        // A space run between two changes becomes part of them.
        var result: [DiffPiece] = []
        for piece in out {
            if case .changed(let b) = piece, result.count >= 2,
                case .same(let space) = result[result.count - 1], space.allSatisfy(\.isWhitespace),
                case .changed(let a) = result[result.count - 2]
            {
                result.removeLast(2)
                result.append(.changed(a + space + b))
            } else {
                result.append(piece)
            }
        }
        return result
    }

    /// Runs of letters and digits, runs of white space, and every other character alone.
    static func tokens(_ text: String) -> [Substring] {
        var tokens: [Substring] = []
        var start = text.startIndex
        var currentClass = -1
        for index in text.indices {
            let character = text[index]
            let kind = character.isLetter || character.isNumber ? 0 : (character.isWhitespace ? 1 : 2)
            if index != text.startIndex, kind != currentClass || kind == 2 {
                tokens.append(text[start..<index])
                start = index
            }
            currentClass = kind
        }
        if start < text.endIndex { tokens.append(text[start...]) }
        return tokens
    }
}
