import Foundation

/// One part of speech's `index.*`, `data.*` and `*.exc` files, read on first use.
final class WordNetFiles: Sendable {
    let pos: PartOfSpeech
    /// Lemma (lower case, spaces as `_`) → synset byte offsets in `data`.
    let index: [String: [Int]]
    /// Inflected form → base forms, from the exception list.
    let exceptions: [String: [String]]
    /// `data.*` kept in memory; a synset is the line at its byte offset.
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
        self.data = data
        var index: [String: [Int]] = [:]
        for line in Self.lines(indexData) where !line.hasPrefix("  ") {
            // lemma pos synset_cnt p_cnt [ptr...] sense_cnt tagsense_cnt offset...
            let fields = line.split(separator: " ")
            guard fields.count >= 6, let synsets = Int(fields[2]), fields.count >= synsets else { continue }
            index[String(fields[0])] = fields.suffix(synsets).compactMap { Int($0) }
        }
        guard !index.isEmpty else { throw WordNetError(path: indexURL.path, problem: "WordNet's index holds no lemmas") }
        self.index = index
        var exceptions: [String: [String]] = [:]
        if let text = try? Data(contentsOf: exceptionURL) {
            for line in Self.lines(text) {
                let fields = line.split(separator: " ").map(String.init)
                if fields.count >= 2 { exceptions[fields[0], default: []] += fields.dropFirst() }
            }
        }
        self.exceptions = exceptions
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

    static func lines(_ data: Data) -> [String] {
        String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}
