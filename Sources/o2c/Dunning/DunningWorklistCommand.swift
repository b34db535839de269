import ArgumentParser
import Foundation
import O2CCore
import O2CLedger
import O2CWorkflow

/// `o2c dunning worklist [--as-of DATE] [--json] [--limit N]`.
struct DunningWorklistCommand: ParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(
        commandName: "worklist", abstract: "Rank the accounts with overdue invoices: who to call first.",
        discussion: "score = overdue amount (base currency) × (1 + oldest days past due / 30) × (1 + average days late on paid invoices / 30); disputed invoices are left out.")
    @Option(name: .customLong("as-of"), help: "The date (default: today).") var asOf: String?
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var listing: ListingOptions
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let opened = try ledger.open()
        let base = try opened.baseCurrency()
        let entries = DunningWorklist.rank(try opened.overdueInvoices(asOf: try DunningCommand.date(asOf, ledger: opened)),
                                           behaviour: try opened.paymentBehaviour(), baseExponent: base.exponent)
        func amount(_ e: DunningWorklist.Entry) -> String { Money(minor: e.overdueBaseMinor, currency: base).decimalString }
        let rows: [JSONValue] = entries.map { e in
            .object(JSONObject([("customer_id", .string(e.customerID)), ("name", .string(e.name)), ("owner", .string(e.owner)),
                                ("overdue", .string(amount(e))), ("currency", .string(base.code)), ("invoices", .int(e.invoices)),
                                ("disputed", .int(e.disputed)), ("max_days_past_due", .int(e.maxDaysPastDue)), ("level", .int(e.level)),
                                ("average_days_late", .number(String(format: "%.1f", e.averageDaysLate))), ("score", .number(String(format: "%.2f", e.score)))]))
        }
        let shown = Array(entries.prefix(listing.cut(rows, "accounts").count))
        if listing.json { return Output.json(.array(Array(rows.prefix(shown.count)))) }
        if shown.isEmpty { return print("no overdue invoices") }
        Output.table(["CUSTOMER", "NAME", "OWNER", "OVERDUE \(base.code)", "INVOICES", "DAYS", "LEVEL", "AVG LATE", "SCORE"], shown.map { e in
            [e.customerID, e.name, e.owner, amount(e), "\(e.invoices)", "\(e.maxDaysPastDue)", "\(e.level)", String(format: "%.1f", e.averageDaysLate),
             String(format: "%.2f", e.score)]
        })
    }
}
