import Foundation
import O2CCore

/// Who an operator's change (a job retried, a carrier's status) is recorded as: `--as`, else
/// `O2C_USER`, else `system:operator`.
enum OperatorActor {
    static func resolve(_ actorName: String?) throws -> Actor {
        let name = actorName ?? ProcessInfo.processInfo.environment["O2C_USER"] ?? Settings.current.file.user ?? "system:operator"
        guard let actor = Actor(parsing: name) else { throw CLIExit(code: 2, message: "'\(name)' is not a valid actor; use a user name or system:NAME") }
        return actor
    }
}
