/// Error thrown by model clients. Messages never contain API keys.
public struct ModelError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Category of failure.
    public enum Code: String, Sendable, Equatable, Hashable {
        /// The provider answered with a non-success HTTP status.
        case httpStatus = "http_status"
        /// The attempt exceeded its timeout.
        case timeout
        /// The connection failed (refused, reset, DNS, TLS, ...).
        case connection
        /// The provider's body could not be understood.
        case malformedResponse = "malformed_response"
        /// The calling task was cancelled.
        case cancelled
        /// The request itself could not be encoded (for example a tool schema that is not valid JSON).
        case invalidRequest = "invalid_request"
    }

    /// Category of failure.
    public var code: Code
    /// Human-readable detail (redacted of credentials).
    public var message: String
    /// HTTP status of the last attempt, when one was received.
    public var status: Int?
    /// Number of HTTP attempts made before giving up.
    public var attempts: Int

    /// Creates an error.
    public init(code: Code, message: String, status: Int? = nil, attempts: Int) {
        self.code = code
        self.message = message
        self.status = status
        self.attempts = attempts
    }

    /// Summary including code, status and attempts.
    public var description: String {
        var s = "ModelError(\(code.rawValue)"
        if let status { s += ", status \(status)" }
        s += ", attempts \(attempts)): \(message)"
        return s
    }
}
