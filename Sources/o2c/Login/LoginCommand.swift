import ArgumentParser
import Foundation
import O2CClient

/// `o2c login [--url URL]`: checks a person's token against the server and stores both, so the
/// CLI works over HTTP as that person (SPEC §8.1).
struct LoginCommand: AsyncParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(
        commandName: "login", abstract: "Store a server and your token: the approval queue, actions and reads then work over HTTP as you.",
        discussion: """
            The token is read at a prompt without echo (from a terminal) or from the first line of stdin, checked against
            the server (GET /v1/whoami), and only then stored with the URL in $XDG_CONFIG_HOME/o2c/credentials (else
            ~/.config/o2c/credentials), readable by you alone. O2C_URL and O2C_TOKEN override what is stored.
            """)
    @Option(help: "The server, e.g. https://o2c.example.internal (default: $O2C_URL, or the one stored before).") var url: String?
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        guard let path = O2CCredentials.path() else {
            throw CLIExit(code: 1, message: "neither XDG_CONFIG_HOME nor HOME is set, so there is nowhere to keep the token; set O2C_URL and O2C_TOKEN instead")
        }
        let environment = ProcessInfo.processInfo.environment
        let stored = try? O2CCredentials.load(from: path)
        guard let given = url ?? environment["O2C_URL"].flatMap({ $0.isEmpty ? nil : $0 }) ?? stored?.url else {
            throw CLIExit(code: 2, message: "say which server with --url URL (e.g. https://o2c.example.internal)")
        }
        let server = try RemoteEndpoint.normalized(given, source: url != nil ? "--url" : "O2C_URL")
        let typed = Terminal.line(Terminal.isInteractive ? "token for \(server): " : "", secret: true)
        guard let token = typed?.trimmingCharacters(in: .whitespacesAndNewlines), !token.isEmpty else {
            throw CLIExit(code: 1, message: "no token given; paste the token an admin gave you ('o2c users token NAME' prints one)")
        }
        let endpoint = RemoteEndpoint(url: server, token: token)
        if endpoint.sendsTokenInClear {
            Output.error("warning: \(server) is plain http to another machine, so the token crosses the network unencrypted; prefer https")
        }
        let me = try await O2CAPIClient(endpoint: endpoint).whoami()
        try O2CCredentials(url: server, token: token).save(to: path)
        print("logged in to \(server) as \(WhoamiCommand.describe(me)); the token is kept in \(path)")
        for name in ["O2C_URL", "O2C_TOKEN"] where !(environment[name] ?? "").isEmpty {
            print("note: \(name) is set in your environment and overrides what is stored")
        }
    }
}
