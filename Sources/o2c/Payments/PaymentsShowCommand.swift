import ArgumentParser

/// `o2c payments show ID`.
struct PaymentsShowCommand: ParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a payment, where it was applied, and why (the cash-application matches).")
    @Argument(help: "Payment id, e.g. PAY-1001.") var id: String
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let p = try ledger.open().paymentExplained(id)
        if output.json { return Output.json(p) }
        let cur = Output.text(p["currency"])
        print("\(Output.text(p["id"]))  \(Output.text(p["date"]))  \(Output.text(p["amount"])) \(cur)  from \(Output.text(p["payer_name"]))")
        print("  reference: \(Output.text(p["reference"]))  bank ref: \(Output.text(p["payment_ref"]))  customer: \(Output.text(p["customer_id"]))")
        for a in p["allocations"]?.arrayValue ?? [] { print("  applied \(Output.text(a["amount"])) \(cur) to \(Output.text(a["invoice_id"]))") }
        print("  unapplied \(Output.text(p["unapplied_amount"])) \(cur)")
        PaymentExplanation.print(p)
    }
}
