import O2CCore

/// Delivers rendered messages: over SMTP (`SMTPTransport`) or as `.eml` files (`FileDropTransport`).
public protocol MailTransport: Sendable {
    /// Delivers `message` (blocking: call it off Swift's cooperative threads, through `blocking`);
    /// returns how it went (`smtp://host:port`, `file:PATH`). Throws `MailError`.
    func deliver(_ message: MailMessage) throws(MailError) -> String
    /// Where it delivers, without secrets.
    var destination: String { get }
}
