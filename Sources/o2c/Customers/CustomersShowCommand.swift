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
        if output.json { return Output.json(c) }
        let cur = Output.text(c["credit_currency"])
        func line(_ label: String, _ value: String) { print("  \(label.padding(toLength: 22, withPad: " ", startingAt: 0)) \(value)") }
        print("\(Output.text(c["id"]))  \(Output.text(c["name"]))")
        for (label, key) in [("currency", "currency"), ("owner", "owner"), ("region", "region"), ("email", "email"),
                             ("payment terms (days)", "payment_terms_days")] {
            line(label, Output.text(c[key]))
        }
        for (label, key) in [("credit limit", "credit_limit"), ("exposure", "exposure"), ("available credit", "available_credit"),
                             ("overdue", "overdue_amount"), ("unapplied cash", "unapplied_cash")] {
            line(label, "\(Output.text(c[key])) \(cur)")
        }
        line("max days overdue", Output.text(c["max_days_overdue"]))
        line("credit hold", c["on_hold"] == .bool(true) ? "ON HOLD: \(Output.text(c["hold_reason"]))" : "no")
    }
}
