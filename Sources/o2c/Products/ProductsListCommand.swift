import ArgumentParser

/// `o2c products list`.
struct ProductsListCommand: ParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List products with list price and available stock.")
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var listing: ListingOptions
    @Option(help: "Price list currency (default: base currency).") var currency: String?
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let rows = listing.cut(try ledger.open().products(currency: currency, limit: listing.fetch), "products")
        if listing.json { return Output.json(.array(rows)) }
        Output.table(["SKU", "NAME", "PRICE", "AVAILABLE", "ALTERNATIVES"], rows.map { r in
            [Output.text(r["sku"]), Output.text(r["name"]), Output.text(r["price"]) + " " + Output.text(r["currency"]), Output.text(r["available"]),
             (r["alternatives"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: ",")]
        })
    }
}
