import ArgumentParser
import Foundation

/// `o2c orders show ID`.
struct OrdersShowCommand: AsyncParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show an order with its lines and history.")
    @Argument(help: "Order id, e.g. SO-1001.") var id: String
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let o = try await ledger.access().order(id)
        if output.json { return Output.json(o) }
        let cur = Output.text(o["currency"])
        print("\(Output.text(o["id"]))  \(Output.text(o["customer_id"]))  \(Output.text(o["status"]))  \(Output.text(o["order_date"]))")
        for l in o["lines"]?.arrayValue ?? [] {
            print("  \(Output.text(l["sku"]).padding(toLength: 10, withPad: " ", startingAt: 0)) x\(Output.text(l["quantity"]))  @ \(Output.text(l["unit_price"]))  = \(Output.text(l["net"])) \(cur)")
        }
        print("  net \(Output.text(o["net"]))  tax \(Output.text(o["tax"]))  total \(Output.text(o["total"])) \(cur)  (discount \(Output.text(o["discount_percent"]))%)")
        for h in o["history"]?.arrayValue ?? [] { print("  \(Output.text(h["at"]))  \(Output.text(h["event"]))") }
    }
}
