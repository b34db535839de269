import ArgumentParser
import Foundation
import O2CCore
import O2CLedger
import O2CWorkflow

/// `o2c dunning run|worklist|lint`: collections by levels (SPEC §12, JOURNEYS §4).
struct DunningCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "dunning", abstract: "Dunning: raise the notices due, rank the accounts to call, check the levels file.",
                                                    subcommands: [DunningRunCommand.self, DunningWorklistCommand.self, DunningLintCommand.self])

    /// The levels of O2C_HOME, or exit with every problem.
    static func levels() throws -> DunningLevels {
        let path = DunningLevels.path(home: Settings.current.home.path)
        switch DunningLevels.load(path: path) {
        case .success(let levels): return levels
        case .failure(let e):
            throw CLIExit(code: 1, message: "the dunning levels in \(path) are broken, so no dunning runs:\n" + e.diagnostics.map { "  \($0)" }.joined(separator: "\n"))
        }
    }

    static func date(_ text: String?, ledger: Ledger) throws -> BusinessDate {
        guard let text else { return ledger.clock.today() }
        guard let d = BusinessDate(iso: text) else { throw ValidationError("--as-of must be a date like 2026-03-02, not '\(text)'") }
        return d
    }
}
