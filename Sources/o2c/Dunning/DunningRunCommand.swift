import ArgumentParser
import Foundation
import O2CCore
import O2CLedger
import O2CWorkflow

/// `o2c dunning run [--as-of DATE] [--templates] [--json]`.
struct DunningRunCommand: ParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Send the dunning notices due (through the gate as system:workflow; their e-mails go to the outbox).",
        discussion: """
            Per invoice: open, past due, not disputed, past the start of a level above the one it was last dunned at,
            and at least the level's minimum interval after its last notice; grouped per customer and level.
            With a model configured, an invoice.overdue event per invoice starts the collections agent instead of the template.
            Run 'o2c worker --until-idle' (or 'o2c serve') to deliver the e-mails.
            """)
    @Option(name: .customLong("as-of"), help: "The date to dun for (default: today).") var asOf: String?
    @Flag(name: .customLong("templates"), help: "Send the level templates even when a model is configured.") var templates = false
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let opened = try ledger.openGated()
        let levels = try DunningCommand.levels()
        // The notices' events must reach a worker that starts later (its first start skips history).
        try opened.startWorkflowCursor()
        let report = try DunningRun(ledger: opened, levels: levels).run(asOf: try DunningCommand.date(asOf, ledger: opened),
                                                                         viaAgents: !templates && WorkflowSetup.modelConfigured)
        if output.json { return Output.json(report.json) }
        for l in report.lines {
            print("\(l.customerID) level \(l.level) [\(l.invoiceIDs.joined(separator: ", "))]: \(l.outcome) — \(l.detail)\(l.hold.map { "; credit hold: \($0)" } ?? "")")
        }
        print("\(report.overdueInvoices) overdue invoices (\(report.disputedSkipped) disputed, not chased): \(report.count("sent")) notices sent, "
              + "\(report.count("pending_approval")) waiting for approval, \(report.count("denied")) denied, \(report.count("invalid")) invalid, "
              + "\(report.count("event")) handed to the collections agent")
    }
}
