import ArgumentParser
import Foundation
import O2CCore
import O2CLedger

/// Where the ledger is: `--db`, else `O2C_DB`, else `./o2c.sqlite`.
struct LedgerOptions: ParsableArguments {
    @Option(name: .long, help: "SQLite ledger file (default: $O2C_DB or ./o2c.sqlite).")
    var db: String?

    var path: String { db ?? ProcessInfo.processInfo.environment["O2C_DB"] ?? "./o2c.sqlite" }

    func open() throws -> Ledger { try Ledger.open(path: path) }
}

/// `--json`: one JSON document on stdout instead of a table.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print JSON instead of a table.")
    var json = false
}

/// `--as`: the acting user (or `agent:NAME`), else `O2C_USER`.
struct ActorOptions: ParsableArguments {
    @Option(name: .customLong("as"), help: "Who acts: a user name, or agent:NAME / system:NAME (default: $O2C_USER).")
    var actorName: String?

    func actor() throws -> Actor {
        guard let name = actorName ?? ProcessInfo.processInfo.environment["O2C_USER"], !name.isEmpty else {
            throw CLIExit(code: 2, message: "say who is acting with --as NAME (or set O2C_USER)")
        }
        guard let actor = Actor(parsing: name) else {
            throw CLIExit(code: 2, message: "'\(name)' is not a valid actor; use a user name, agent:NAME or system:NAME")
        }
        return actor
    }
}

/// A controlled exit with a message and an exit code.
struct CLIExit: Error {
    let code: Int32
    let message: String?
}
