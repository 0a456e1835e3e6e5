import AdvGlueSupport
import AdvGlueText

/// The one codec of a per-example result: its object in `results.json` (pretty) and in
/// a journal line (compact), written and read here alone. The keys are those of
/// `docs/results-schema.md` (`results[]`); a test holds the two together.
///
/// ```swift
/// let line = ResultCodec.journalLine(index: 3, result: result)   // {"index":3,"result":{...}}\n
/// let (index, decoded) = try ResultCodec.journalEntry(line.dropLast())
/// ```
/// Complexity: O(size of the result).
public enum ResultCodec {
    // MARK: Writing

    /// Writes `result` as an object, keys in byte order, optional keys left out when nil.
    public static func write(_ result: AttackResult, to json: inout JSONWriter) {
        json.beginObject()
        json.key("budgetExhausted")
        json.bool(result.budgetExhausted)
        if let message = result.errorMessage {
            json.key("errorMessage")
            json.string(message)
        }
        json.key("exampleID")
        json.string(result.exampleID)
        json.key("groundTruth")
        json.int(result.groundTruth)
        json.key("modifications")
        json.beginArray()
        for modification in result.modifications { write(modification, to: &json) }
        json.endArray()
        json.key("original")
        write(result.original, to: &json)
        if let prediction = result.originalPrediction {
            json.key("originalPrediction")
            json.int(prediction)
        }
        if let probabilities = result.originalProbabilities {
            json.key("originalProbabilities")
            json.floats(probabilities)
        }
        json.key("outcome")
        json.string(result.outcome.rawValue)
        if let perturbed = result.perturbed {
            json.key("perturbed")
            write(perturbed, to: &json)
        }
        if let prediction = result.perturbedPrediction {
            json.key("perturbedPrediction")
            json.int(prediction)
        }
        if let probabilities = result.perturbedProbabilities {
            json.key("perturbedProbabilities")
            json.floats(probabilities)
        }
        json.key("queries")
        json.int(result.queries)
        if let rejected = result.rejected {
            json.key("rejected")
            json.beginObject()
            json.key("candidates")
            writeCounts(rejected.candidates, to: &json)
            json.key("flips")
            writeCounts(rejected.flips, to: &json)
            json.endObject()
        }
        if let validity = result.validity {
            json.key("validity")
            json.beginObject()
            if let f1 = validity.bertScoreF1 {
                json.key("bertScoreF1")
                json.double(f1)
            }
            if let similarity = validity.fieldSimilarity {
                json.key("fieldSimilarity")
                json.double(similarity)
            }
            if let passed = validity.passed {
                json.key("passed")
                json.beginArray()
                for name in passed { json.string(name) }
                json.endArray()
            }
            if let similarity = validity.similarity {
                json.key("similarity")
                json.double(similarity)
            }
            if let share = validity.wordShare {
                json.key("wordShare")
                json.double(share)
            }
            json.endObject()
        }
        json.key("wordCount")
        json.int(result.wordCount)
        json.endObject()
    }

    /// A name → count object, keys in byte order.
    static func writeCounts(_ counts: [String: Int], to json: inout JSONWriter) {
        json.beginObject()
        for name in counts.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            json.key(name)
            json.int(counts[name]!)
        }
        json.endObject()
    }

    static func write(_ modification: Modification, to json: inout JSONWriter) {
        json.beginObject()
        json.key("original")
        json.string(modification.original)
        json.key("position")
        json.beginObject()
        json.key("field")
        json.int(modification.position.field)
        json.key("word")
        json.int(modification.position.word)
        json.endObject()
        json.key("replacement")
        json.string(modification.replacement)
        json.key("span")
        json.int(modification.span)
        json.key("transformation")
        json.string(modification.transformation)
        json.endObject()
    }

    static func write(_ input: TextInput, to json: inout JSONWriter) {
        json.beginObject()
        json.key("fields")
        json.beginArray()
        for field in input.fields {
            json.beginObject()
            json.key("name")
            json.string(field.name)
            json.key("text")
            json.string(field.text)
            json.endObject()
        }
        json.endArray()
        json.endObject()
    }

    /// `{"index":N,"result":{...}}` and a newline: one line of a journal.
    public static func journalLine(index: Int, result: AttackResult) -> [UInt8] {
        var json = JSONWriter(style: .compact, capacity: 1200)
        json.beginObject()
        json.key("index")
        json.int(index)
        json.key("result")
        write(result, to: &json)
        json.endObject()
        return json.bytes + [0x0A]
    }
}
