import AdvGlueModels
import Foundation

/// Turns a chat model's answers into score rows over the task's labels plus one more
/// column, ``noAnswerLabel``: an answer that names no label word, or more than one, is
/// that column's, so it is never the gold label: counted wrong without attack, and a
/// flip under attack, never dropped from the denominator.
///
/// The parse rule: the answer is lower-cased and split into runs of letters; the labels
/// whose words occur among those runs are the labels it names. Exactly one: the answer.
/// `"Positive."`, `"positive"` and `"The sentiment is positive"` name positive;
/// `"positive or negative"`, `"I cannot tell"` and `""` name none.
///
/// ```swift
/// let reader = LLMAnswerReader(labelWords: ["negative", "positive"])
/// reader.label(in: "Positive.")           // 1
/// reader.label(in: "neither")             // nil
/// reader.row(label: 1)                   // [-30, 0, -30]: one-hot, the no-answer column last
/// ```
struct LLMAnswerReader: Sendable {
    /// The label the report shows for an answer that named no label.
    static let noAnswerLabel = LLMScoring.noAnswerLabel
    /// The gap between a row's top score and the others when only the label is known:
    /// softmax gives the answer a probability of 1 - 1e-13.
    static let hardGap: Float = 30

    let labelWords: [String]

    /// The label an answer names, by the parse rule above; nil for none or several.
    ///
    /// Complexity: O(length of the answer).
    func label(in answer: String) -> Int? {
        let words = answer.lowercased().split { !$0.isLetter }
        var named: Set<Int> = []
        for word in words {
            if let index = labelWords.firstIndex(where: { $0 == word }) { named.insert(index) }
        }
        return named.count == 1 ? named.first : nil
    }

    /// The column of the no-answer label.
    var noAnswerColumn: Int { labelWords.count }

    /// A one-hot row for `label` (nil: no answer), for hard-label scoring.
    func row(label: Int?) -> [Float] {
        var row = [Float](repeating: -Self.hardGap, count: labelWords.count + 1)
        row[label ?? noAnswerColumn] = 0
        return row
    }

    /// Scores from the answer's token log-probabilities, or nil when the response has
    /// none usable (no tokens, or no alternatives at the answer position).
    ///
    /// The answer position is the first generated token whose letters begin the named
    /// label's word (for no answer: the first token with letters). There, each label's
    /// score is the highest log-probability among the alternatives whose letters begin
    /// its word and no other label's ("Pos", " positive" and "POSITIVE" all count for
    /// positive); a label with no such alternative gets half the smallest probability
    /// shown, the most it can have. The highest, not the sum, so that with greedy
    /// decoding the label the model wrote always has the top score; when sampling could
    /// break that, the written label's score is raised just above the others'. The
    /// no-answer column is far below the labels when the answer names one, and just above
    /// them when it names none.
    func row(label: Int?, tokens: [AnswerToken]) -> [Float]? {
        func letters(_ text: String) -> String { String(text.lowercased().filter(\.isLetter)) }
        func owner(_ text: String) -> Int? {
            let prefix = letters(text)
            guard !prefix.isEmpty else { return nil }
            let owners = labelWords.indices.filter { labelWords[$0].hasPrefix(prefix) }
            return owners.count == 1 ? owners[0] : nil
        }
        let position: Int?
        if let label {
            position = tokens.firstIndex { owner($0.text) == label }
        } else {
            position = tokens.firstIndex { !letters($0.text).isEmpty }
        }
        guard let position, !tokens[position].alternatives.isEmpty else { return nil }
        let alternatives = tokens[position].alternatives + [(tokens[position].text, tokens[position].logprob)]
        let floor = (alternatives.map(\.logprob).min() ?? 0) - log(2)
        var row = [Double](repeating: floor, count: labelWords.count)
        for (text, logprob) in alternatives {
            if let index = owner(text), logprob > row[index] { row[index] = logprob }
        }
        let top = row.max() ?? 0
        if let label {
            if row[label] < top || row.indices.contains(where: { $0 != label && row[$0] == top }) {
                row[label] = top + 0.01
            }
            return (row + [(row.min() ?? 0) - Double(Self.hardGap)]).map { Float($0) }
        }
        return (row + [top + log(2)]).map { Float($0) }
    }
}

/// One generated token with its log-probability and the alternatives the server listed.
struct AnswerToken: Sendable, Equatable {
    var text: String
    var logprob: Double
    var alternatives: [(text: String, logprob: Double)]

    static func == (a: Self, b: Self) -> Bool {
        a.text == b.text && a.logprob == b.logprob
            && a.alternatives.elementsEqual(b.alternatives) { $0.text == $1.text && $0.logprob == $1.logprob }
    }
}

/// The majority over `--samples` answers: the label most samples named, with ties and a
/// majority of non-answers as no answer. A flip counts only when the majority flips.
///
/// ```swift
/// LLMVote.majority([1, 1, 0], labels: 2)    // (label: 1, agreement: 2/3)
/// LLMVote.majority([1, 0, nil], labels: 2)  // (label: nil, agreement: 1/3): a tie
/// ```
enum LLMVote {
    static func majority(_ answers: [Int?], labels: Int) -> (label: Int?, agreement: Double) {
        var counts = [Int](repeating: 0, count: labels + 1)
        for answer in answers { counts[answer ?? labels] += 1 }
        let top = counts.max() ?? 0
        let winners = counts.indices.filter { counts[$0] == top }
        let winner = winners.count == 1 && winners[0] < labels ? winners[0] : nil
        return (winner, answers.isEmpty ? 0 : Double(top) / Double(answers.count))
    }

    /// Scores for a vote: the log of each column's share of the samples (smoothed so no
    /// share is zero), with the winner's column (no answer for a tie) on top.
    static func row(_ answers: [Int?], labels: Int) -> [Float] {
        var counts = [Double](repeating: 0, count: labels + 1)
        for answer in answers { counts[answer ?? labels] += 1 }
        let winner = majority(answers, labels: labels).label ?? labels
        if let top = counts.max(), counts.indices.contains(where: { $0 != winner && counts[$0] == top }) {
            counts[winner] = top + 0.5
        }
        let total = counts.reduce(0, +) + 0.1 * Double(counts.count)
        return counts.map { Float(log(($0 + 0.1) / total)) }
    }
}
