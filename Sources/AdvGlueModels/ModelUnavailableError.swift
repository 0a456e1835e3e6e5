/// Raised by a model when the whole run must stop: its server or process has failed
/// for longer than the run allows (`--max-outage`). Unlike ``ModelError`` it is not
/// recorded against an example: the examples it interrupts are left unfinished, so a
/// resumed run attacks them again.
public struct ModelUnavailableError: Error, Sendable, CustomStringConvertible, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
