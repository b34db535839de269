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
        if output.json { return Output.json(o.json) }
        print("\(o.id)  \(o.customerID)  \(o.status)  \(o.orderDate)")
        for l in o.lines {
            print("  \(l.sku.padding(toLength: 10, withPad: " ", startingAt: 0)) x\(l.quantity)  @ \(l.unitPrice)  = \(l.net) \(o.currency)")
        }
        print("  net \(o.net)  tax \(o.tax)  total \(o.total) \(o.currency)  (discount \(o.discountPercent)%)")
        for h in o.history ?? [] { print("  \(h.at)  \(h.event)") }
    }
}
