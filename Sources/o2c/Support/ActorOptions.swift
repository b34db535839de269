import ArgumentParser
import Foundation
import O2CCore

/// `--as`: who acts on a local ledger (else `$O2C_USER`, else o2c.yaml `user`). Over a server
/// the token says who acts, and `--as` is refused.
struct ActorOptions: ParsableArguments {
    @Option(name: .customLong("as"),
            help: "Who acts on a local ledger: a user name, or agent:NAME / system:NAME (default: $O2C_USER). Refused over a server.")
    var actorName: String?

    /// The actor; a missing or malformed name is a usage error.
    func actor() throws -> Actor {
        guard let actor = try actorIfGiven() else { throw CLIExit(code: 2, message: "say who is acting with --as NAME (or set O2C_USER)") }
        return actor
    }

    /// The actor when `--as`, `$O2C_USER` or o2c.yaml names one; a malformed name is a usage error.
    func actorIfGiven() throws -> Actor? {
        let chosen = actorName ?? ProcessInfo.processInfo.environment["O2C_USER"] ?? Settings.current.file.user
        guard let name = chosen, !name.isEmpty else { return nil }
        guard let actor = Actor(parsing: name) else {
            throw CLIExit(code: 2, message: "'\(name)' is not a valid actor; use a user name, agent:NAME or system:NAME")
        }
        return actor
    }
}
