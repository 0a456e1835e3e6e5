import AdvGlueResults
import AdvGlueText
import Foundation

/// A reference for ``ResultCodec``: the schema of `results[]` written as `Codable`
/// types, encoded by Foundation's `JSONEncoder`. The codec must write exactly these
/// bytes, and read back what they hold.
struct ReferenceResult: Codable, Equatable {
    struct Field: Codable, Equatable {
        var name: String
        var text: String
    }

    struct Input: Codable, Equatable {
        var fields: [Field]
    }

    struct Position: Codable, Equatable {
        var field: Int
        var word: Int
    }

    struct Change: Codable, Equatable {
        var position: Position
        var span: Int
        var original: String
        var replacement: String
        var transformation: String
    }

    struct Validity: Codable, Equatable {
        var similarity: Double?
        var bertScoreF1: Double?
        var fieldSimilarity: Double?
        var wordShare: Double?
        var passed: [String]?
    }

    struct Rejected: Codable, Equatable {
        var candidates: [String: Int]
        var flips: [String: Int]
    }

    var exampleID: String
    var groundTruth: Int
    var outcome: String
    var original: Input
    var perturbed: Input?
    var originalPrediction: Int?
    var perturbedPrediction: Int?
    var originalProbabilities: [Float]?
    var perturbedProbabilities: [Float]?
    var modifications: [Change]
    var wordCount: Int
    var queries: Int
    var budgetExhausted: Bool
    var errorMessage: String?
    var validity: Validity?
    var rejected: Rejected?

    init(_ r: AttackResult) {
        func input(_ i: TextInput) -> Input { Input(fields: i.fields.map { Field(name: $0.name, text: $0.text) }) }
        exampleID = r.exampleID
        groundTruth = r.groundTruth
        outcome = r.outcome.rawValue
        original = input(r.original)
        perturbed = r.perturbed.map(input)
        originalPrediction = r.originalPrediction
        perturbedPrediction = r.perturbedPrediction
        originalProbabilities = r.originalProbabilities
        perturbedProbabilities = r.perturbedProbabilities
        modifications = r.modifications.map {
            Change(
                position: Position(field: $0.position.field, word: $0.position.word), span: $0.span,
                original: $0.original,
                replacement: $0.replacement, transformation: $0.transformation)
        }
        wordCount = r.wordCount
        queries = r.queries
        budgetExhausted = r.budgetExhausted
        errorMessage = r.errorMessage
        validity = r.validity.map {
            Validity(
                similarity: $0.similarity, bertScoreF1: $0.bertScoreF1, fieldSimilarity: $0.fieldSimilarity,
                wordShare: $0.wordShare, passed: $0.passed)
        }
        rejected = r.rejected.map { Rejected(candidates: $0.candidates, flips: $0.flips) }
    }

    /// A journal line as `JSONEncoder` writes `{index, result}` compactly.
    static func journalLine(index: Int, result: AttackResult) throws -> [UInt8] {
        struct Line: Encodable {
            var index: Int
            var result: ReferenceResult
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return [UInt8](try encoder.encode(Line(index: index, result: ReferenceResult(result)))) + [0x0A]
    }

    /// A whole results file as `JSONEncoder` writes it ( ``JSONFiles`` style).
    static func resultsFile(_ file: ResultsFile) throws -> Data {
        struct File: Encodable {
            var schema: String
            var schemaVersion: Int
            var tool: ToolInfo
            var complete: Bool
            var run: RunInfo
            var summary: AttackSummary
            var results: [ReferenceResult]
        }
        return try JSONFiles.encode(
            File(
                schema: file.schema, schemaVersion: file.schemaVersion, tool: file.tool, complete: file.complete,
                run: file.run, summary: file.summary, results: file.results.map(ReferenceResult.init)))
    }
}
