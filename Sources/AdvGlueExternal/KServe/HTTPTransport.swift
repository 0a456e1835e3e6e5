import Dispatch
import Foundation
import Synchronization
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// HTTP for model servers on Foundation's URLSession (libcurl on Linux): one session
/// per model, so connections are kept alive and reused; TLS certificates are always
/// verified against the system's trust store; at most `maxInFlight` requests at once;
/// each request limited to `timeout` seconds.
///
/// Failures come back as ``ModelCallFailure``s classified for retrying: connection
/// errors, timeouts, 408, 429, 502, 503 and 504 are `.unavailable` (with
/// `Retry-After`), other 5xx `.requestFailed`, TLS failures and other 4xx `.permanent`.
final class HTTPTransport: Sendable {
    private let session: URLSession
    private let headers: [(name: String, value: String)]
    private let limit: AsyncSemaphore
    let timeout: Double

    init(headers: [(name: String, value: String)], maxInFlight: Int, timeout: Double) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = maxInFlight
        configuration.timeoutIntervalForRequest = timeout
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        session = URLSession(configuration: configuration)
        self.headers = headers
        limit = AsyncSemaphore(maxInFlight)
        self.timeout = timeout
    }

    deinit {
        session.finishTasksAndInvalidate()
    }

    func get(_ url: URL) async throws(ModelCallFailure) -> Data {
        try await send(request(url, method: "GET", body: nil))
    }

    func post(_ url: URL, json body: Data) async throws(ModelCallFailure) -> Data {
        try await send(request(url, method: "POST", body: body))
    }

    private func request(_ url: URL, method: String, body: Data?) -> URLRequest {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.httpMethod = method
        request.httpBody = body
        if body != nil { request.setValue("application/json", forHTTPHeaderField: "Content-Type") }
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        for header in headers { request.setValue(header.value, forHTTPHeaderField: header.name) }
        return request
    }

    private func send(_ request: URLRequest) async throws(ModelCallFailure) -> Data {
        let result = await limit.withPermit { await exchange(request) }
        let data: Data, response: URLResponse
        switch result {
        case .success(let value): (data, response) = value
        case .failure(let error): throw Self.classify(error, timeout: timeout)
        }
        guard let http = response as? HTTPURLResponse else {
            throw ModelCallFailure(.permanent, "not an HTTP response from \(request.url?.absoluteString ?? "the server")")
        }
        let status = http.statusCode
        if (200..<300).contains(status) { return data }
        let message = "HTTP \(status) from \(request.httpMethod ?? "") \(request.url?.path ?? ""): \(KServeMessages.snippet(data))"
        let retryAfter = Self.retryAfter(http.value(forHTTPHeaderField: "Retry-After"))
        switch status {
        case 408, 429, 502, 503, 504: throw ModelCallFailure(.unavailable, message, retryAfter: retryAfter)
        case 500..<600: throw ModelCallFailure(.requestFailed, message, retryAfter: retryAfter)
        default: throw ModelCallFailure(.permanent, message)
        }
    }

    /// One request with a deadline. This uses the completion-handler API and cancels
    /// from a dispatch timer: on Linux, cancelling the Task around URLSession's async
    /// `data(for:)` deadlocks (swift-corelibs-foundation syncs onto its session queue
    /// inside the task's cancellation handler while a finishing request on that queue
    /// waits for the same task's status lock; seen here with Swift 6.3.1).
    private func exchange(_ request: URLRequest) async -> Result<(Data, URLResponse), any Error> {
        await withCheckedContinuation { continuation in
            let state = ExchangeState()
            let task = session.dataTask(with: request) { data, response, error in
                guard let timedOut = state.finish() else { return }
                if timedOut {
                    continuation.resume(returning: .failure(URLError(.timedOut)))
                } else if let error {
                    continuation.resume(returning: .failure(error))
                } else if let response {
                    continuation.resume(returning: .success((data ?? Data(), response)))
                } else {
                    continuation.resume(returning: .failure(URLError(.badServerResponse)))
                }
            }
            task.resume()
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) {
                if state.expire() { task.cancel() }
            }
        }
    }

    static func classify(_ error: any Error, timeout: Double) -> ModelCallFailure {
        guard let error = error as? URLError else {
            return ModelCallFailure(.unavailable, "request failed: \(error)")
        }
        switch error.code {
        case .timedOut:
            return ModelCallFailure(.unavailable, "no answer within --timeout \(FaultTolerantCaller.seconds(timeout)) s")
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate, .serverCertificateNotYetValid,
             .serverCertificateHasUnknownRoot, .clientCertificateRejected, .clientCertificateRequired:
            return ModelCallFailure(.permanent, "TLS failed (\(error.localizedDescription)); the server's certificate must verify against the system's trust store")
        case .badURL, .unsupportedURL:
            return ModelCallFailure(.permanent, "bad URL (\(error.localizedDescription))")
        case .userAuthenticationRequired:
            return ModelCallFailure(.permanent, "the server wants authentication; pass it with --header 'Authorization: env:VAR'")
        default:
            // On Linux, libcurl's certificate failures arrive as URLError -1 with curl's
            // message ("SSL certificate problem: self-signed certificate").
            let message = error.localizedDescription
            if message.contains("SSL") || message.contains("certificate") || message.contains("TLS") {
                return ModelCallFailure(.permanent, "TLS failed (\(message)); the server's certificate must verify against the system's trust store")
            }
            return ModelCallFailure(.unavailable, "connection failed: \(message) (URLError \(error.code.rawValue))")
        }
    }

    /// `Retry-After` as seconds: a number of seconds or an HTTP date (RFC 9110 10.2.3).
    static func retryAfter(_ value: String?, now: Date = Date()) -> Double? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Double(value), seconds >= 0 { return seconds }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: value) else { return nil }
        return max(0, date.timeIntervalSince(now))
    }
}

/// Whether a request finished or ran out of time first.
private final class ExchangeState: Sendable {
    private let state = Mutex((finished: false, timedOut: false))

    /// Marks the request finished; nil when it already was, else whether it timed out.
    func finish() -> Bool? {
        state.withLock { s in
            if s.finished { return nil }
            s.finished = true
            return s.timedOut
        }
    }

    /// Marks the deadline passed; true when the request was still running.
    func expire() -> Bool {
        state.withLock { s in
            if s.finished { return false }
            s.timedOut = true
            return true
        }
    }
}
