/// `validation.json` (`advglue.validation`, version 1): `advglue validate`'s verdict on each
/// adversarial example it judged, with the reasons, and the filters it judged with.
public struct ValidationFile: Sendable, Codable, Hashable {
    public static let fileName = "validation.json"
    public static let schemaName = "advglue.validation"
    public static let currentSchemaVersion = 1

    public var schema = schemaName
    public var schemaVersion = currentSchemaVersion
    public var tool: ToolInfo
    public var filters: FilterInfo?
    public var source: Source
    public var verdicts: [Verdict]

    public struct Source: Sendable, Codable, Hashable {
        public var file: String
        /// `textattack-csv`, `advglue` or `advglue-ann`.
        public var format: String
        public var sha256: String?
        /// The `data_construction` the items were narrowed to, if any.
        public var level: String?

        public init(file: String, format: String, sha256: String?, level: String?) {
            self.file = file
            self.format = format
            self.sha256 = sha256
            self.level = level
        }
    }

    public struct Reason: Sendable, Codable, Hashable {
        public var filter: String
        public var detail: String

        public init(filter: String, detail: String) {
            self.filter = filter
            self.detail = detail
        }
    }

    public struct Change: Sendable, Codable, Hashable {
        public var original: String
        public var replacement: String

        public init(original: String, replacement: String) {
            self.original = original
            self.replacement = replacement
        }
    }

    public struct Verdict: Sendable, Codable, Hashable {
        public var id: String
        public var task: String
        public var method: String?
        public var level: String?
        public var accepted: Bool
        public var reasons: [Reason]
        public var changes: [Change]
        public var wordShare: Double
        public var fieldSimilarity: Double?

        public init(
            id: String, task: String, method: String?, level: String?, accepted: Bool, reasons: [Reason],
            changes: [Change], wordShare: Double, fieldSimilarity: Double?
        ) {
            self.id = id
            self.task = task
            self.method = method
            self.level = level
            self.accepted = accepted
            self.reasons = reasons
            self.changes = changes
            self.wordShare = wordShare
            self.fieldSimilarity = fieldSimilarity
        }
    }

    public init(tool: ToolInfo, filters: FilterInfo?, source: Source, verdicts: [Verdict]) {
        self.tool = tool
        self.filters = filters
        self.source = source
        self.verdicts = verdicts
    }

    /// Counts over the verdicts.
    public struct Summary: Sendable, Hashable {
        public var examples: Int
        public var accepted: Int
        public var acceptedShare: Double?
        /// Examples each filter refused (an example refused by two counts under both).
        public var rejectedBy: [String: Int]
        /// Per method (or recipe): examples and accepted.
        public var byMethod: [String: (examples: Int, accepted: Int)]

        public static func == (a: Summary, b: Summary) -> Bool {
            a.examples == b.examples && a.accepted == b.accepted && a.rejectedBy == b.rejectedBy
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(examples)
            hasher.combine(accepted)
        }
    }

    public var summary: Summary {
        var rejectedBy: [String: Int] = [:]
        var byMethod: [String: (examples: Int, accepted: Int)] = [:]
        for verdict in verdicts {
            for filter in Set(verdict.reasons.map(\.filter)) { rejectedBy[filter, default: 0] += 1 }
            let method = verdict.method ?? "unknown"
            var entry = byMethod[method] ?? (0, 0)
            entry.examples += 1
            if verdict.accepted { entry.accepted += 1 }
            byMethod[method] = entry
        }
        let accepted = verdicts.filter(\.accepted).count
        return Summary(
            examples: verdicts.count, accepted: accepted,
            acceptedShare: verdicts.isEmpty ? nil : Double(accepted) / Double(verdicts.count), rejectedBy: rejectedBy,
            byMethod: byMethod)
    }
}
