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
        if output.json { return Output.json(i.json) }
        print("\(i.id)  \(i.customerID)  order \(i.orderID)  \(i.status)")
        print("  issued \(i.issueDate)  due \(i.dueDate)  days overdue \(i.daysOverdue)")
        for l in i.lines ?? [] {
            print("  \(l.sku.padding(toLength: 10, withPad: " ", startingAt: 0)) x\(l.quantity)  @ \(l.unitPrice)  net \(l.net)  tax \(l.taxRatePercent)%")
        }
        print("  net \(i.net)  tax \(i.tax)  total \(i.total) \(i.currency)  open \(i.openAmount) \(i.currency)")
        for p in i.payments ?? [] {
            print("  payment \(p.paymentID) \(p.amount) \(i.currency) on \(p.date)\(p.reversed ? " (reversed)" : "")")
        }
    }
}
