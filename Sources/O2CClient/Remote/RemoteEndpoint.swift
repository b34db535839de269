import Foundation

/// A running `o2c serve` and the token of the person the CLI acts as there (SPEC §8.1).
public struct RemoteEndpoint: Sendable, Equatable {
    /// The server's base URL, without a trailing slash.
    public let url: String
    /// The person's API token (never printed).
    public let token: String

    /// An endpoint; `url` must be an http(s) URL (see `normalized`).
    public init(url: String, token: String) {
        self.url = url
        self.token = token
    }

    /// The server the CLI works with: `O2C_URL`, else the one `o2c login` stored; nil when neither
    /// is set (the CLI then works on a local ledger file). The token is `O2C_TOKEN`, else the stored
    /// one — but only for the server it was stored for, so a token never goes to another server.
    public static func resolve(environment: [String: String] = ProcessInfo.processInfo.environment,
                               credentialsPath: String? = O2CCredentials.path()) throws(O2CClientError) -> RemoteEndpoint? {
        let envURL = environment["O2C_URL"].flatMap { $0.isEmpty ? nil : $0 }
        let envToken = environment["O2C_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        let stored: O2CCredentials? = envURL != nil && envToken != nil ? nil : try credentialsPath.flatMap { path throws(O2CClientError) in
            try O2CCredentials.load(from: path)
        }
        guard let given = envURL ?? stored?.url else { return nil }
        let url = try normalized(given, source: envURL != nil ? "O2C_URL" : credentialsPath ?? "the credentials file")
        let storedToken = stored.flatMap { (try? normalized($0.url, source: "")) == url ? $0.token : nil }
        guard let token = envToken ?? storedToken else {
            throw O2CClientError(.configuration, "no token for \(url): run 'o2c login --url \(url)' (or set O2C_TOKEN)")
        }
        return RemoteEndpoint(url: url, token: token)
    }

    /// `url` checked and without a trailing slash: http or https, a host, nothing after the path.
    public static func normalized(_ url: String, source: String) throws(O2CClientError) -> String {
        var text = url.trimmingCharacters(in: .whitespacesAndNewlines)
        while text.hasSuffix("/") { text.removeLast() }
        guard let parsed = URLComponents(string: text), let scheme = parsed.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = parsed.host, !host.isEmpty, parsed.user == nil, parsed.password == nil, parsed.query == nil, parsed.fragment == nil
        else {
            throw O2CClientError(.configuration, "\(source): '\(url)' is not a server URL like https://o2c.example.internal or http://127.0.0.1:8080")
        }
        return text
    }

    /// Whether the token would cross the network unencrypted (http to a host other than this machine).
    public var sendsTokenInClear: Bool {
        guard let parsed = URLComponents(string: url), parsed.scheme?.lowercased() == "http", let host = parsed.host else { return false }
        return !["127.0.0.1", "localhost", "::1", "[::1]"].contains(host.lowercased())
    }
}
