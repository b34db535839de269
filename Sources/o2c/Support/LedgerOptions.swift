import ArgumentParser
import Foundation
import O2CAgents
import O2CClient
import O2CCore
import O2CLedger

/// Where the ledger is: `--db`, else `$O2C_DB`, else o2c.yaml `db`, else ./o2c.sqlite. Commands
/// the server has routes for work over HTTP instead when a server is set and `--db` is not given.
struct LedgerOptions: ParsableArguments {
    @Option(name: .long, help: "SQLite ledger file (default: $O2C_DB, o2c.yaml db, or ./o2c.sqlite; given, it wins over a server).")
    var db: String?

    /// The local ledger file.
    var path: String { db ?? ProcessInfo.processInfo.environment["O2C_DB"] ?? Settings.current.file.db ?? "./o2c.sqlite" }

    /// Opens the local ledger for reading, on one read-only connection; any write through it is denied.
    func open() throws -> Ledger {
        try requireLocalFile()
        return try Ledger.openForReading(path: path, policy: ReadOnlyPolicy())
    }

    /// Opens the local ledger for the audited operator writes outside the gate (users, carriers,
    /// job retries); the gate's actions through it are denied.
    func openForOperator() throws -> Ledger {
        try requireLocalFile()
        return try Ledger.open(path: path, policy: ReadOnlyPolicy())
    }

    /// With a server set and no ledger file here, says that this command works on a file only.
    private func requireLocalFile() throws {
        if db == nil, !FileManager.default.fileExists(atPath: path), let server = try? Settings.current.remote() {
            throw CLIExit(code: 1, message: "there is no ledger file at \(path), and this command works on one: it does not work over o2c serve "
                          + "(\(server.url)); pass --db FILE")
        }
    }

    /// Opens the local ledger behind the guardrails of the home folder (SPEC §7): a broken policy
    /// stops the command and says where; without `guardrails/` or its roles.yaml every write is
    /// refused with a message saying so (reads keep working).
    func openGated() throws -> Ledger {
        try requireLocalFile()
        return try Ledger.open(path: path, policy: try Settings.current.home.policy())
    }

    /// The ledger of a command that also works over HTTP (SPEC §8.1): this file when `--db` is
    /// given or no server is set, acting as `--as`; else the server, acting as the token's user,
    /// where `--as` is refused. `actor` is given by commands that act (decide, submit).
    func access(acting actor: ActorOptions? = nil) throws -> any LedgerAccess {
        if db == nil, let server = try Settings.current.remote() {
            if let name = actor?.actorName {
                throw CLIExit(code: 2, message: "--as \(name) is refused over o2c serve (\(server.url)): there you act as the person whose token "
                              + "you hold ('o2c whoami'); to work on a ledger file as an operator, pass --db FILE")
            }
            return RemoteLedgerAccess(client: O2CAPIClient(endpoint: server))
        }
        return LocalLedgerAccess(path: path, home: Settings.current.home, actor: try actor?.actor())
    }
}
