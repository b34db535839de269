import ArgumentParser

/// `o2c actions submit FILE.json`: one action through the gate, on a local ledger or over the server.
struct ActionsSubmitCommand: AsyncParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit", abstract: "Submit one action through the gate.",
        discussion: """
            FILE holds {"action": "set_credit_limit", "args": {...}}; '-' reads stdin. Over o2c serve it is submitted as the
            token's user (an --idempotency-key is made up when none is given).
            Exit codes: 0 executed, 1 invalid, 3 denied, 4 waiting for approval.
            """)
    @Argument(help: "The action document (JSON), or - for stdin.") var file: String
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var actor: ActorOptions
    @OptionGroup var output: OutputOptions
    @Option(name: .customLong("idempotency-key"), help: "Makes retries safe: the same key and arguments take effect once.")
    var idempotencyKey: String?
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let access = try ledger.access(acting: actor)
        let document = try Output.readJSON(file)
        try Output.outcome(try await access.submit(document, idempotencyKey: idempotencyKey), json: output.json)
    }
}
