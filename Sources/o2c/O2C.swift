import ArgumentParser
import Foundation
import O2CAgents
import O2CClient
import O2CCore
import O2CLedger

/// The root command. It runs the chosen command with the settings of its `GlobalOptions` and maps
/// every failure to SPEC §12's exit codes (0 done, 1 failed, 2 usage, 3 denied, 4 waiting for
/// approval) with one line on stderr.
@main
struct O2C: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "o2c",
        abstract: "An agentic order-to-cash orchestrator with one trusted ledger.",
        discussion: """
            Every change to the ledger passes one gate: validation, guardrails, the approval queue where a rule says so, \
            then one atomic write with an audit record.

            After 'o2c login' (or with O2C_URL and O2C_TOKEN), the approval queue, 'actions submit' and the reads work \
            over the server as the token's user; with --db FILE they work on a local ledger file instead.

            Every command takes --config PATH (o2c.yaml) and --home DIR (agents/, prompts/, guardrails/).

            Exit codes: 0 done, 1 failed, 2 usage, 3 denied by a guardrail, 4 waiting for approval.
            """,
        subcommands: [
            InitCommand.self, ActionsCommand.self, CustomersCommand.self, ProductsCommand.self, OrdersCommand.self,
            InvoicesCommand.self, PaymentsCommand.self, ApprovalsCommand.self, UsersCommand.self, GuardrailsCommand.self,
            AgentsCommand.self, RunsCommand.self, ReportCommand.self, AuditCommand.self, BenchCommand.self, ServeCommand.self,
            LoginCommand.self, LogoutCommand.self, WhoamiCommand.self,
            JobsCommand.self, WorkerCommand.self, CarriersCommand.self, DemoCommand.self, ImportCommand.self, CashappCommand.self,
            DunningCommand.self, OutboxCommand.self,
        ]
    )

    static func main() async { await execute() }

    /// Parses, settles the settings, runs; off the main actor, so the command is never shared.
    private nonisolated static func execute() async {
        do {
            var command = try parseAsRoot()
            let global = (command as? any O2CCommand)?.global
            try Settings.use(configPath: global?.config, homeFlag: global?.home)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            fail(error)
        }
    }

    /// Prints the reason and exits with its code.
    private static func fail(_ error: any Error) -> Never {
        let (code, message): (Int32, String?)
        switch error {
        case let e as CLIExit: (code, message) = (e.code, e.message)
        case let e as LedgerError: (code, message) = (1, e.message)
        case let e as O2CClientError: (code, message) = (e.code == .actor ? 2 : 1, e.message)
        case let e as O2CHomeError: (code, message) = (1, e.message)
        default:
            let parserCode = exitCode(for: error)
            if parserCode == .success { exit(withError: error) }
            let text = fullMessage(for: error)
            if parserCode == .validationFailure || error is ValidationError || parserCode.rawValue == 64 {
                FileHandle.standardError.write(Data((text + "\n").utf8))
                Foundation.exit(2)
            }
            (code, message) = (1, text)
        }
        if let message { Output.error(message) }
        Foundation.exit(code)
    }
}
