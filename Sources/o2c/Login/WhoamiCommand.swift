import ArgumentParser
import O2CClient
import O2CCore

/// `o2c whoami`: whom the CLI acts as on the server.
struct WhoamiCommand: AsyncParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(
        commandName: "whoami", abstract: "Say whom the CLI acts as on the server (exit code 1 when no server is set).")
    @OptionGroup var output: OutputOptions
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        guard let server = try Settings.current.remote() else {
            throw CLIExit(code: 1, message: "not logged in to a server ('o2c login --url URL'); on a local ledger file you act as --as NAME or $O2C_USER")
        }
        let me = try await O2CAPIClient(endpoint: server).whoami()
        if output.json {
            var o = me.objectValue ?? JSONObject()
            o["url"] = .string(server.url)
            return Output.json(.object(o))
        }
        print("\(Self.describe(me)) at \(server.url)")
    }

    /// "dana (credit_manager, may approve up to 25000.00 USD)".
    static func describe(_ me: JSONValue) -> String {
        let limit = me["approval_limit"] == .null || me["approval_limit"] == nil
            ? "no approval limit" : "may approve up to \(Output.text(me["approval_limit"])) \(Output.text(me["currency"]))"
        return "\(Output.text(me["name"])) (\(Output.text(me["role"])), \(limit))"
    }
}
