import AdvGlueCorpora
import AdvGlueSupport

/// One kind of model `--model` can name: how its spec is written and parsed, how the
/// model loads or connects, and what it says about itself. Each backend is one folder
/// of `Sources/AdvGlueBackends`, listed once in `ModelBackends.all`; see
/// docs/extending.md.
///
/// ```swift
/// let backend = try ModelBackends.parse("lexical:sst2.bin")       // a LexicalBackend
/// let model = try await backend.load(for: .sst2, context: context)
/// model.identity.spec                                               // "lexical:sst2.bin"
/// await model.shutdown()
/// ```
public protocol ModelBackend: Sendable, CustomStringConvertible {
    /// The spec forms this backend reads, for `--help` and the unknown-model error.
    static var forms: [ModelSpecForm] { get }

    /// This backend's reading of a `--model` value: nil when the value is another
    /// backend's; an error when it is this backend's but malformed.
    init?(spec text: String) throws(AdvGlueError)

    /// The spec as reports name the model (``ModelIdentity/spec``).
    var description: String { get }

    /// True for a model outside this process (a program, a server): it is connected
    /// after everything else has been checked, and gets the connection settings and a
    /// log.
    var isExternal: Bool { get }

    /// Loads or connects the model for `task`; the model's labels are the task's.
    func load(for task: GlueTask, context: ModelContext) async throws -> any Classifier
}

extension ModelBackend {
    public var isExternal: Bool { false }

    /// ``init(spec:)`` as an existential: what a registry of backend types calls.
    public static func parse(_ text: String) throws(AdvGlueError) -> (any ModelBackend)? {
        try Self(spec: text)
    }
}

/// One way of writing a backend's spec: `lexical:PATH`, with what it means.
public struct ModelSpecForm: Sendable, Hashable {
    /// As the unknown-model error lists it: `http://HOST:PORT/v2/models/NAME`.
    public var syntax: String
    /// As `--help` shows it: `http(s)://HOST:PORT/v2/models/NAME (a KServe v2 server)`.
    public var help: String

    public init(_ syntax: String, help: String? = nil) {
        self.syntax = syntax
        self.help = help ?? syntax
    }
}

/// What a backend may need to load a model: the project's files (built-in models), and
/// for external models how to reach them and where their log goes.
public struct ModelContext: Sendable {
    public var resources: ProjectResources?
    public var connection: ConnectionSettings
    /// Where an external model's log goes.
    public var log: ModelLog.Destination

    public init(
        resources: ProjectResources?, connection: ConnectionSettings = ConnectionSettings(),
        log: ModelLog.Destination = .standardError(prefix: "model: ")
    ) {
        self.resources = resources
        self.connection = connection
        self.log = log
    }

    /// Opens the log, for a backend that writes one.
    public func openLog() throws(AdvGlueError) -> ModelLog {
        do {
            return try ModelLog(log)
        } catch {
            throw AdvGlueError(
                .io, "cannot write the model log: \(error.localizedDescription); check --model-log or --out",
                cause: error)
        }
    }

    /// The project's files, or an error naming what a built-in model needs.
    public func requireResources() throws(AdvGlueError) -> ProjectResources {
        guard let resources else {
            throw AdvGlueError(
                .notFound, "cannot find the built-in models", hint: "run from the advglue checkout or set ADVGLUE_HOME",
                at: .file("Corpora/models"))
        }
        return resources
    }
}
