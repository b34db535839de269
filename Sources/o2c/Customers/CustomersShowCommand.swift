import Foundation
import ArgumentParser

/// `o2c customers show ID`.
struct CustomersShowCommand: AsyncParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one customer with exposure, available credit and overdue amounts.")
    @Argument(help: "Customer id, e.g. C-001.") var id: String
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let c = try await ledger.access().customer(id)
        if output.json { return Output.json(c.json) }
        func line(_ label: String, _ value: String) { print("  \(label.padding(toLength: 22, withPad: " ", startingAt: 0)) \(value)") }
        print("\(c.id)  \(c.name)")
        for (label, value) in [("currency", c.currency), ("owner", c.owner), ("region", c.region), ("email", c.email),
                               ("payment terms (days)", String(c.paymentTermsDays))] {
            line(label, value)
        }
        for (label, value) in [("credit limit", c.creditLimit), ("exposure", c.exposure), ("available credit", c.availableCredit),
                               ("overdue", c.overdueAmount), ("unapplied cash", c.unappliedCash)] {
            line(label, "\(Output.text(value)) \(c.creditCurrency)")
        }
        line("max days overdue", Output.text(c.maxDaysOverdue.map(String.init)))
        line("credit hold", c.onHold ? "ON HOLD: \(Output.text(c.holdReason ?? nil))" : "no")
    }
}
