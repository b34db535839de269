import ArgumentParser
import O2CCore
import O2CLedger

/// `o2c customers list|show`.
struct CustomersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "customers", abstract: "Customers and their credit position.",
                                                    subcommands: [List.self, Show.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List customers.")
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: OutputOptions
        @Option(help: "Only customers owned by this sales rep.") var owner: String?

        func run() throws {
            let rows = try ledger.open().customers(ListFilter(owner: owner))
            if output.json { return Output.json(.array(rows)) }
            Output.table(["ID", "NAME", "CUR", "OWNER", "CREDIT LIMIT", "HOLD"], rows.map { r in
                [Output.text(r["id"]), Output.text(r["name"]), Output.text(r["currency"]), Output.text(r["owner"]),
                 Output.text(r["credit_limit"]) + " " + Output.text(r["credit_currency"]), r["on_hold"] == .bool(true) ? "ON HOLD" : ""]
            })
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one customer with exposure, available credit and overdue amounts.")
        @Argument(help: "Customer id, e.g. C-001.") var id: String
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let c = try ledger.open().customer(id)
            if output.json { return Output.json(c) }
            let cur = Output.text(c["credit_currency"])
            print("\(Output.text(c["id"]))  \(Output.text(c["name"]))")
            for (label, key) in [("currency", "currency"), ("owner", "owner"), ("region", "region"), ("email", "email"),
                                 ("payment terms (days)", "payment_terms_days")] {
                print("  \(label.padding(toLength: 22, withPad: " ", startingAt: 0)) \(Output.text(c[key]))")
            }
            for (label, key) in [("credit limit", "credit_limit"), ("exposure", "exposure"), ("available credit", "available_credit"),
                                 ("overdue", "overdue_amount"), ("unapplied cash", "unapplied_cash")] {
                print("  \(label.padding(toLength: 22, withPad: " ", startingAt: 0)) \(Output.text(c[key])) \(cur)")
            }
            print("  \("max days overdue".padding(toLength: 22, withPad: " ", startingAt: 0)) \(Output.text(c["max_days_overdue"]))")
            print("  \("credit hold".padding(toLength: 22, withPad: " ", startingAt: 0)) \(c["on_hold"] == .bool(true) ? "ON HOLD: \(Output.text(c["hold_reason"]))" : "no")")
        }
    }
}

/// `o2c products list`.
struct ProductsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "products", abstract: "Products, prices and stock.", subcommands: [List.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List products with list price and available stock.")
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: OutputOptions
        @Option(help: "Price list currency (default: base currency).") var currency: String?

        func run() throws {
            let rows = try ledger.open().products(currency: currency)
            if output.json { return Output.json(.array(rows)) }
            Output.table(["SKU", "NAME", "PRICE", "AVAILABLE", "ALTERNATIVES"], rows.map { r in
                [Output.text(r["sku"]), Output.text(r["name"]), Output.text(r["price"]) + " " + Output.text(r["currency"]), Output.text(r["available"]),
                 (r["alternatives"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: ",")]
            })
        }
    }
}
