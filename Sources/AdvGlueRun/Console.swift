/// Where a run talks to the person running it. The library never prints: it hands
/// lines to a console, and the command line's console writes them to standard output
/// and standard error (tests capture them instead).
///
/// ```swift
/// console.print("report:  Reports/sst2-typo/report.md")  // a result, on standard output
/// console.note("resuming: 40 of 200 examples ...")        // progress talk, silenced by --quiet
/// ```
public protocol RunConsole: Sendable {
    /// A line of the command's output (summary tables, where the report went).
    func print(_ line: String)
    /// Talk about the run (what was resumed, which data is used); nothing under `--quiet`.
    func note(_ message: String)
    /// A warning that `--quiet` does not silence.
    func warn(_ message: String)
    /// A progress line for `total` items, redrawn or printed every tenth.
    func progress(label: String, words: (String, String)) -> any RunProgress
    /// Starts watching for a request to stop (Ctrl-C): the returned closure says whether
    /// one came. Called when a long phase starts, so an early Ctrl-C still quits at once.
    func watchForStop() -> @Sendable () -> Bool
}

/// Progress of a long run, one finished item at a time.
public protocol RunProgress: Sendable {
    /// `outcome` is an attack's (`successful`, `failed`, `skipped`, `error`), or for
    /// an evaluation `failed` for a right item and `successful` for a wrong one.
    func update(done: Int, total: Int, outcome: String)
}

extension RunConsole {
    public func progress(label: String) -> any RunProgress {
        progress(label: label, words: ("flipped", "held"))
    }
}

/// A console that keeps nothing and never stops: for library callers that want no talk.
public struct SilentConsole: RunConsole {
    public init() {}
    public func print(_ line: String) {}
    public func note(_ message: String) {}
    public func warn(_ message: String) {}
    public func progress(label: String, words: (String, String)) -> any RunProgress { Silent() }
    public func watchForStop() -> @Sendable () -> Bool { { false } }

    struct Silent: RunProgress {
        func update(done: Int, total: Int, outcome: String) {}
    }
}
