import AdvGlueCorpora
import AdvGlueModels
import AdvGlueResults
import AdvGlueSupport
import AdvGlueText

/// Scores a model on one task's AdvGLUE items, and on their originals where the
/// annotations give them, in batches.
///
/// A batch the model fails on is retried item by item, so one bad input is recorded
/// against its item (which then counts as wrong) instead of ending the run.
public struct AdvGlueEvaluator: Sendable {
    public var batchSize: Int

    public init(batchSize: Int = 256) {
        precondition(batchSize >= 1, "batchSize must be at least 1")
        self.batchSize = batchSize
    }

    /// The items of `examples` in order; with `shouldStop` raised between batches, only
    /// those scored so far (the second value is then false).
    public func evaluate(
        _ examples: [Example], annotations: [String: AdvGlueAnnotation], classifier: any Classifier,
        shouldStop: @Sendable () -> Bool = { false },
        progress: @Sendable (_ done: Int, _ total: Int, _ correct: Bool) -> Void = { _, _, _ in }
    ) async -> ([EvalItem], Bool) {
        var items: [EvalItem] = []
        for start in stride(from: 0, to: examples.count, by: batchSize) {
            if shouldStop() { return (items, false) }
            var batch = examples[start..<min(start + batchSize, examples.count)].map { example in
                let annotation = annotations[example.id]
                return EvalItem(
                    id: example.id, label: example.label, input: example.input, original: annotation?.original,
                    level: annotation?.level, method: annotation?.method)
            }
            // Adversarial inputs first, then the originals, in one call where possible.
            var inputs = batch.map(\.input)
            let originals = batch.indices.filter { batch[$0].original != nil }
            inputs += originals.map { batch[$0].original! }
            let rows = await score(inputs, classifier: classifier)
            for i in batch.indices {
                switch rows[i] {
                case .success(let row):
                    batch[i].prediction = argmax(row)
                    batch[i].probabilities = softmax(row)
                case .failure(let error):
                    batch[i].error = error.summary
                }
            }
            for (offset, i) in originals.enumerated() {
                switch rows[batch.count + offset] {
                case .success(let row):
                    batch[i].originalPrediction = argmax(row)
                    batch[i].originalProbabilities = softmax(row)
                case .failure(let error):
                    batch[i].error = batch[i].error ?? "original: \(error.summary)"
                }
            }
            for item in batch {
                items.append(item)
                progress(items.count, examples.count, item.correct)
            }
        }
        return (items, true)
    }

    /// One call for all inputs; on failure, one call per input.
    func score(_ inputs: [TextInput], classifier: any Classifier) async -> [Result<[Float], AdvGlueError>] {
        if let rows = try? await classifier.logits(for: inputs), rows.count == inputs.count,
            rows.allSatisfy({ $0.allSatisfy(\.isFinite) })
        {
            return rows.map { .success($0) }
        }
        var out: [Result<[Float], AdvGlueError>] = []
        for input in inputs {
            do {
                guard let row = try await classifier.logits(for: [input]).first, row.count == classifier.labels.count
                else {
                    throw AdvGlueError(
                        .modelFailed, "the model returned no scores of \(classifier.labels.count) classes")
                }
                guard row.allSatisfy(\.isFinite) else {
                    throw AdvGlueError(.modelFailed, "the model returned a non-finite score")
                }
                out.append(.success(row))
            } catch let error as AdvGlueError {
                out.append(.failure(error))
            } catch {
                out.append(.failure(AdvGlueError(.modelFailed, "\(error)")))
            }
        }
        return out
    }
}
