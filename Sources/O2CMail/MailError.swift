/// Why an e-mail could not be delivered (or the mail settings are wrong), without secrets.
public struct MailError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure.
    public enum Code: String, Sendable {
        /// `O2C_SMTP_URL` or the outbox folder is unusable: fix the setting.
        case badConfiguration = "bad_configuration"
        /// The server or the disk failed this time; another try may work.
        case temporary
        /// The server refused the message for good (5xx: unknown mailbox, policy); retrying cannot help.
        case rejected
    }

    /// The kind.
    public let code: Code
    /// What happened, for an operator (credentials redacted).
    public let message: String

    /// An error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// Whether another try cannot help.
    public var isPermanent: Bool { code != .temporary }

    public var description: String { message }
}
