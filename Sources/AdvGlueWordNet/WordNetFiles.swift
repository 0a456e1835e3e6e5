import AdvGlueSupport
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
    /// Base form → its irregular forms: the exception list read backwards.
    let irregularForms: [String: [String]]
    /// `data.*`; a synset is the line at its byte offset.
    let data: Data

    init(folder: URL, pos: PartOfSpeech) throws(AdvGlueError) {
        self.pos = pos
        let indexURL = folder.appending(path: "index.\(pos.fileSuffix)")
        let dataURL = folder.appending(path: "data.\(pos.fileSuffix)")
        let exceptionURL = folder.appending(path: "\(pos.fileSuffix).exc")
        guard let indexData = try? Data(contentsOf: indexURL, options: .alwaysMapped) else {
            throw AdvGlueError(
                .notFound, "cannot read WordNet's index", hint: WordNet.installHint, at: .file(indexURL.path))
        }
        guard let data = try? Data(contentsOf: dataURL, options: .alwaysMapped) else {
            throw AdvGlueError(
                .notFound, "cannot read WordNet's data file", hint: WordNet.installHint, at: .file(dataURL.path))
        }
        self.indexData = indexData
        self.data = data
        var start = indexData.startIndex
        while start < indexData.endIndex, indexData[start] == 0x20 {  // licence lines start with two spaces
            start = (indexData[start...].firstIndex(of: 0x0A) ?? indexData.endIndex - 1) + 1
        }
        guard start < indexData.endIndex else {
            throw AdvGlueError(
                .notFound, "WordNet's index holds no lemmas", hint: WordNet.installHint, at: .file(indexURL.path))
        }
        self.indexStart = start
        var exceptions: [String: [String]] = [:]
        if let text = try? Data(contentsOf: exceptionURL) {
            for line in String(decoding: text, as: UTF8.self).split(separator: "\n") {
                let fields = line.split(separator: " ").map(String.init)
                if fields.count >= 2 { exceptions[fields[0], default: []] += fields.dropFirst() }
            }
        }
        self.exceptions = exceptions
        var irregularForms: [String: [String]] = [:]
        for (form, bases) in exceptions {
            for base in bases where base != form { irregularForms[base, default: []].append(form) }
        }
        self.irregularForms = irregularForms
    }

    /// Synset offsets of `lemma` (lower case, `_` for spaces), by binary search over the
    /// sorted index lines. Complexity: O(log n) line comparisons.
    func offsets(of lemma: String) -> [Int]? {
        guard let line = indexLine(of: lemma) else { return nil }
        return indexData.withUnsafeBytes { bytes in
            Self.parseOffsets(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[line]), as: UTF8.self))
        }
    }

    /// Whether `lemma` has an index line: the question morphy asks most.
    func contains(_ lemma: String) -> Bool {
        indexLine(of: lemma) != nil
    }

    /// The byte range of `lemma`'s index line (without its newline).
    private func indexLine(of lemma: String) -> Range<Int>? {
        var lemma = lemma
        return lemma.withUTF8 { key in
            let base = indexStart - indexData.startIndex
            return indexData.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> Range<Int>? in
                var low = base
                var high = bytes.count
                while low < high {
                    let middle = low + (high - low) / 2
                    // The line holding `middle` starts after the previous newline.
                    var lineStart = middle
                    while lineStart > low, bytes[lineStart - 1] != 0x0A { lineStart -= 1 }
                    // Compare the key with the line's first word, byte by byte.
                    var i = 0
                    var position = lineStart
                    var order = 0  // <0: word before key, >0: after, 0: equal
                    while true {
                        let byte: UInt8 = position < bytes.count ? bytes[position] : 0x0A
                        let atEnd = byte == 0x20 || byte == 0x0A
                        if i == key.count {
                            order = atEnd ? 0 : 1
                            break
                        }
                        if atEnd {
                            order = -1
                            break
                        }
                        if byte != key[i] {
                            order = byte < key[i] ? -1 : 1
                            break
                        }
                        i += 1
                        position += 1
                    }
                    if order == 0 || order < 0 {
                        var lineEnd = position
                        while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
                        if order == 0 { return lineStart..<lineEnd }
                        low = lineEnd + 1
                    } else {
                        high = lineStart
                    }
                }
                return nil
            }
        }
    }

    /// `lemma pos synset_cnt p_cnt [ptr...] sense_cnt tagsense_cnt offset...`
    static func parseOffsets(_ line: String) -> [Int] {
        let fields = line.split(separator: " ")
        guard fields.count >= 6, let synsets = Int(fields[2]), fields.count >= synsets else { return [] }
        return fields.suffix(synsets).compactMap { Int($0) }
    }

    /// The space-separated fields of `lemma`'s index line; none if it has no line.
    private func indexFields(of lemma: String) -> [Substring] {
        guard let line = indexLine(of: lemma) else { return [] }
        let text = indexData.withUnsafeBytes {
            String(decoding: UnsafeRawBufferPointer(rebasing: $0[line]), as: UTF8.self)
        }
        return text.split(separator: " ")
    }

    /// The offsets of `lemma`'s senses that the SemCor corpus attests (its index line's
    /// `tagsense_cnt` first senses, which WordNet orders by frequency).
    func taggedOffsets(of lemma: String) -> [Int] {
        let fields = indexFields(of: lemma)
        guard fields.count >= 6, let synsets = Int(fields[2]), fields.count > synsets,
            let tagged = Int(fields[fields.count - synsets - 1])
        else { return [] }
        return Array(fields.suffix(synsets).compactMap { Int($0) }.prefix(tagged))
    }

    /// The pointer symbols of `lemma`'s index line (`\` pertainym, `!` antonym, ...): the
    /// kinds of relation it has in any of its senses.
    func pointerSymbols(of lemma: String) -> [String] {
        let fields = indexFields(of: lemma)
        guard fields.count >= 4, let count = Int(fields[3]), fields.count >= 4 + count else { return [] }
        return fields[4..<4 + count].map(String.init)
    }

    /// The gloss of the synset at `offset`: its definition and examples, the text after
    /// the line's ` | `.
    func gloss(at offset: Int) -> String {
        guard offset >= 0, offset < data.count else { return "" }
        return data.withUnsafeBytes { bytes -> String in
            var end = offset
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            var bar = offset
            while bar + 2 < end, !(bytes[bar] == 0x20 && bytes[bar + 1] == 0x7C && bytes[bar + 2] == 0x20) { bar += 1 }
            guard bar + 2 < end else { return "" }
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[(bar + 3)..<end]), as: UTF8.self)
                .trimmingCharacters(in: .whitespaces)
        }
    }

    /// The words of the synset at `offset`, as written (underscores for spaces,
    /// adjective markers such as `(a)` removed).
    func synsetWords(at offset: Int) -> [String] {
        guard offset >= 0, offset < data.count else { return [] }
        return data.withUnsafeBytes { bytes -> [String] in
            // offset lex_filenum ss_type w_cnt word lex_id [word lex_id...] ...; only the
            // fields up to the last word are split off the line (the gloss is long).
            var fields: [Range<Int>] = []
            var wanted = 5
            var position = offset
            while fields.count < wanted {
                while position < bytes.count, bytes[position] == 0x20 { position += 1 }
                guard position < bytes.count, bytes[position] != 0x0A else { break }
                let start = position
                while position < bytes.count, bytes[position] != 0x20, bytes[position] != 0x0A { position += 1 }
                fields.append(start..<position)
                if fields.count == 4 {
                    guard
                        let count = Int(
                            String(decoding: UnsafeRawBufferPointer(rebasing: bytes[fields[3]]), as: UTF8.self),
                            radix: 16)
                    else {
                        return []
                    }
                    wanted = max(5, 4 + 2 * count)
                }
            }
            guard fields.count > 4,
                let count = Int(
                    String(decoding: UnsafeRawBufferPointer(rebasing: bytes[fields[3]]), as: UTF8.self), radix: 16)
            else {
                return []
            }
            var words: [String] = []
            for i in 0..<count where 4 + 2 * i < fields.count {
                var word = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[fields[4 + 2 * i]]), as: UTF8.self)
                if let paren = word.firstIndex(of: "("), word.hasSuffix(")") { word = String(word[..<paren]) }
                words.append(word)
            }
            return words
        }
    }
}
