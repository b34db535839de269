import ArgumentParser
import Foundation
import O2CCore
import O2CLedger
import O2CWorkflow

/// `o2c dunning run|worklist|lint`: collections by levels (SPEC §12, JOURNEYS §4).
struct DunningCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "dunning", abstract: "Dunning: raise the notices due, rank the accounts to call, check the levels file.",
                                                    subcommands: [Run.self, Worklist.self, Lint.self])

    /// The levels of O2C_HOME, or exit with every problem.
    static func levels() throws -> DunningLevels {
        let path = DunningLevels.path(home: Home.path)
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

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send the dunning notices due (through the gate as system:workflow; their e-mails go to the outbox).",
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

    struct Worklist: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rank the accounts with overdue invoices: who to call first.",
            discussion: "score = overdue amount (base currency) × (1 + oldest days past due / 30) × (1 + average days late on paid invoices / 30); disputed invoices are left out.")
        @Option(name: .customLong("as-of"), help: "The date (default: today).") var asOf: String?
        @Option(help: "At most this many accounts.") var limit = 50
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: OutputOptions

        func validate() throws { guard (1...100_000).contains(limit) else { throw ValidationError("--limit must be between 1 and 100000") } }

        func run() throws {
            let opened = try ledger.open()
            let base = try opened.baseCurrency()
            let entries = DunningWorklist.rank(try opened.overdueInvoices(asOf: try DunningCommand.date(asOf, ledger: opened)),
                                               behaviour: try opened.paymentBehaviour(), baseExponent: base.exponent).prefix(limit)
            func amount(_ e: DunningWorklist.Entry) -> String { Money(minor: e.overdueBaseMinor, currency: base).decimalString }
            if output.json {
                return Output.json(.array(entries.map { e in
                    .object(JSONObject([("customer_id", .string(e.customerID)), ("name", .string(e.name)), ("owner", .string(e.owner)),
                                        ("overdue", .string(amount(e))), ("currency", .string(base.code)), ("invoices", .int(e.invoices)),
                                        ("disputed", .int(e.disputed)), ("max_days_past_due", .int(e.maxDaysPastDue)), ("level", .int(e.level)),
                                        ("average_days_late", .number(String(format: "%.1f", e.averageDaysLate))), ("score", .number(String(format: "%.2f", e.score)))]))
                }))
            }
            if entries.isEmpty { return print("no overdue invoices") }
            Output.table(["CUSTOMER", "NAME", "OWNER", "OVERDUE \(base.code)", "INVOICES", "DAYS", "LEVEL", "AVG LATE", "SCORE"], entries.map { e in
                [e.customerID, e.name, e.owner, amount(e), "\(e.invoices)", "\(e.maxDaysPastDue)", "\(e.level)", String(format: "%.1f", e.averageDaysLate),
                 String(format: "%.2f", e.score)]
            })
        }
    }

    struct Lint: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check dunning/levels.yaml under O2C_HOME; each problem as file:line:column.")
        func run() throws {
            let levels = try DunningCommand.levels()
            print("\(DunningLevels.path(home: Home.path)): \(levels.levels.count) levels OK")
        }
    }
}
