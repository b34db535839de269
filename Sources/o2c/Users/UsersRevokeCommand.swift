import ArgumentParser

/// `o2c users revoke NAME`.
struct UsersRevokeCommand: ParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a user's access until 'o2c users restore NAME'.")
    @Argument(help: "User name.") var name: String
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var global: GlobalOptions

    func run() throws {
        try ledger.openForOperator().revokeUser(name: name)
        print("\(name)'s access is revoked")
    }
}
