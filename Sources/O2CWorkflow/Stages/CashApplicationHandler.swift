import O2CCashApplication
import O2CCore
import O2CLedger

/// Cash application of a received payment (`payment.received` → `cashapp`): the engine matches
/// the payment to open invoices and applies what it is sure of through the gate as
/// `system:workflow` (keyed by payment and proposal, so a second try or a second worker applies
/// nothing twice). What it cannot match with confidence is recorded with `payment.unmatched`,
/// which starts the cash-application agent (with no model: a review item). A payment that has
/// already been applied or sent for approval is skipped.
public struct CashApplicationHandler: JobHandler {
    /// Threshold and actor of the engine.
    public let settings: CashApplicationSettings

    /// A handler; by default the engine's threshold, acting as `system:workflow`.
    public init(settings: CashApplicationSettings = CashApplicationSettings(actor: .workflow)) {
        self.settings = settings
    }

    public func run(_ job: Job, context: JobContext) async throws -> JSONValue {
        let payment = job.subject, settings = self.settings
        let summary = try await context.ledgerCall { ledger in try CashApplication.run(paymentID: payment, ledger: ledger, settings: settings) }
        guard let r = summary.records.first else {
            return ["outcome": "skipped", "reason": .string("payment \(payment) has no money left to apply, or was applied or sent for approval before")]
        }
        var o: JSONObject = ["outcome": .string(r.status.rawValue), "payment_id": .string(payment), "confidence": .int(r.confidence),
                             "method": .string(r.method), "allocations": r.allocations, "reason": .string(r.outcome)]
        o["approval_id"] = r.approvalID.map { .string($0) }
        return .object(o)
    }
}
