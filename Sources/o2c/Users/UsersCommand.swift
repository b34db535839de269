import ArgumentParser
import O2CCore
import O2CLedger

/// `o2c users add|list|token|revoke|restore`: people on a local ledger file.
struct UsersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users", abstract: "Users, roles, approval limits and API tokens.",
        subcommands: [UsersAddCommand.self, UsersListCommand.self, UsersTokenCommand.self, UsersRevokeCommand.self, UsersRestoreCommand.self])

    /// Prints a new token, the only time it is shown.
    static func printToken(_ user: User, _ token: String, json: Bool) {
        if json {
            Output.json(["name": .string(user.name), "role": .string(user.role.rawValue), "token": .string(token)])
        } else {
            print("\(user.name) (\(user.role.rawValue)) token: \(token)")
            print("Keep it now: it is shown only once and stored only as a hash.")
        }
    }
}
