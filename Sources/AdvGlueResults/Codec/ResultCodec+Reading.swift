import AdvGlueSupport
import AdvGlueText

/// Reading what ``ResultCodec`` writes, and what any other JSON writer may write for the
/// same values: keys in any order, whitespace, escapes, unknown keys skipped.
extension ResultCodec {
    /// A result object, in any key order; unknown keys are skipped.
    public static func read(_ reader: inout JSONReader) throws(AdvGlueError) -> AttackResult {
        let start = reader.offset
        var exampleID: String?
        var groundTruth: Int?
        var outcome: AttackOutcome?
        var original: TextInput?
        var wordCount: Int?
        var queries: Int?
        var budgetExhausted: Bool?
        var modifications: [Modification]?
        var result = AttackResult(
            exampleID: "", groundTruth: 0, outcome: .error, original: TextInput(fields: []), perturbed: nil,
            originalPrediction: nil, perturbedPrediction: nil, originalProbabilities: nil,
            perturbedProbabilities: nil, modifications: [], wordCount: 0, queries: 0, budgetExhausted: false,
            errorMessage: nil)
        try reader.object { reader, key throws(AdvGlueError) in
            switch key {
            case "exampleID": exampleID = try reader.string()
            case "groundTruth": groundTruth = try reader.int()
            case "outcome":
                let offset = reader.offset
                let name = try reader.string()
                guard let value = AttackOutcome(rawValue: name) else {
                    throw AdvGlueError(
                        .badData,
                        "unknown outcome '\(name)' at byte \(offset) (expected \(AttackOutcome.allCases.map(\.rawValue).joined(separator: ", ")))"
                    )
                }
                outcome = value
            case "original": original = try readInput(&reader)
            case "wordCount": wordCount = try reader.int()
            case "queries": queries = try reader.int()
            case "budgetExhausted": budgetExhausted = try reader.bool()
            case "modifications":
                modifications = try reader.array { reader throws(AdvGlueError) in try readModification(&reader) }
            case "perturbed":
                result.perturbed = try reader.optional { reader throws(AdvGlueError) in try readInput(&reader) }
            case "originalPrediction":
                result.originalPrediction = try reader.optional { reader throws(AdvGlueError) in try reader.int() }
            case "perturbedPrediction":
                result.perturbedPrediction = try reader.optional { reader throws(AdvGlueError) in try reader.int() }
            case "originalProbabilities": result.originalProbabilities = try reader.optional(readFloats)
            case "perturbedProbabilities": result.perturbedProbabilities = try reader.optional(readFloats)
            case "errorMessage":
                result.errorMessage = try reader.optional { reader throws(AdvGlueError) in try reader.string() }
            case "validity":
                result.validity = try reader.optional { reader throws(AdvGlueError) in try readValidity(&reader) }
            case "rejected":
                result.rejected = try reader.optional { reader throws(AdvGlueError) in try readRejections(&reader) }
            default: try reader.skipValue()
            }
        }
        func missing(_ key: String) -> AdvGlueError {
            AdvGlueError(.badData, "the result at byte \(start) has no '\(key)'")
        }
        guard let exampleID else { throw missing("exampleID") }
        guard let groundTruth else { throw missing("groundTruth") }
        guard let outcome else { throw missing("outcome") }
        guard let original else { throw missing("original") }
        guard let wordCount else { throw missing("wordCount") }
        guard let queries else { throw missing("queries") }
        guard let budgetExhausted else { throw missing("budgetExhausted") }
        guard let modifications else { throw missing("modifications") }
        result.exampleID = exampleID
        result.groundTruth = groundTruth
        result.outcome = outcome
        result.original = original
        result.wordCount = wordCount
        result.queries = queries
        result.budgetExhausted = budgetExhausted
        result.modifications = modifications
        return result
    }

    /// One result from its bytes, which must hold nothing else.
    public static func decode(_ bytes: ArraySlice<UInt8>) throws(AdvGlueError) -> AttackResult {
        var reader = JSONReader(bytes)
        let result = try read(&reader)
        try reader.end()
        return result
    }

    /// A journal line (without its newline): the example's index and result.
    public static func journalEntry(_ line: ArraySlice<UInt8>) throws(AdvGlueError) -> (
        index: Int, result: AttackResult
    ) {
        var reader = JSONReader(line)
        var index: Int?
        var result: AttackResult?
        try reader.object { reader, key throws(AdvGlueError) in
            switch key {
            case "index": index = try reader.int()
            case "result": result = try read(&reader)
            default: try reader.skipValue()
            }
        }
        try reader.end()
        guard let index, index >= 0 else { throw AdvGlueError(.badData, "the journal line has no example index") }
        guard let result else { throw AdvGlueError(.badData, "the journal line has no result") }
        return (index, result)
    }

    /// The index and example id of a journal line, read from its start; nil when the
    /// line is not a whole example line (it must close both its objects). Resume and
    /// merge place examples by these without reading the results, which are decoded, and
    /// checked whole, when the outputs are written.
    public static func journalHead(_ line: ArraySlice<UInt8>) -> (index: Int, exampleID: String)? {
        guard line.count >= 2, line.last == UInt8(ascii: "}") else { return nil }
        guard line[line.endIndex - 2] == UInt8(ascii: "}") else { return fullHead(line) }
        var reader = JSONReader(line)
        var index: Int?
        var exampleID: String?
        do {
            _ = try reader.members { reader, key throws(AdvGlueError) in
                switch key {
                case "index": index = try reader.int()
                case "result":
                    _ = try reader.members { reader, key throws(AdvGlueError) in
                        guard key == "exampleID" else {
                            try reader.skipValue()
                            return true
                        }
                        exampleID = try reader.string()
                        return false
                    }
                    // The reader is left inside the result object: stop here. advglue writes
                    // `index` first; a line that does not is read in full by the caller.
                    return false
                default: try reader.skipValue()
                }
                return true
            }
        } catch {
            return nil
        }
        guard let index, index >= 0, let exampleID else { return fullHead(line) }
        return (index, exampleID)
    }

    /// A line whose `result` precedes its `index` (edited by hand or by another tool)
    /// is read in full; nil when it is not a whole, valid example line.
    private static func fullHead(_ line: ArraySlice<UInt8>) -> (index: Int, exampleID: String)? {
        guard let entry = try? journalEntry(line) else { return nil }
        return (entry.index, entry.result.exampleID)
    }

    static func readInput(_ reader: inout JSONReader) throws(AdvGlueError) -> TextInput {
        let start = reader.offset
        var fields: [TextField]?
        try reader.object { reader, key throws(AdvGlueError) in
            guard key == "fields" else { return try reader.skipValue() }
            fields = try reader.array { reader throws(AdvGlueError) in
                let start = reader.offset
                var name: String?
                var text: String?
                try reader.object { reader, key throws(AdvGlueError) in
                    switch key {
                    case "name": name = try reader.string()
                    case "text": text = try reader.string()
                    default: try reader.skipValue()
                    }
                }
                guard let name, let text else {
                    throw AdvGlueError(.badData, "the field at byte \(start) needs a name and a text")
                }
                return TextField(name: name, text: text)
            }
        }
        guard let fields else { throw AdvGlueError(.badData, "the input at byte \(start) has no 'fields'") }
        return TextInput(fields: fields)
    }

    static func readModification(_ reader: inout JSONReader) throws(AdvGlueError) -> Modification {
        let start = reader.offset
        var original: String?
        var replacement: String?
        var transformation: String?
        var span: Int?
        var field: Int?
        var word: Int?
        try reader.object { reader, key throws(AdvGlueError) in
            switch key {
            case "original": original = try reader.string()
            case "replacement": replacement = try reader.string()
            case "transformation": transformation = try reader.string()
            case "span": span = try reader.int()
            case "position":
                try reader.object { reader, key throws(AdvGlueError) in
                    switch key {
                    case "field": field = try reader.int()
                    case "word": word = try reader.int()
                    default: try reader.skipValue()
                    }
                }
            default: try reader.skipValue()
            }
        }
        guard let original, let replacement, let transformation, let span, let field, let word else {
            throw AdvGlueError(
                .badData,
                "the modification at byte \(start) needs position {field, word}, span, original, replacement and transformation"
            )
        }
        guard span >= 1 else {
            throw AdvGlueError(
                .badData, "the modification at byte \(start) has span \(span); it replaces at least one word")
        }
        return Modification(
            position: WordPosition(field: field, word: word), span: span, original: original,
            replacement: replacement, transformation: transformation)
    }

    static func readValidity(_ reader: inout JSONReader) throws(AdvGlueError) -> ValidityScores {
        var scores = ValidityScores()
        try reader.object { reader, key throws(AdvGlueError) in
            switch key {
            case "similarity":
                scores.similarity = try reader.optional { reader throws(AdvGlueError) in try reader.double() }
            case "bertScoreF1":
                scores.bertScoreF1 = try reader.optional { reader throws(AdvGlueError) in try reader.double() }
            case "fieldSimilarity":
                scores.fieldSimilarity = try reader.optional { reader throws(AdvGlueError) in try reader.double() }
            case "wordShare":
                scores.wordShare = try reader.optional { reader throws(AdvGlueError) in try reader.double() }
            case "passed":
                scores.passed = try reader.optional { reader throws(AdvGlueError) in
                    try reader.array { reader throws(AdvGlueError) in try reader.string() }
                }
            default: try reader.skipValue()
            }
        }
        return scores
    }

    static func readRejections(_ reader: inout JSONReader) throws(AdvGlueError) -> FilterRejections {
        var rejections = FilterRejections()
        func counts(_ reader: inout JSONReader) throws(AdvGlueError) -> [String: Int] {
            var counts: [String: Int] = [:]
            try reader.object { reader, key throws(AdvGlueError) in counts[key] = try reader.int() }
            return counts
        }
        try reader.object { reader, key throws(AdvGlueError) in
            switch key {
            case "candidates": rejections.candidates = try counts(&reader)
            case "flips": rejections.flips = try counts(&reader)
            default: try reader.skipValue()
            }
        }
        return rejections
    }

    static func readFloats(_ reader: inout JSONReader) throws(AdvGlueError) -> [Float] {
        try reader.array { reader throws(AdvGlueError) in try reader.float() }
    }
}
