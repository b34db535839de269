import Foundation

/// Runs HTTP attempts for a model client with the retry policy, mapping failures to `ModelError`.
struct ModelHTTPExecutor: Sendable {
    let transport: any HTTPTransport
    let policy: RetryPolicy
    /// Secret that must never appear in error messages.
    let secret: String?

    /// Replaces the secret (if any) in a text.
    func redact(_ text: String) -> String {
        guard let secret, !secret.isEmpty else { return text }
        return text.replacingOccurrences(of: secret, with: "[redacted]")
    }

    func error(_ code: ModelError.Code, _ message: String, status: Int? = nil, attempts: Int) -> ModelError {
        ModelError(code: code, message: redact(message), status: status, attempts: attempts)
    }

    static func isRetryable(status: Int) -> Bool {
        status == 429 || (500...599).contains(status)
    }

    func statusError(_ status: Int, body: [UInt8], attempts: Int) -> ModelError {
        var snippet = String(decoding: body.prefix(600), as: UTF8.self)
        if body.count > 600 { snippet += "…" }
        return error(.httpStatus, "provider returned HTTP \(status): \(snippet)", status: status, attempts: attempts)
    }

    func map(_ failure: any Error, attempts: Int) -> ModelError {
        if let e = failure as? ModelError { return e }
        if let e = failure as? HTTPTransportError {
            switch e.kind {
            case .timeout: return error(.timeout, "request timed out: \(e.message)", attempts: attempts)
            case .connection: return error(.connection, "connection failed: \(e.message)", attempts: attempts)
            case .cancelled: return error(.cancelled, "request cancelled", attempts: attempts)
            }
        }
        if failure is CancellationError { return error(.cancelled, "request cancelled", attempts: attempts) }
        return error(.connection, "transport failure: \(failure)", attempts: attempts)
    }

    private enum Outcome<T: Sendable>: Sendable {
        case success(T)
        case retry(ModelError, retryAfter: Double?)
    }

    private func run<T: Sendable>(_ attemptBody: (Int) async throws -> Outcome<T>) async throws -> (T, Int) {
        var attempt = 0
        while true {
            attempt += 1
            if Task.isCancelled { throw error(.cancelled, "request cancelled", attempts: attempt - 1) }
            let outcome: Outcome<T>
            do {
                outcome = try await attemptBody(attempt)
            } catch {
                let mapped = map(error, attempts: attempt)
                switch mapped.code {
                case .timeout, .connection: outcome = .retry(mapped, retryAfter: nil)
                default: throw mapped
                }
            }
            switch outcome {
            case let .success(value): return (value, attempt)
            case let .retry(failure, retryAfter):
                if attempt >= policy.maxAttempts { throw failure }
                let delay = policy.delay(beforeRetry: attempt, retryAfter: retryAfter)
                do {
                    try await policy.sleep(delay)
                } catch {
                    throw self.error(.cancelled, "cancelled while waiting to retry", attempts: attempt)
                }
            }
        }
    }

    /// Sends with retries; returns the 2xx response and the number of attempts.
    func send(_ spec: HTTPRequestSpec) async throws -> (HTTPResponseSpec, Int) {
        try await run { attempt in
            let response = try await transport.send(spec)
            if (200..<300).contains(response.status) { return .success(response) }
            let failure = statusError(response.status, body: response.body, attempts: attempt)
            guard Self.isRetryable(status: response.status) else { throw failure }
            return .retry(failure, retryAfter: response.retryAfterSeconds)
        }
    }

    /// Opens a stream with retries (only before any body is consumed); returns the 2xx head and attempts.
    func openStream(_ spec: HTTPRequestSpec) async throws -> (HTTPStreamingResponse, Int) {
        try await run { attempt in
            let response = try await transport.stream(spec)
            if (200..<300).contains(response.status) { return .success(response) }
            var body: [UInt8] = []
            do {
                for try await chunk in response.body where body.count < 64 * 1024 {
                    body.append(contentsOf: chunk)
                }
            } catch {
                // The status is what matters; a broken error body is ignored.
            }
            let failure = statusError(response.status, body: body, attempts: attempt)
            guard Self.isRetryable(status: response.status) else { throw failure }
            return .retry(failure, retryAfter: response.retryAfterSeconds)
        }
    }
}
