import O2CMail

/// Where the workflow's e-mail goes (SPEC §3): to the SMTP server of `O2C_SMTP_URL` (else
/// o2c.yaml's `smtp_url`) when one is set, else as `.eml` files into `outbox/` under O2C_HOME (or the folder `O2C_OUTBOX` names: tests,
/// a shared drop folder). The URL's password stays inside the
/// transport: `destination` and every error show host and port only.
public enum MailSettings {
    /// The transport for `environment`, o2c.yaml's `smtp_url` (`configURL`; the environment wins)
    /// and `home`; a malformed URL is an error that does not repeat it.
    public static func transport(environment: [String: String], home: String, configURL: String? = nil) throws(MailError) -> any MailTransport {
        if let raw = environment["O2C_SMTP_URL"].flatMap({ $0.isEmpty ? nil : $0 }) ?? configURL, !raw.isEmpty {
            return SMTPTransport(url: try SMTPURL(raw))
        }
        if let dir = environment["O2C_OUTBOX"], !dir.isEmpty { return FileDropTransport(directory: dir) }
        return FileDropTransport(directory: outboxDirectory(home: home))
    }

    /// `HOME/outbox` (`outbox` when home is the current directory).
    public static func outboxDirectory(home: String) -> String { home == "." ? "outbox" : home + "/outbox" }
}
