import AdvGlueCorpora
import AdvGlueModels
import AdvGlueText

/// Turns an input into the names of the binary features the lexical model weighs.
///
/// Every feature is an entry of an explicit vocabulary, so another tool can rebuild
/// the same model from `advglue model export --format json`:
/// - words are ICU word-break segments of kind letter/number/kana/ideograph, keyed by
///   NFKC + case fold;
/// - single-text tasks: `w:WORD` unigrams and `b:WORD WORD` bigrams;
/// - pair tasks: the same prefixed with `a:` (first field) and `b:` (second field),
///   plus cross-field features: `x:both:WORD` (a second-field word also in the first),
///   `x:new:WORD` (a second-field word not in the first), `x:overlap:K` (the share of
///   second-field words found in the first, in tenths), `x:neg:a`, `x:neg:b` and
///   `x:neg:mismatch` (negation cues in one field, the other, or only one of them).
///
/// Complexity: O(n) in the input's length, plus O(w log w) for deduplication.
public struct LexicalFeaturizer: Sendable, Codable, Hashable {
    public var task: GlueTask
    /// Negation cues, already normalised (``Normalization/key(_:)``).
    public var negationCues: [String]

    public init(task: GlueTask, negationCues: [String]) {
        self.task = task
        self.negationCues = negationCues.map(Normalization.key).sorted()
    }

    /// Normalised words of one field.
    public static func words(_ text: String) -> [String] {
        // ICU fails only when its data is missing; the model then sees no words,
        // which the attack reports as a zero-feature prediction rather than a crash.
        let segments = (try? WordSegmenter.segments(of: text)) ?? []
        return segments.filter(\.kind.isWord).map { Normalization.key(String(text[$0.range])) }
    }

    /// The distinct feature names of `input`, sorted.
    public func features(of input: TextInput) -> [String] {
        var features: Set<String> = []
        let fields = input.texts.map(Self.words)
        if fields.count == 1 {
            Self.addNGrams(fields[0], prefix: "", into: &features)
        } else {
            let a = fields[0]
            let b = fields.dropFirst().flatMap { $0 }
            Self.addNGrams(a, prefix: "a:", into: &features)
            Self.addNGrams(b, prefix: "b:", into: &features)
            let inA = Set(a)
            var overlap = 0
            for word in b {
                if inA.contains(word) {
                    overlap += 1
                    features.insert("x:both:" + word)
                } else {
                    features.insert("x:new:" + word)
                }
            }
            if !b.isEmpty { features.insert("x:overlap:\(overlap * 10 / b.count)") }
            let cues = Set(negationCues)
            let negA = a.contains(where: cues.contains)
            let negB = b.contains(where: cues.contains)
            if negA { features.insert("x:neg:a") }
            if negB { features.insert("x:neg:b") }
            if negA != negB { features.insert("x:neg:mismatch") }
        }
        return features.sorted()
    }

    private static func addNGrams(_ words: [String], prefix: String, into features: inout Set<String>) {
        for (i, word) in words.enumerated() {
            features.insert(prefix + "w:" + word)
            if i > 0 { features.insert(prefix + "b:" + words[i - 1] + " " + word) }
        }
    }
}
