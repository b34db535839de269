import ArgumentParser
import Foundation

/// `o2c bench ledger|guardrails|approvals|agents|http|workflow|cashapp|dunning|import`: benchmarks that print figures (docs/PERFORMANCE.md).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Benchmarks that print figures.",
        subcommands: [BenchLedgerCommand.self, BenchGuardrailsCommand.self, BenchApprovalsCommand.self, BenchAgentsCommand.self, BenchHTTPCommand.self,
                      BenchModelServerCommand.self, BenchWorkflowCommand.self, BenchCashappCommand.self, BenchDunningCommand.self,
                      BenchImportCommand.self])

    /// This program's path, to start it again as a child.
    static var executable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}
