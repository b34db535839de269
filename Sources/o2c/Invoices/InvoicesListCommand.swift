import ArgumentParser
import O2CLedger

/// `o2c invoices list`.
struct InvoicesListCommand: ParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List invoices, newest first.")
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var listing: ListingOptions
    @Option(help: "Only this customer's invoices.") var customer: String?
    @Option(help: "open, overdue, disputed, paid, partially_paid, closed.") var status: String?
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let rows = listing.cut(try ledger.open().invoices(ListFilter(customerID: customer, status: status, limit: listing.fetch)), "invoices")
        if listing.json { return Output.json(.array(rows)) }
        Output.table(["ID", "CUSTOMER", "ORDER", "STATUS", "DUE", "TOTAL", "OPEN", "OVERDUE"], rows.map { r in
            [Output.text(r["id"]), Output.text(r["customer_id"]), Output.text(r["order_id"]),
             Output.text(r["status"]) + (r["disputed"] == .bool(true) ? " (disputed)" : ""), Output.text(r["due_date"]),
             Output.text(r["total"]) + " " + Output.text(r["currency"]), Output.text(r["open_amount"]),
             r["days_overdue"] == .number("0") ? "" : Output.text(r["days_overdue"]) + "d"]
        })
    }
}
