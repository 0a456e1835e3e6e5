import AdvGlueCorpora
import AdvGlueResults
import AdvGlueSupport
import AdvGlueText
import AdvGlueWordNet
import Foundation

/// Judges an adversarial example made by any tool (TextAttack, AdvGLUE, advglue itself)
/// with the validity filters: it aligns the perturbed text with the original word by word,
/// turns each difference into a modification, and asks every filter about it, as an attack
/// under `--filters advglue` would have.
///
/// Other tools re-tokenise and re-case text, so before aligning: clitics are joined to
/// their word ("it 's", "It ' s" → "it's"), a field whose original has no capital letter
/// (lower-cased corpora such as SST-2) ignores differences of case alone, and the first
/// word's capital is never a change. A substitution is taken as a WordNet synonym of the
/// part of speech under which the two words share a synset, if any, so the sense and
/// part-of-speech filters can judge it; otherwise those two have nothing to compare.
///
/// ```swift
/// let verdict = try await validator.judge(original: before, perturbed: after)
/// verdict.accepted  // false
/// verdict.reasons   // [polarity-kept: slow → unhurried]
/// ```
/// Complexity: O(n · m) to align n and m words, then the filters per change.
public struct ExampleValidator: Sendable {
    public let filters: ValidityFilters
    public let wordnet: WordNet?

    public init(filters: ValidityFilters, wordnet: WordNet?) {
        self.filters = filters
        self.wordnet = wordnet
    }

    /// The validator of `--filters advglue` for `task`, with the process's WordNet.
    public static func advglue(task: GlueTask, resources: ProjectResources?) throws(AdvGlueError) -> ExampleValidator {
        ExampleValidator(
            filters: try ValidityFilters.load(.advglue, task: task, resources: resources),
            wordnet: try SharedWordNet.instance())
    }

    /// Why an example was refused: the filter and the change it refused.
    public struct Reason: Sendable, Hashable {
        public var filter: String
        public var detail: String
    }

    public struct Verdict: Sendable {
        public var accepted: Bool { reasons.isEmpty }
        public var reasons: [Reason]
        public var changes: [Modification]
        /// The share of the changed fields' words changed.
        public var wordShare: Double
        public var fieldSimilarity: Double?
    }

    /// `original` and `perturbed` must have the same fields; the fields whose text differs
    /// are the attacked ones.
    public func judge(original: TextInput, perturbed: TextInput) async throws -> Verdict {
        let segmentation = filters.segmentation ?? .icu
        let before = TextInput(fields: original.fields.map { TextField(name: $0.name, text: Self.normalized($0.text)) })
        let after = TextInput(fields: perturbed.fields.map { TextField(name: $0.name, text: Self.normalized($0.text)) })
        let segmented = try SegmentedInput(before, segmentation: segmentation)
        var changed: Set<String> = []
        var changes: [Modification] = []
        for (index, (a, b)) in zip(before.fields, after.fields).enumerated() where a.text != b.text {
            changed.insert(a.name)
            let words = segmented.fields[index]
            let other = try SegmentedText(b.text, segmentation: segmentation)
            changes += modifications(
                field: index, from: words, to: other, ignoringCase: !a.text.contains { $0.isUppercase })
        }
        // Each change as the kind of edit it is, so the similarity check reverts typos.
        changes = changes.map { change in
            var named = change
            named.transformation = names(for: change)[0]
            return named
        }
        let reference = PerturbedInput(segmented, modifiableFields: changed)
        var candidate = reference
        for change in changes { candidate = candidate.applying(change) }
        var reasons: [Reason] = []
        for rule in filters.preConstraints {
            if let rate = rule as? MaxModificationRate {
                let limit = rate.limit(forWordCount: candidate.modifiableWordCount)
                if candidate.modifiedWordCount > limit {
                    reasons.append(
                        Reason(
                            filter: rule.name,
                            detail:
                                "\(candidate.modifiedWordCount) of \(candidate.modifiableWordCount) words changed (at most \(limit))"
                        ))
                }
                continue
            }
            for change in changes where !change.covered.allSatisfy({ rule.allows($0, in: reference) }) {
                reasons.append(Reason(filter: rule.name, detail: Self.describe(change)))
            }
        }
        for change in changes {
            reasons += try await refusals(of: change, reference: reference)
        }
        var similarity: Double?
        for check in filters.acceptance {
            let measure = try await check.measure(candidate)
            similarity = measure.value
            if !measure.passes {
                reasons.append(
                    Reason(filter: check.name, detail: "similarity \(String(format: "%.3f", measure.value))"))
            }
        }
        let share =
            candidate.modifiableWordCount == 0
            ? 0 : Double(candidate.modifiedWordCount) / Double(candidate.modifiableWordCount)
        return Verdict(reasons: reasons, changes: changes, wordShare: share, fieldSimilarity: similarity)
    }

    /// The word filters' refusals of one change: for a substitution, under the part of
    /// speech that lets it pass, if any.
    private func refusals(of change: Modification, reference: PerturbedInput) async throws -> [Reason] {
        var found: [Reason]?
        for name in names(for: change) {
            var attempt = change
            attempt.transformation = name
            let candidate = reference.applying(attempt)
            var reasons: [Reason] = []
            for constraint in filters.constraints
            where try await constraint.filter([candidate], reference: reference).isEmpty {
                reasons.append(Reason(filter: constraint.name, detail: Self.describe(change)))
            }
            if reasons.isEmpty { return [] }
            if found == nil { found = reasons }
        }
        return found ?? []
    }

    /// The transformation names a change is judged as: the kind of edit, and for a
    /// substitution each part of speech under which WordNet relates the two words.
    private func names(for change: Modification) -> [String] {
        switch ModificationKind(original: change.original, replacement: change.replacement) {
        case .characterEdit: return ["character-typo.external"]
        case .invisible: return ["invisible-character.external"]
        case .template: return ["distraction.external"]
        case .rewrite: return ["paraphrase.external"]
        case .substitution:
            guard let wordnet else { return ["substitution.external"] }
            let related = PartOfSpeech.allCases.filter { pos in
                let replacements = Set(
                    ((try? wordnet.lemmas(of: change.replacement, as: pos)) ?? []).map { $0.lowercased() })
                return ((try? wordnet.lemmas(of: change.original, as: pos)) ?? []).contains { lemma in
                    ((try? wordnet.synsets(of: lemma, as: pos)) ?? []).contains { synset in
                        synset.contains { replacements.contains($0.lowercased()) }
                    }
                }
            }
            return related.isEmpty ? ["substitution.external"] : related.map { "wordnet-synonym.\($0.rawValue)" }
        }
    }

    /// The changes from `words` to `other`, one per run of differing words; a run that only
    /// adds words is attached to the word before it (or after, at the start).
    private func modifications(field: Int, from words: SegmentedText, to other: SegmentedText, ignoringCase: Bool)
        -> [Modification]
    {
        let a = words.words.map { String($0.text) }
        let b = other.words.map { String($0.text) }
        var result: [Modification] = []
        func text(_ segmented: SegmentedText, _ range: Range<Int>) -> String {
            guard let first = range.first, let last = range.last else { return "" }
            return String(
                segmented.text[segmented.words[first].range.lowerBound..<segmented.words[last].range.upperBound])
        }
        for run in WordAlignment.runs(a, b) {
            switch run {
            case .equal(let ra, let rb):
                guard !ignoringCase else { continue }
                for (i, j) in zip(ra, rb) where a[i] != b[j] && !(i == 0 && j == 0) {
                    result.append(
                        Modification(
                            position: WordPosition(field: field, word: i), original: a[i], replacement: b[j],
                            transformation: "external"))
                }
            case .changed(let ra, let rb):
                if ra.isEmpty {
                    guard !a.isEmpty else { continue }
                    let anchor = ra.lowerBound > 0 ? ra.lowerBound - 1 : 0
                    let added = text(other, rb)
                    result.append(
                        Modification(
                            position: WordPosition(field: field, word: anchor), original: a[anchor],
                            replacement: anchor < ra.lowerBound ? a[anchor] + " " + added : added + " " + a[anchor],
                            transformation: "external"))
                } else {
                    result.append(
                        Modification(
                            position: WordPosition(field: field, word: ra.lowerBound), span: ra.count,
                            original: text(words, ra), replacement: text(other, rb), transformation: "external"))
                }
            }
        }
        return result
    }

    static func describe(_ change: Modification) -> String {
        "\(change.original) → \(change.replacement)"
    }

    /// Clitics joined to their word and runs of spaces made one: "it 's" and "It ' s" both
    /// become "it's"-like, so re-tokenised text aligns with its original.
    static func normalized(_ text: String) -> String {
        var result = text
        for pattern in [#"\s*'\s*(s|re|ve|ll|d|m|t)\b"#, #"\s+(n't)\b"#] {
            result = result.replacingOccurrences(
                of: pattern, with: pattern.hasPrefix(#"\s+"#) ? "$1" : "'$1", options: .regularExpression)
        }
        return result.replacingOccurrences(of: #"\s+"#, with: " ", options: .regularExpression)
    }
}
