/// Why the CLI could not work with the ledger it was pointed at; the message names the server or
/// file and says what to do.
public struct O2CClientError: Error, CustomStringConvertible, Sendable {
    /// What kind of problem.
    public enum Code: String, Sendable {
        /// The server could not be reached (connection refused, DNS, timeout).
        case unreachable
        /// The server did not accept the token (401).
        case unauthorized
        /// The server answered with an error (4xx/5xx) other than 401.
        case server
        /// The server's answer was not what its API promises.
        case badResponse
        /// No token for the server, or a bad `O2C_URL`.
        case configuration
        /// The credentials file cannot be read or written safely.
        case credentials
        /// The command needs someone acting (`--as`), or refuses one.
        case actor
    }

    /// What kind of problem.
    public let code: Code
    /// The HTTP status, when the server answered.
    public let status: Int?
    /// The server's error code (`outside_scope`, `digest_mismatch`, ...), when it sent one.
    public let serverCode: String?
    /// One line for people.
    public let message: String

    /// An error.
    public init(_ code: Code, _ message: String, status: Int? = nil, serverCode: String? = nil) {
        self.code = code
        self.message = message
        self.status = status
        self.serverCode = serverCode
    }

    /// The message.
    public var description: String { message }
}
