/// Exit statuses, following sysexits(3) so scripts can tell failures apart.
/// Status 1 is kept for "the model is not robust enough" (gates); `advglue gate` alone
/// reports its usage and runtime errors as 2, as test runners do.
public enum ExitStatus: Int32, Sendable {
    case success = 0
    case belowThreshold = 1
    case gateError = 2
    case usage = 64
    case dataError = 65
    case noInput = 66
    /// The model's server or process stayed unavailable past the run's limit.
    case unavailable = 69
    case software = 70
    case ioError = 74
    /// The output folder is in use by another run (EX_TEMPFAIL: try again later).
    case busy = 75
    case config = 78
    case interrupted = 130
}

extension ExitStatus {
    /// The one place error codes become exit statuses.
    public init(_ code: AdvGlueError.Code) {
        self =
            switch code {
            case .usage: .usage
            case .notFound: .noInput
            case .badData, .modelFailed: .dataError
            case .badConfig: .config
            case .unavailable: .unavailable
            case .io: .ioError
            case .busy: .busy
            case .interrupted: .interrupted
            case .gateFailed: .belowThreshold
            case .software: .software
            }
    }
}
