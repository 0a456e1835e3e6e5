import AdvGlueCorpora
import AdvGlueModels
import AdvGlueText

/// Finds the vocabulary indices of an input's features without building their names
/// as `String`s: each feature is spelt into a reusable byte buffer and looked up in the
/// ``FeatureTable``. Its answer equals
/// `featurizer.features(of: input).compactMap { vocabulary.firstIndex(of: $0) }`, sorted by
/// name as ``LexicalFeaturizer/features(of:)`` sorts them, so the logits are summed in the
/// same order, bit for bit.
///
/// One indexer serves one thread; it keeps its buffers between inputs.
/// Complexity: O(n) per input of n characters, plus O(f log f) to order f found features.
struct FeatureIndexer {
    private var scanner = WordKeyScanner()
    /// Keys of the first field (pair tasks keep them while the second is scanned).
    private var first: (bytes: [UInt8], bounds: [Int]) = ([], [0])
    private var spelling: [UInt8] = []
    /// Found features with the first eight bytes of their names (big-endian), which
    /// settle almost every comparison of the sort below without touching the table.
    private var found: [(prefix: UInt64, index: Int)] = []

    mutating func indices(of input: TextInput, featurizer: LexicalFeaturizer, table: FeatureTable) -> [Int] {
        found.removeAll(keepingCapacity: true)
        let fields = input.fields
        if fields.count == 1 {
            scanner.scan(fields[0].text)
            addNGrams(prefix: "", keys: scanner.bytes, bounds: scanner.bounds, table: table)
        } else {
            scanner.scan(fields[0].text)
            first.bytes.removeAll(keepingCapacity: true)
            first.bytes.append(contentsOf: scanner.bytes)
            first.bounds.removeAll(keepingCapacity: true)
            first.bounds.append(contentsOf: scanner.bounds)
            addNGrams(prefix: "a:", keys: first.bytes, bounds: first.bounds, table: table)
            // The second field's words are every later field's, run together, as the
            // featuriser flattens them.
            var second: [UInt8] = []
            var secondBounds = [0]
            for field in fields.dropFirst() {
                scanner.scan(field.text)
                for i in 0..<scanner.count {
                    second.append(contentsOf: scanner.key(i))
                    secondBounds.append(second.count)
                }
            }
            addNGrams(prefix: "b:", keys: second, bounds: secondBounds, table: table)
            addCrossField(second: second, secondBounds: secondBounds, featurizer: featurizer, table: table)
        }
        // Distinct names, in name order: insertion sort on the few dozen entries of a
        // sentence, the standard library's O(f log f) sort on anything longer (a
        // megabyte of text would otherwise take minutes). Names are distinct apart from
        // repeats of one index, so every correct sort gives the same order.
        func precedes(_ a: (prefix: UInt64, index: Int), _ b: (prefix: UInt64, index: Int)) -> Bool {
            a.prefix != b.prefix ? a.prefix < b.prefix : table.precedes(a.index, b.index)
        }
        if found.count > 64 { found.sort(by: precedes) }
        for i in found.indices.dropFirst() where found.count <= 64 {
            let item = found[i]
            var j = i
            while j > 0, precedes(item, found[j - 1]) {
                found[j] = found[j - 1]
                j -= 1
            }
            found[j] = item
        }
        var result: [Int] = []
        result.reserveCapacity(found.count)
        for item in found where result.last != item.index { result.append(item.index) }
        return result
    }

    private mutating func addNGrams(prefix: StaticString, keys: [UInt8], bounds: [Int], table: FeatureTable) {
        let unigram = Self.bytes(prefix, "w:")
        let bigram = Self.bytes(prefix, "b:")
        keys.withUnsafeBufferPointer { keys in
            for i in 0..<bounds.count - 1 {
                let word = UnsafeBufferPointer(rebasing: keys[bounds[i]..<bounds[i + 1]])
                lookUp(unigram, word, nil, table)
                if i > 0 { lookUp(bigram, UnsafeBufferPointer(rebasing: keys[bounds[i - 1]..<bounds[i]]), word, table) }
            }
        }
    }

    private static func bytes(_ a: StaticString, _ b: StaticString) -> [UInt8] {
        var out: [UInt8] = []
        a.withUTF8Buffer { out.append(contentsOf: $0) }
        b.withUTF8Buffer { out.append(contentsOf: $0) }
        return out
    }

    /// Spells `prefix` + `first` (+ " " + `second`) into the scratch buffer and records the
    /// feature if the vocabulary has it.
    private mutating func lookUp(
        _ prefix: [UInt8], _ first: UnsafeBufferPointer<UInt8>, _ second: UnsafeBufferPointer<UInt8>?,
        _ table: FeatureTable
    ) {
        let length = prefix.count + first.count + (second.map { $0.count + 1 } ?? 0)
        if spelling.count < length { spelling = [UInt8](repeating: 0, count: max(2 * length, 256)) }
        let found: (prefix: UInt64, index: Int)? = spelling.withUnsafeMutableBufferPointer { buffer in
            var n = 0
            for byte in prefix {
                buffer[n] = byte
                n += 1
            }
            if first.count > 0 { (buffer.baseAddress! + n).update(from: first.baseAddress!, count: first.count) }
            n += first.count
            if let second {
                buffer[n] = 0x20
                n += 1
                if second.count > 0 { (buffer.baseAddress! + n).update(from: second.baseAddress!, count: second.count) }
                n += second.count
            }
            let name = UnsafeBufferPointer(rebasing: buffer[0..<n])
            guard let index = table.index(of: name) else { return nil }
            // Zero-padded: a name that is a prefix of another sorts first, as byte order wants.
            var key: UInt64 = 0
            for i in 0..<8 { key = key << 8 | UInt64(i < n ? buffer[i] : 0) }
            return (key, index)
        }
        if let found { self.found.append(found) }
    }

    private mutating func addCrossField(
        second: [UInt8], secondBounds: [Int], featurizer: LexicalFeaturizer, table: FeatureTable
    ) {
        func contains(_ keys: [UInt8], _ bounds: [Int], _ word: ArraySlice<UInt8>) -> Bool {
            (0..<bounds.count - 1).contains { keys[bounds[$0]..<bounds[$0 + 1]].elementsEqual(word) }
        }
        let secondCount = secondBounds.count - 1
        let both = Self.bytes("x:both:", "")
        let new = Self.bytes("x:new:", "")
        let none = [UInt8]()
        var overlap = 0
        for i in 0..<secondCount {
            let word = second[secondBounds[i]..<secondBounds[i + 1]]
            let shared = contains(first.bytes, first.bounds, word)
            if shared { overlap += 1 }
            Array(word).withUnsafeBufferPointer { lookUp(shared ? both : new, $0, nil, table) }
        }
        if secondCount > 0 {
            Array(String(overlap * 10 / secondCount).utf8).withUnsafeBufferPointer {
                lookUp(Self.bytes("x:overlap:", ""), $0, nil, table)
            }
        }
        let cues = featurizer.negationCues.map { Array($0.utf8) }
        func negated(_ keys: [UInt8], _ bounds: [Int]) -> Bool {
            (0..<bounds.count - 1).contains { i in cues.contains { keys[bounds[i]..<bounds[i + 1]].elementsEqual($0) } }
        }
        let negA = negated(first.bytes, first.bounds)
        let negB = negated(second, secondBounds)
        none.withUnsafeBufferPointer { empty in
            if negA { lookUp(Self.bytes("x:neg:a", ""), empty, nil, table) }
            if negB { lookUp(Self.bytes("x:neg:b", ""), empty, nil, table) }
            if negA != negB { lookUp(Self.bytes("x:neg:mismatch", ""), empty, nil, table) }
        }
    }
}
