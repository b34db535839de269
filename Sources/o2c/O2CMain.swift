import ArgumentParser
import Foundation
import O2CCore
import O2CLedger

/// The entry point: runs the command and maps every failure to SPEC §12's exit codes
/// (0 done, 1 failed, 2 usage, 3 denied, 4 waiting for approval) with one line on stderr.
@main
enum O2CMain {
    static func main() async {
        do {
            var command = try O2C.parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let e as CLIExit {
            if let message = e.message { Output.error(message) }
            exit(e.code)
        } catch let e as LedgerError {
            Output.error(e.message)
            exit(1)
        } catch {
            let code = O2C.exitCode(for: error)
            if code == .success {
                O2C.exit(withError: error)
            }
            let message = O2C.fullMessage(for: error)
            if code == .validationFailure || error is ValidationError || code.rawValue == 64 {
                FileHandle.standardError.write(Data((message + "\n").utf8))
                exit(2)
            }
            Output.error(message)
            exit(1)
        }
    }
}

/// The root command.
struct O2C: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "o2c",
        abstract: "An agentic order-to-cash orchestrator with one trusted ledger.",
        discussion: """
            Every change to the ledger passes one gate: validation, guardrails, the approval queue where a rule says so,
            then one atomic write with an audit record.
            Exit codes: 0 done, 1 failed, 2 usage, 3 denied by a guardrail, 4 waiting for approval.
            """,
        subcommands: [
            InitCommand.self, ActionsCommand.self, CustomersCommand.self, ProductsCommand.self, OrdersCommand.self,
            InvoicesCommand.self, PaymentsCommand.self, ApprovalsCommand.self, UsersCommand.self, GuardrailsCommand.self, AgentsCommand.self, RunsCommand.self, ReportCommand.self, AuditCommand.self,
            BenchCommand.self, ServeCommand.self,
            JobsCommand.self, WorkerCommand.self, CarriersCommand.self, DemoCommand.self, DunningCommand.self, OutboxCommand.self,
        ]
    )
}
