import ArgumentParser
import Foundation

/// `o2c invoices show ID`.
struct InvoicesShowCommand: AsyncParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show an invoice with lines, taxes, payments and history.")
    @Argument(help: "Invoice id, e.g. INV-1001.") var id: String
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let i = try await ledger.access().invoice(id)
        if output.json { return Output.json(i) }
        let cur = Output.text(i["currency"])
        print("\(Output.text(i["id"]))  \(Output.text(i["customer_id"]))  order \(Output.text(i["order_id"]))  \(Output.text(i["status"]))")
        print("  issued \(Output.text(i["issue_date"]))  due \(Output.text(i["due_date"]))  days overdue \(Output.text(i["days_overdue"]))")
        for l in i["lines"]?.arrayValue ?? [] {
            print("  \(Output.text(l["sku"]).padding(toLength: 10, withPad: " ", startingAt: 0)) x\(Output.text(l["quantity"]))  @ \(Output.text(l["unit_price"]))  net \(Output.text(l["net"]))  tax \(Output.text(l["tax_rate_percent"]))%")
        }
        print("  net \(Output.text(i["net"]))  tax \(Output.text(i["tax"]))  total \(Output.text(i["total"])) \(cur)  open \(Output.text(i["open_amount"])) \(cur)")
        for p in i["payments"]?.arrayValue ?? [] {
            print("  payment \(Output.text(p["payment_id"])) \(Output.text(p["amount"])) \(cur) on \(Output.text(p["date"]))\(p["reversed"] == .bool(true) ? " (reversed)" : "")")
        }
    }
}
