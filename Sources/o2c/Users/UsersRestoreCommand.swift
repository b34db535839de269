import ArgumentParser

/// `o2c users restore NAME`.
struct UsersRestoreCommand: ParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore", abstract: "Lift a user's revocation and issue a new API token (shown once; audited).")
    @Argument(help: "User name.") var name: String
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let (user, token) = try ledger.openForOperator().restoreUser(name: name)
        UsersCommand.printToken(user, token, json: output.json)
    }
}
