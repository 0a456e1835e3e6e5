import AdvGlueModels
import AdvGlueSupport

/// Matches the labels an external model declares to the task's labels, so that score
/// columns can be put in the task's order.
///
/// ```swift
/// try LabelAlignment.columns(model: ["POSITIVE", "NEGATIVE"], task: ["negative", "positive"])
/// // [1, 0]: the task's "negative" is the model's column 1
/// ```
enum LabelAlignment {
    /// The model's column for each task label. Names match case-insensitively in any
    /// order; Hugging Face's generic `LABEL_0`, `LABEL_1`, ... match by position.
    static func columns(model: [String], task: [String]) throws(AdvGlueError) -> [Int] {
        guard model.count == task.count else {
            throw AdvGlueError(
                .badData,
                "the model has \(model.count) labels (\(model.joined(separator: ", "))), the task \(task.count) (\(task.joined(separator: ", ")))"
            )
        }
        if model.enumerated().allSatisfy({ $0.element.uppercased() == "LABEL_\($0.offset)" }) {
            return Array(model.indices)
        }
        let lowered = model.map { $0.lowercased() }
        var columns: [Int] = []
        for label in task {
            guard let column = lowered.firstIndex(of: label.lowercased()) else {
                throw AdvGlueError(
                    .badData,
                    "the model's labels (\(model.joined(separator: ", "))) do not include the task's '\(label)'; the task's labels are \(task.joined(separator: ", "))"
                )
            }
            columns.append(column)
        }
        return columns
    }
}
