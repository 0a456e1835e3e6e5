import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Process-wide word that the user asked the run to stop (Ctrl-C, SIGTERM, SIGHUP), for
/// code far from the run's own `shouldStop` (a model call waiting to retry), and the
/// model processes to kill if advglue must exit at once.
///
/// ```swift
/// StopRequest.raise()          // the signal handler
/// if StopRequest.isRaised { … } // a retry loop gives up instead of waiting
/// ```
public enum StopRequest {
    private static let raised = Atomic<Bool>(false)
    private static let children = Mutex<Set<Int32>>([])

    public static var isRaised: Bool { raised.load(ordering: .relaxed) }

    public static func raise() { raised.store(true, ordering: .relaxed) }

    /// A model process advglue started; ``killChildren()`` ends it on a hurried exit.
    public static func register(child pid: Int32) { _ = children.withLock { $0.insert(pid) } }
    public static func unregister(child pid: Int32) { _ = children.withLock { $0.remove(pid) } }

    /// SIGKILL to every registered model process, before advglue exits without its
    /// usual shutdown (a second Ctrl-C), so none is left running.
    public static func killChildren() {
        for pid in children.withLock({ Array($0) }) { _ = kill(pid, SIGKILL) }
    }
}
