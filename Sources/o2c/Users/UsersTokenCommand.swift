import ArgumentParser

/// `o2c users token NAME`.
struct UsersTokenCommand: ParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Issue a new API token (the old one stops working); refused for a revoked user (see restore).")
    @Argument(help: "User name.") var name: String
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let (user, token) = try ledger.openForOperator().rotateToken(name: name)
        UsersCommand.printToken(user, token, json: output.json)
    }
}
