/// JUnit XML for CI systems (GitHub Actions test reporters, GitLab, Jenkins): test
/// suites of test cases that pass, fail, error or are skipped.
///
/// No timestamps or durations, so a regenerated file is byte-identical. Every name,
/// attribute and body goes through ``XMLEscaping``.
public struct JUnitXML: Sendable {
    public enum Outcome: Sendable, Hashable {
        case passed
        case failed(message: String, type: String, body: String)
        case error(message: String, type: String, body: String)
        case skipped(message: String)
    }

    public struct TestCase: Sendable, Hashable {
        public var className: String
        public var name: String
        public var outcome: Outcome

        public init(className: String, name: String, outcome: Outcome) {
            self.className = className
            self.name = name
            self.outcome = outcome
        }
    }

    public struct Suite: Sendable, Hashable {
        public var name: String
        public var properties: [(String, String)]
        public var cases: [TestCase]

        public init(name: String, properties: [(String, String)], cases: [TestCase]) {
            self.name = name
            self.properties = properties
            self.cases = cases
        }

        public static func == (a: Suite, b: Suite) -> Bool {
            a.name == b.name && a.cases == b.cases && a.properties.map { [$0.0, $0.1] } == b.properties.map { [$0.0, $0.1] }
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(name)
            hasher.combine(cases)
        }

        var failures: Int { cases.filter { if case .failed = $0.outcome { true } else { false } }.count }
        var errors: Int { cases.filter { if case .error = $0.outcome { true } else { false } }.count }
        var skipped: Int { cases.filter { if case .skipped = $0.outcome { true } else { false } }.count }
    }

    public var name: String
    public var suites: [Suite]

    public init(name: String = "advglue", suites: [Suite]) {
        self.name = name
        self.suites = suites
    }

    /// Attribute values of messages are cut to this many characters; bodies keep all.
    static let messageLimit = 200

    public func render() -> String {
        func a(_ text: String) -> String { XMLEscaping.attribute(text) }
        let tests = suites.map(\.cases.count).reduce(0, +)
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"\(a(name))\" tests=\"\(tests)\" failures=\"\(suites.map(\.failures).reduce(0, +))\" errors=\"\(suites.map(\.errors).reduce(0, +))\" skipped=\"\(suites.map(\.skipped).reduce(0, +))\">\n"
        for suite in suites {
            out += "  <testsuite name=\"\(a(suite.name))\" tests=\"\(suite.cases.count)\" failures=\"\(suite.failures)\" errors=\"\(suite.errors)\" skipped=\"\(suite.skipped)\">\n"
            if !suite.properties.isEmpty {
                out += "    <properties>\n"
                for (key, value) in suite.properties { out += "      <property name=\"\(a(key))\" value=\"\(a(value))\"/>\n" }
                out += "    </properties>\n"
            }
            for test in suite.cases {
                let open = "    <testcase classname=\"\(a(test.className))\" name=\"\(a(TextLimit.prefix(test.name, Self.messageLimit)))\""
                switch test.outcome {
                case .passed:
                    out += open + "/>\n"
                case .skipped(let message):
                    out += open + ">\n      <skipped message=\"\(a(TextLimit.prefix(message, Self.messageLimit)))\"/>\n    </testcase>\n"
                case .failed(let message, let type, let body), .error(let message, let type, let body):
                    let element = if case .failed = test.outcome { "failure" } else { "error" }
                    out += open + ">\n      <\(element) message=\"\(a(TextLimit.prefix(message, Self.messageLimit)))\" type=\"\(a(type))\">"
                    out += XMLEscaping.text(body) + "</\(element)>\n    </testcase>\n"
                }
            }
            out += "  </testsuite>\n"
        }
        return out + "</testsuites>\n"
    }
}
