import ArgumentParser
import O2CLedger

/// `o2c orders list`.
struct OrdersListCommand: ParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List orders, newest first.")
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var listing: ListingOptions
    @Option(help: "Only this customer's orders.") var customer: String?
    @Option(help: "Only orders in this status (approved, credit_hold, reserved, shipped, invoiced, paid, ...).") var status: String?
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let rows = listing.cut(try ledger.open().orders(ListFilter(customerID: customer, status: status, limit: listing.fetch)), "orders")
        if listing.json { return Output.json(.array(rows.map(\.json))) }
        Output.table(["ID", "CUSTOMER", "STATUS", "DATE", "TOTAL", "LINES"], rows.map { r in
            [r.id, r.customerID, r.status, r.orderDate, r.total + " " + r.currency, String(r.lines.count)]
        })
    }
}
