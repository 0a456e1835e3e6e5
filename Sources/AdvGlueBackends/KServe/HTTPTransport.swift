import AdvGlueModels
import CCurlShim
import Dispatch
import Foundation
import Synchronization

/// HTTP for model servers on libcurl, loaded when the first model server is contacted
/// (``CCurlShim``): at most `maxInFlight` requests at once, each on a handle that keeps
/// its connection alive for the next; TLS certificates are always verified against the
/// system's trust store; each request limited to `timeout` seconds.
///
/// Failures come back as ``ModelCallFailure``s classified for retrying: connection
/// errors, timeouts, 408, 429, 502, 503 and 504 are `.unavailable` (with
/// `Retry-After`), other 5xx `.requestFailed`, TLS failures, other 4xx and 3xx (no
/// redirect is followed) `.permanent`.
///
/// Complexity: one blocking libcurl exchange per request, on a thread outside Swift's
/// cooperative pool, so waiting on a slow server never starves the attack's tasks.
final class HTTPTransport: Sendable {
    private let headerLines: [String]
    private let limit: AsyncSemaphore
    private let handles = HandlePool()
    /// libdispatch's own queues overcommit: a thread per blocked exchange, never a
    /// cooperative-pool thread.
    private let queue = DispatchQueue(label: "advglue.http", attributes: .concurrent)
    let timeout: Double

    /// The largest reply body read (`--max-reply-mb`); a larger one is an error for the
    /// request's examples, never a process that fills its memory.
    let maxReplyBytes: Int

    /// The header values, removed from every reply body before any of it reaches a
    /// message (a cut-off snippet could otherwise keep part of an echoed token).
    let redactor: SecretRedactor

    init(
        headers: [(name: String, value: String)], maxInFlight: Int, timeout: Double, maxReplyBytes: Int = 64 << 20,
        redactor: SecretRedactor = .none
    ) {
        self.maxReplyBytes = maxReplyBytes
        self.redactor = redactor
        headerLines = ["Accept: application/json"] + headers.map { "\($0.name): \($0.value)" }
        limit = AsyncSemaphore(maxInFlight)
        self.timeout = timeout
    }

    func get(_ url: URL) async throws(ModelCallFailure) -> Data {
        try await send(url, method: "GET", body: nil)
    }

    func post(_ url: URL, json body: Data) async throws(ModelCallFailure) -> Data {
        try await send(url, method: "POST", body: body)
    }

    private func send(_ url: URL, method: String, body: Data?) async throws(ModelCallFailure) -> Data {
        let exchange = await limit.withPermit { await perform(url, body: body) }
        let received: Data
        let status: Int
        let retryAfterValue: String?
        switch exchange {
        case .success(let value): (received, status, retryAfterValue) = value
        case .failure(let failure): throw failure
        }
        let data = redactor.apply(to: received)
        if (200..<300).contains(status) { return data }
        let message = "HTTP \(status) from \(method) \(url.path): \(KServeMessages.snippet(data))"
        let retryAfter = Self.retryAfter(retryAfterValue)
        switch status {
        case 408, 429, 502, 503, 504: throw ModelCallFailure(.unavailable, message, retryAfter: retryAfter)
        case 500..<600: throw ModelCallFailure(.requestFailed, message, retryAfter: retryAfter)
        default: throw ModelCallFailure(.permanent, message)
        }
    }

    /// One exchange on a pooled handle, run on `queue`.
    private func perform(_ url: URL, body: Data?) async -> Result<(Data, Int, String?), ModelCallFailure> {
        await withCheckedContinuation { continuation in
            queue.async { [self] in
                continuation.resume(returning: exchange(url, body: body))
            }
        }
    }

    private func exchange(_ url: URL, body: Data?) -> Result<(Data, Int, String?), ModelCallFailure> {
        guard let handle = handles.take() else {
            var reason = [CChar](repeating: 0, count: 512)
            _ = advglue_curl_load(&reason, reason.count)
            let text = String(decoding: reason.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            return .failure(
                ModelCallFailure(
                    .permanent, "\(text); install it with `apt-get install libcurl4` (scripts/setup.sh does it)"))
        }
        defer { handles.put(handle) }
        var result = advglue_http_result()
        let milliseconds = max(1, Int((timeout * 1000).rounded(.up)))
        // "Expect:" stops libcurl announcing large bodies with Expect: 100-continue and
        // then waiting up to a second for a server that does not answer it.
        withCStrings(body == nil ? headerLines : headerLines + ["Content-Type: application/json", "Expect:"]) { lines in
            if let body {
                body.withUnsafeBytes { bytes in
                    advglue_curl_perform(
                        handle.pointer, url.absoluteString, 1, bytes.baseAddress?.assumingMemoryBound(to: CChar.self),
                        bytes.count, lines.baseAddress, lines.count, milliseconds, maxReplyBytes, &result)
                }
            } else {
                advglue_curl_perform(
                    handle.pointer, url.absoluteString, 0, nil, 0, lines.baseAddress, lines.count, milliseconds,
                    maxReplyBytes, &result)
            }
        }
        defer { advglue_http_result_free(&result) }
        guard result.curl_code == 0 else {
            let message = withUnsafeBytes(of: result.error) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if result.too_large != 0 {
                return .failure(
                    ModelCallFailure(
                        .permanent,
                        "the reply is larger than \(maxReplyBytes / (1 << 20)) MiB (--max-reply-mb); the examples in the request error"
                    ))
            }
            return .failure(Self.classify(curlCode: Int(result.curl_code), message: message, timeout: timeout))
        }
        let data = result.body.map { Data(bytes: $0, count: result.length) } ?? Data()
        let retryAfter = withUnsafeBytes(of: result.retry_after) {
            String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
        }
        return .success((data, Int(result.status), retryAfter.isEmpty ? nil : retryAfter))
    }

    /// What a libcurl failure means for retrying. Codes are libcurl's `CURLcode`s.
    static func classify(curlCode code: Int, message: String, timeout: Double) -> ModelCallFailure {
        switch code {
        case 28:
            return ModelCallFailure(
                .unavailable, "no answer within --timeout \(FaultTolerantCaller.seconds(timeout)) s")
        case 35, 53, 54, 58, 59, 60, 64, 66, 77, 80, 82, 83, 90, 91, 98:
            return ModelCallFailure(
                .permanent,
                "TLS failed (\(message)); the server's certificate must verify against the system's trust store")
        case 1, 3:
            return ModelCallFailure(.permanent, "bad URL (\(message))")
        case 67:
            return ModelCallFailure(
                .permanent, "the server wants authentication; pass it with --header 'Authorization: env:VAR'")
        default:
            return ModelCallFailure(.unavailable, "connection failed: \(message) (curl error \(code))")
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

/// Idle libcurl handles: each keeps its connection to the server open between requests.
private final class HandlePool: Sendable {
    struct Handle: @unchecked Sendable {
        // Unchecked: a handle is used by one exchange at a time, handed over through the lock.
        let pointer: UnsafeMutableRawPointer
    }

    private let idle = Mutex<[Handle]>([])

    /// An idle handle, or a new one; nil when libcurl cannot be loaded.
    func take() -> Handle? {
        if let handle = idle.withLock({ $0.popLast() }) { return handle }
        return advglue_curl_handle_new().map(Handle.init)
    }

    func put(_ handle: Handle) {
        idle.withLock { $0.append(handle) }
    }

    deinit {
        for handle in idle.withLock({ $0 }) { advglue_curl_handle_free(handle.pointer) }
    }
}

/// Calls `body` with `strings` as a C array of NUL-terminated strings.
private func withCStrings<R>(_ strings: [String], _ body: (UnsafeBufferPointer<UnsafePointer<CChar>?>) -> R) -> R {
    let copies = strings.map { strdup($0) }
    defer {
        for copy in copies { free(copy) }
    }
    return copies.map { UnsafePointer($0) }.withUnsafeBufferPointer(body)
}
