import Foundation

/// One part of speech's `index.*`, `data.*` and `*.exc` files. The index and data files
/// are memory-mapped and searched in place (the index is sorted, as WordNet's own
/// library relies on), so opening WordNet costs almost nothing.
final class WordNetFiles: Sendable {
    let pos: PartOfSpeech
    /// `index.*`, and where its sorted lemma lines start (after the licence header).
    let indexData: Data
    let indexStart: Int
    /// Inflected form → base forms, from the exception list.
    let exceptions: [String: [String]]
    /// `data.*`; a synset is the line at its byte offset.
    let data: Data

    init(folder: URL, pos: PartOfSpeech) throws(WordNetError) {
        self.pos = pos
        let indexURL = folder.appending(path: "index.\(pos.fileSuffix)")
        let dataURL = folder.appending(path: "data.\(pos.fileSuffix)")
        let exceptionURL = folder.appending(path: "\(pos.fileSuffix).exc")
        guard let indexData = try? Data(contentsOf: indexURL, options: .alwaysMapped) else {
            throw WordNetError(path: indexURL.path, problem: "cannot read WordNet's index")
        }
        guard let data = try? Data(contentsOf: dataURL, options: .alwaysMapped) else {
            throw WordNetError(path: dataURL.path, problem: "cannot read WordNet's data file")
        }
        self.indexData = indexData
        self.data = data
        var start = indexData.startIndex
        while start < indexData.endIndex, indexData[start] == 0x20 {  // licence lines start with two spaces
            start = (indexData[start...].firstIndex(of: 0x0A) ?? indexData.endIndex - 1) + 1
        }
        guard start < indexData.endIndex else { throw WordNetError(path: indexURL.path, problem: "WordNet's index holds no lemmas") }
        self.indexStart = start
        var exceptions: [String: [String]] = [:]
        if let text = try? Data(contentsOf: exceptionURL) {
            for line in String(decoding: text, as: UTF8.self).split(separator: "\n") {
                let fields = line.split(separator: " ").map(String.init)
                if fields.count >= 2 { exceptions[fields[0], default: []] += fields.dropFirst() }
            }
        }
        self.exceptions = exceptions
    }

    /// Synset offsets of `lemma` (lower case, `_` for spaces), by binary search over the
    /// sorted index lines. Complexity: O(log n) line comparisons.
    func offsets(of lemma: String) -> [Int]? {
        let key = Array(lemma.utf8)
        let base = indexStart - indexData.startIndex
        let line: String? = indexData.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> String? in
            var low = base, high = bytes.count
            while low < high {
                let middle = low + (high - low) / 2
                // The line holding `middle` starts after the previous newline.
                var lineStart = middle
                while lineStart > low, bytes[lineStart - 1] != 0x0A { lineStart -= 1 }
                var lineEnd = lineStart
                while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
                var wordEnd = lineStart
                while wordEnd < lineEnd, bytes[wordEnd] != 0x20 { wordEnd += 1 }
                let word = UnsafeRawBufferPointer(rebasing: bytes[lineStart..<wordEnd])
                if word.elementsEqual(key) {
                    return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[lineStart..<lineEnd]), as: UTF8.self)
                }
                if word.lexicographicallyPrecedes(key) { low = lineEnd + 1 } else { high = lineStart }
            }
            return nil
        }
        return line.map(Self.parseOffsets)
    }

    /// `lemma pos synset_cnt p_cnt [ptr...] sense_cnt tagsense_cnt offset...`
    static func parseOffsets(_ line: String) -> [Int] {
        let fields = line.split(separator: " ")
        guard fields.count >= 6, let synsets = Int(fields[2]), fields.count >= synsets else { return [] }
        return fields.suffix(synsets).compactMap { Int($0) }
    }

    /// The words of the synset at `offset`, as written (underscores for spaces,
    /// adjective markers such as `(a)` removed).
    func synsetWords(at offset: Int) -> [String] {
        guard offset >= 0, offset < data.count else { return [] }
        let end = data[offset...].firstIndex(of: 0x0A) ?? data.endIndex
        let line = String(decoding: data[offset..<end], as: UTF8.self)
        // offset lex_filenum ss_type w_cnt word lex_id [word lex_id...] ...
        let fields = line.split(separator: " ", omittingEmptySubsequences: true)
        guard fields.count > 4, let count = Int(fields[3], radix: 16) else { return [] }
        var words: [String] = []
        for i in 0..<count where 4 + 2 * i < fields.count {
            var word = String(fields[4 + 2 * i])
            if let paren = word.firstIndex(of: "("), word.hasSuffix(")") { word = String(word[..<paren]) }
            words.append(word)
        }
        return words
    }
}
