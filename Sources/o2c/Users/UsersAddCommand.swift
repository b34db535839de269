import ArgumentParser
import O2CCore

/// `o2c users add NAME --role ROLE`.
struct UsersAddCommand: ParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a user; prints its API token once (only a hash is stored).")
    @Argument(help: "User name.") var name: String
    @Option(help: "sales_rep, sales_manager, ar_clerk, credit_manager, finance_manager or admin.") var role: String
    @Option(name: .customLong("approval-limit"), help: "Largest amount (base currency) this user may approve; no limit when absent.")
    var approvalLimit: String?
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if Role(rawValue: role) == nil { throw ValidationError("--role must be one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))") }
    }

    func run() throws {
        let (user, token) = try ledger.openForOperator().addUser(name: name, role: Role(rawValue: role) ?? .salesRep, approvalLimit: approvalLimit)
        UsersCommand.printToken(user, token, json: output.json)
    }
}
