import ArgumentParser
import O2CLedger

/// `o2c payments list`.
struct PaymentsListCommand: ParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List payments, newest first.")
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var listing: ListingOptions
    @Option(help: "Only this customer's payments.") var customer: String?
    @Flag(help: "Only payments with money left to apply.") var unapplied = false
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let filter = ListFilter(customerID: customer, status: unapplied ? "unapplied" : nil, limit: listing.fetch)
        let rows = listing.cut(try ledger.open().payments(filter), "payments")
        if listing.json { return Output.json(.array(rows.map(\.json))) }
        Output.table(["ID", "DATE", "PAYER", "AMOUNT", "UNAPPLIED", "REFERENCE"], rows.map { r in
            [r.id, r.date, Output.text(r.payerName), r.amount + " " + r.currency, r.unappliedAmount, String(Output.text(r.reference).prefix(40))]
        })
    }
}
