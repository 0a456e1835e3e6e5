import Foundation
import Testing

@testable import AdvGlueCorpora

/// The loaders' own whitespace checks stand in for Foundation's `trimmingCharacters`; they
/// must agree with it on every kind of space and line break.
@Suite("Whitespace checks")
struct WhitespaceTests {
    static let samples = [
        "", " ", "\t", " \n\r\u{0B}\u{0C}", "\u{85}", "\u{A0}", "\u{2028}\u{2029}", "\u{3000}\u{2000}\u{202F}",
        "\u{200B}", "\u{FEFF}", "a", " a ", "\u{A0}x\u{A0}", "\t1\t", " entailment ", "\u{2003}positive\u{2003}",
    ]

    @Test func emptyTextAgreesWithFoundation() {
        for sample in Self.samples {
            let empty = sample.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            #expect((validateText(sample, field: "f") != nil) == empty, "\(sample.unicodeScalars.map(\.value))")
        }
    }

    @Test func labelsAreTrimmedAsFoundationTrims() {
        for sample in Self.samples {
            for label in ["0", "1", "positive", "entailment"] {
                let raw = sample + label + sample
                let expected: Int? = {
                    let trimmed = raw.trimmingCharacters(in: .whitespaces)
                    if let index = GlueTask.sst2.labelNames.firstIndex(of: trimmed) { return index }
                    if let number = Int(trimmed), GlueTask.sst2.labelNames.indices.contains(number) { return number }
                    return nil
                }()
                #expect(GlueTask.sst2.labelID(for: raw) == expected, "\(raw.unicodeScalars.map(\.value))")
            }
        }
    }
}

extension WhitespaceTests {
    /// Every Unicode scalar: the loaders' sets are Foundation's.
    @Test func everyScalarAgreesWithCharacterSet() {
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            #expect(scalar.isWhitespace == CharacterSet.whitespaces.contains(scalar), "U+\(String(value, radix: 16))")
            #expect(
                scalar.isWhitespaceOrNewline == CharacterSet.whitespacesAndNewlines.contains(scalar),
                "U+\(String(value, radix: 16))")
        }
    }
}
