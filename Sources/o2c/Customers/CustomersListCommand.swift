import ArgumentParser

/// `o2c customers list`.
struct CustomersListCommand: AsyncParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List customers (over a server: those the token's user may see).")
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var listing: ListingOptions
    @Option(help: "Only customers owned by this sales rep.") var owner: String?
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let rows = listing.cut(try await ledger.access().customers(owner: owner, limit: listing.fetch), "customers")
        if listing.json { return Output.json(.array(rows.map(\.json))) }
        Output.table(["ID", "NAME", "CUR", "OWNER", "CREDIT LIMIT", "HOLD"], rows.map { r in
            [r.id, r.name, r.currency, r.owner, r.creditLimit + " " + r.creditCurrency, r.onHold ? "ON HOLD" : ""]
        })
    }
}
