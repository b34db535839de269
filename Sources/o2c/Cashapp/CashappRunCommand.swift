import ArgumentParser
import Foundation
import O2CCashApplication
import O2CCore
import O2CLedger

/// `o2c cashapp run [--payment ID] [--threshold N] --as USER`.
struct CashappRunCommand: ParsableCommand, O2CCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Match every payment with money left to apply; apply what is certain, queue the rest.",
        discussion: """
            Matches by invoice reference, then by customer and amount, then by a combination of one customer's open invoices.
            A match at or above the threshold (default 90, or $O2C_CASHAPP_THRESHOLD) is applied through the gate as system:cashapp
            on behalf of --as; below it, or when two explanations fit equally, nothing is applied and payment.unmatched is raised
            for the cash-application agent and the queue. 'o2c payments show ID' explains each match.
            """)
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var actor: ActorOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var global: GlobalOptions
    @Option(help: "Confidence (0-100) at or above which a match is applied.") var threshold: Int?
    @Option(help: "Only this payment, e.g. PAY-1042.") var payment: String?

    func validate() throws {
        if let threshold, !(0...100).contains(threshold) { throw ValidationError("--threshold must be a whole number from 0 to 100") }
    }

    func run() throws {
        let user = try actor.actor()
        guard user.kind == .user else { throw CLIExit(code: 2, message: "--as names the person who runs cash application (a user, not \(user))") }
        let gated = try ledger.openGated()
        guard let role = try gated.userRole(user.name) else {
            throw CLIExit(code: 1, message: "unknown user \(user.name); add with o2c users add \(user.name) --role ar_clerk")
        }
        guard role == .admin || gated.policy.rolePermits(role, .applyPayment) else {
            throw CLIExit(code: 3, message: "role \(role.rawValue) may not apply payments, so it cannot run cash application (roles.yaml)")
        }
        var configured = threshold ?? CashApplicationSettings.thresholdDefault
        if threshold == nil {
            do { configured = try CashApplicationSettings.threshold() } catch { throw CLIExit(code: 2, message: error.message) }
        }
        var settings = CashApplicationSettings(
            threshold: configured,
            actor: Actor(kind: .system, name: CashApplicationSettings.cashappActor.name, onBehalfOf: user.name))
        settings.subsetInvoicesMax = SubsetSearch.invoicesMaxDefault
        let summary = try payment.map { try CashApplication.run(paymentID: $0, ledger: gated, settings: settings) }
            ?? CashApplication.runAll(ledger: gated, settings: settings)
        if output.json { return Output.json(summary.json) }
        print("cash application (threshold \(summary.threshold)): \(summary.payments) payment\(summary.payments == 1 ? "" : "s"): \(summary.applied) applied, \(summary.pendingApproval) waiting for approval, \(summary.unmatched) left for the agent and the queue, \(summary.refused) refused")
        Output.table(["PAYMENT", "STATUS", "CONF", "METHOD", "ALLOCATIONS", "WHY"], summary.records.map { r in
            [r.paymentID, r.status.rawValue + (r.approvalID.map { " \($0)" } ?? ""), String(r.confidence), r.method,
             (r.allocations.arrayValue ?? []).map { "\(Output.text($0["invoice_id"])) \(Output.text($0["amount"]))" }.joined(separator: ", "),
             String((r.reasons.last ?? "").prefix(80))]
        })
    }
}
