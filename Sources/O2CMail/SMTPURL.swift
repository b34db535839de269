import Foundation

/// `O2C_SMTP_URL`: `smtp://[user[:password]@]host[:port]` or `smtps://…` (TLS from the start).
/// The password is kept for libcurl only: `redacted` (host and port) is what logs, errors and
/// the outbox show, and `redact(_:)` strips the credentials from any text before it leaves.
public struct SMTPURL: Sendable, CustomStringConvertible {
    /// The URL as given (with its credentials): for libcurl only.
    let raw: String
    /// `smtp` or `smtps`.
    public let scheme: String
    /// Host name or address.
    public let host: String
    /// Port (25 for smtp, 465 for smtps when not given).
    public let port: Int
    /// Whether the URL carries a user name or password.
    public let hasCredentials: Bool
    private let secrets: [String]

    /// Parses `text`; the error says what is wrong without repeating the text (it may hold a password).
    public init(_ text: String) throws(MailError) {
        guard let c = URLComponents(string: text), let scheme = c.scheme?.lowercased(), ["smtp", "smtps"].contains(scheme) else {
            throw MailError(.badConfiguration, "O2C_SMTP_URL must look like smtp://host:port or smtps://user:password@host:port")
        }
        guard let host = c.host, !host.isEmpty, !host.contains(where: { $0.isWhitespace || $0.isNewline }) else {
            throw MailError(.badConfiguration, "O2C_SMTP_URL has no host; write smtp://host:port")
        }
        if let p = c.port, !(1...65535).contains(p) { throw MailError(.badConfiguration, "O2C_SMTP_URL has a port outside 1–65535") }
        guard !text.contains(where: { $0 == "\r" || $0 == "\n" }) else { throw MailError(.badConfiguration, "O2C_SMTP_URL contains a line break") }
        raw = text
        self.scheme = scheme
        self.host = host
        port = c.port ?? (scheme == "smtps" ? 465 : 25)
        let user = c.user ?? "", password = c.password ?? ""
        let encodedUser = c.percentEncodedUser ?? "", encodedPassword = c.percentEncodedPassword ?? ""
        hasCredentials = !user.isEmpty || !password.isEmpty
        // Long enough to be told apart from ordinary words; shorter ones are still never printed
        // whole, since nothing prints the URL.
        secrets = [password, encodedPassword, user.count >= 4 ? user : "", encodedUser.count >= 4 ? encodedUser : ""]
            .filter { $0.count >= 3 }.sorted { $0.count > $1.count }
    }

    /// Whether the server is on this machine (a password may then travel without TLS).
    public var isLoopback: Bool { host == "127.0.0.1" || host == "localhost" || host == "::1" || host == "[::1]" }

    /// `smtp://host:port`, without credentials.
    public var redacted: String { "\(scheme)://\(host):\(port)" }

    public var description: String { redacted }

    /// `text` with every occurrence of the credentials replaced by `***`.
    public func redact(_ text: String) -> String {
        var out = text.replacingOccurrences(of: raw, with: redacted)
        for s in secrets { out = out.replacingOccurrences(of: s, with: "***") }
        return out
    }
}
