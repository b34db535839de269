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
        if listing.json { return Output.json(.array(rows.map(\.json))) }
        Output.table(["ID", "CUSTOMER", "ORDER", "STATUS", "DUE", "TOTAL", "OPEN", "OVERDUE"], rows.map { r in
            [r.id, r.customerID, r.orderID, r.status + (r.disputed ? " (disputed)" : ""), r.dueDate, r.total + " " + r.currency, r.openAmount,
             r.daysOverdue == 0 ? "" : "\(r.daysOverdue)d"]
        })
    }
}
