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
            a.name == b.name && a.cases == b.cases
                && a.properties.map { [$0.0, $0.1] } == b.properties.map { [$0.0, $0.1] }
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
        let tests = suites.map(\.cases.count).reduce(0, +)
        var out = Self.open(
            name: name,
            counts: Counts(
                tests: tests, failures: suites.map(\.failures).reduce(0, +),
                errors: suites.map(\.errors).reduce(0, +), skipped: suites.map(\.skipped).reduce(0, +)))
        for suite in suites {
            out += Self.openSuite(
                name: suite.name, properties: suite.properties,
                counts: Counts(
                    tests: suite.cases.count, failures: suite.failures, errors: suite.errors, skipped: suite.skipped))
            for test in suite.cases { out += Self.element(test) }
            out += Self.closeSuite
        }
        return out + Self.close
    }

    /// Test case tallies for the opening tags, which a streamed file writes before its cases.
    public struct Counts: Sendable, Hashable {
        public var tests, failures, errors, skipped: Int

        public init(tests: Int, failures: Int, errors: Int, skipped: Int) {
            self.tests = tests
            self.failures = failures
            self.errors = errors
            self.skipped = skipped
        }

        public static func + (a: Counts, b: Counts) -> Counts {
            Counts(
                tests: a.tests + b.tests, failures: a.failures + b.failures, errors: a.errors + b.errors,
                skipped: a.skipped + b.skipped)
        }
    }

    // The pieces below are what `render()` joins; a file streamed case by case joins the
    // same pieces, so both give the same bytes.

    /// The XML declaration and the opening `<testsuites>` tag.
    public static func open(name: String = "advglue", counts: Counts) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<testsuites name=\"\(XMLEscaping.attribute(name))\" tests=\"\(counts.tests)\" failures=\"\(counts.failures)\" errors=\"\(counts.errors)\" skipped=\"\(counts.skipped)\">\n"
    }

    /// A suite's opening tag and its properties.
    public static func openSuite(name: String, properties: [(String, String)], counts: Counts) -> String {
        func a(_ text: String) -> String { XMLEscaping.attribute(text) }
        var out =
            "  <testsuite name=\"\(a(name))\" tests=\"\(counts.tests)\" failures=\"\(counts.failures)\" errors=\"\(counts.errors)\" skipped=\"\(counts.skipped)\">\n"
        if !properties.isEmpty {
            out += "    <properties>\n"
            for (key, value) in properties { out += "      <property name=\"\(a(key))\" value=\"\(a(value))\"/>\n" }
            out += "    </properties>\n"
        }
        return out
    }

    /// One `<testcase>` element.
    public static func element(_ test: TestCase) -> String {
        func a(_ text: String) -> String { XMLEscaping.attribute(text) }
        let open =
            "    <testcase classname=\"\(a(test.className))\" name=\"\(a(TextLimit.prefix(test.name, Self.messageLimit)))\""
        switch test.outcome {
        case .passed:
            return open + "/>\n"
        case .skipped(let message):
            return open
                + ">\n      <skipped message=\"\(a(TextLimit.prefix(message, Self.messageLimit)))\"/>\n    </testcase>\n"
        case .failed(let message, let type, let body), .error(let message, let type, let body):
            let element = if case .failed = test.outcome { "failure" } else { "error" }
            return open
                + ">\n      <\(element) message=\"\(a(TextLimit.prefix(message, Self.messageLimit)))\" type=\"\(a(type))\">"
                + XMLEscaping.text(body) + "</\(element)>\n    </testcase>\n"
        }
    }

    public static let closeSuite = "  </testsuite>\n"
    public static let close = "</testsuites>\n"
}
