import AdvGlueResults
import AdvGlueText

/// Only words of the named fields may change. For NLI tasks the default is the
/// hypothesis alone, as in TextAttack's `InputColumnModification` and AdvGLUE, so the
/// premise an annotator judged against stays as it was.
public struct FieldModification: PreTransformationConstraint {
    public let fields: Set<String>

    public init(fields: some Sequence<String>) {
        self.fields = Set(fields)
    }

    public var name: String { "fields" }

    public func allows(_ position: WordPosition, in state: PerturbedInput) -> Bool {
        fields.contains(state.original.input.fields[position.field].name)
    }

    /// The default: single-text tasks change their text; pair tasks their second field.
    public static func defaultFields(for fieldNames: [String]) -> [String] {
        fieldNames.count > 1 ? [fieldNames.last!] : fieldNames
    }
}
