import ArgumentParser
import Foundation
import O2CCore
import O2CAgents
import O2CLedger

/// Where the ledger is: `--db`, else `O2C_DB`, else `./o2c.sqlite`.
struct LedgerOptions: ParsableArguments {
    @Option(name: .long, help: "SQLite ledger file (default: $O2C_DB or ./o2c.sqlite).")
    var db: String?

    var path: String { db ?? ProcessInfo.processInfo.environment["O2C_DB"] ?? Config.current.db ?? "./o2c.sqlite" }

    /// Opens the ledger for reading; any write through it is denied.
    func open() throws -> Ledger { try Ledger.open(path: path, policy: ReadOnlyPolicy()) }

    /// Opens the ledger behind the guardrails of `$O2C_HOME/guardrails` (SPEC §7). A broken
    /// policy stops the command and says where; without the folder or its roles.yaml every
    /// write is refused with a message saying so (reads keep working).
    func openGated() throws -> Ledger { try Ledger.open(path: path, policy: Guardrails.load()) }
}

/// Loads the guardrail files the CLI runs under.
enum Guardrails {
    static var directory: String {
        let home = Home.path
        return home == "." ? "guardrails" : home + "/guardrails"
    }

    static func load() throws -> any ActionPolicy {
        guard FileManager.default.fileExists(atPath: directory) else { return MissingGuardrailsPolicy.noFolder(home: Home.path) }
        switch GuardrailSet.load(directory: directory) {
        case .success(let set):
            guard set.hasRolesFile else { return MissingGuardrailsPolicy.noRoles(directory: directory) }
            // Named guardrail files bind the agents whose profiles list them.
            let profiles = AgentCatalog.load(home: Home.path, guardrails: set).profiles
            return set.policy(filesByAgent: Dictionary(profiles.map { ($0.name, $0.guardrails) }, uniquingKeysWith: { a, _ in a }))
        case .failure(let e):
            throw CLIExit(code: 1, message: "the guardrails in \(directory) are broken, so nothing runs until they are fixed:\n"
                          + e.diagnostics.map { "  \($0)" }.joined(separator: "\n") + "\n  ('o2c guardrails lint' lists every problem)")
        }
    }
}

/// The policy of read-only commands: nothing may be written through them.
struct ReadOnlyPolicy: ActionPolicy {
    func decide(_ facts: ActionFacts) -> PolicyDecision {
        .deny(rules: [FiredRule(file: "(built-in)", name: "read-only-command", message: "this command only reads the ledger")])
    }

    func rolePermits(_ role: Role, _ action: ActionName) -> Bool { false }
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
        guard let actor = try actorIfGiven() else { throw CLIExit(code: 2, message: "say who is acting with --as NAME (or set O2C_USER)") }
        return actor
    }

    /// The actor when `--as`, `O2C_USER` or o2c.yaml names one.
    func actorIfGiven() throws -> Actor? {
        guard let name = actorName ?? ProcessInfo.processInfo.environment["O2C_USER"] ?? Config.current.user, !name.isEmpty else { return nil }
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

/// `o2c.yaml` (or `$O2C_CONFIG`), read once; a broken file is reported where it is used.
enum Config {
    static let loaded: Result<O2CConfig, ConfigError> = {
        do { return .success(try O2CConfig.load()) } catch let e as ConfigError { return .failure(e) } catch {
            return .failure(ConfigError(message: "o2c.yaml: \(error)"))
        }
    }()

    /// The settings, or none when the file is broken (commands that need it call `require`).
    static var current: O2CConfig { (try? loaded.get()) ?? O2CConfig() }

    /// The settings, or exit with where the file is broken.
    static func require() throws -> O2CConfig {
        switch loaded {
        case .success(let c): return c
        case .failure(let e): throw CLIExit(code: 1, message: e.message)
        }
    }
}
