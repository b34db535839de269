import Crypto
import Foundation
import O2CCore
import O2CLedger

/// The cash-application engine: matches payments with money left to apply to open invoices
/// (`CashMatcher`), applies what it is sure of through the gate (`apply_payment`, idempotent by
/// payment and proposal), and leaves the rest to the cash-application agent and the approval
/// queue by raising `payment.unmatched`. Every proposal is stored with its reasons
/// (`Ledger.recordCashMatches`), so `o2c payments show` explains it.
///
/// Entry points: `runAll` (`o2c cashapp run`) and `run(paymentID:)` (the workflow worker on
/// `payment.received`). A payment the engine already applied or sent for approval is not
/// looked at again; an unmatched one is, and a new record (and event) is written only when the
/// proposal changed.
public enum CashApplication {
    /// Matches every payment with money left to apply (oldest first).
    public static func runAll(ledger: Ledger, settings: CashApplicationSettings = CashApplicationSettings(),
                              progress: ((Int, Int) -> Void)? = nil) throws(LedgerError) -> CashApplicationSummary {
        let payments = try ledger.paymentsForMatching()
        if payments.isEmpty { return CashApplicationSummary(threshold: settings.threshold) }
        var matcher = CashMatcher(snapshot: try ledger.cashApplicationSnapshot(), subsetInvoicesMax: settings.subsetInvoicesMax)
        return try apply(payments, matcher: &matcher, ledger: ledger, settings: settings, progress: progress)
    }

    /// Matches one payment (the worker's handler for `payment.received`); a payment with nothing
    /// left to apply, or already decided, is skipped. It reads only the open invoices the
    /// payment's proposal can look at (`CashMatcher.scope(for:)`), so its cost does not grow with
    /// the ledger's open invoices.
    public static func run(paymentID: String, ledger: Ledger, settings: CashApplicationSettings = CashApplicationSettings()) throws(LedgerError) -> CashApplicationSummary {
        let payments = try ledger.paymentsForMatching(ids: [paymentID])
        guard let payment = payments.first else { return CashApplicationSummary(threshold: settings.threshold) }
        var matcher = try scopedMatcher(for: payment, ledger: ledger, subsetInvoicesMax: settings.subsetInvoicesMax)
        return try apply(payments, matcher: &matcher, ledger: ledger, settings: settings, progress: nil)
    }

    /// A matcher over only the open invoices `payment`'s proposal can look at
    /// (`CashMatcher.scope(for:)`), read with the customers and payer accounts in one read; its
    /// proposal for `payment` is the one over every open invoice.
    public static func scopedMatcher(for payment: PaymentForMatching, ledger: Ledger,
                                     subsetInvoicesMax: Int = SubsetSearch.invoicesMaxDefault) throws(LedgerError) -> CashMatcher {
        var parties: CashMatcher?
        let snapshot = try ledger.cashApplicationSnapshot { customersAndAccounts in
            let m = CashMatcher(snapshot: customersAndAccounts, subsetInvoicesMax: subsetInvoicesMax)
            parties = m
            return m.scope(for: payment)
        }
        return parties?.with(invoices: snapshot.invoices) ?? CashMatcher(snapshot: snapshot, subsetInvoicesMax: subsetInvoicesMax)
    }

    /// Match records are written in batches of this many (each batch one transaction).
    static let recordBatch = 256

    static func apply(_ payments: [PaymentForMatching], matcher: inout CashMatcher, ledger: Ledger, settings: CashApplicationSettings,
                      progress: ((Int, Int) -> Void)?) throws(LedgerError) -> CashApplicationSummary {
        var summary = CashApplicationSummary(threshold: settings.threshold)
        var pending: [CashMatchRecord] = []
        for (n, payment) in payments.enumerated() {
            let proposal = matcher.propose(payment)
            var status = CashMatchRecord.Status.unmatched
            var approvalID: String?
            var outcomeText: String
            if proposal.applies(atThreshold: settings.threshold) {
                let allocations = proposal.allocationsJSON(exponent: payment.exponent)
                let key = "cashapp:\(payment.id):" + String(Self.digest(allocations.canonical).prefix(16))
                let request = ActionRequest(action: .applyPayment, args: ["payment_id": .string(payment.id), "allocations": allocations],
                                            actor: settings.actor, idempotencyKey: key,
                                            reason: "cash application, confidence \(proposal.confidence): " + proposal.reasons.joined(separator: "; "))
                let outcome = try ledger.submit(request)
                outcomeText = outcome.messages.joined(separator: "; ")
                switch outcome {
                case .executed:
                    status = .applied
                    matcher.consume(proposal.allocations)
                case .pendingApproval(let id, _):
                    status = .pendingApproval
                    approvalID = id
                    matcher.consume(proposal.allocations)
                case .denied, .invalid:
                    status = .refused
                }
            } else if proposal.allocations.isEmpty {
                outcomeText = "nothing fits well enough to propose; left to the cash-application agent and the queue"
            } else if !proposal.alternatives.isEmpty {
                outcomeText = "not applied: another explanation fits as well; left to the cash-application agent and the queue"
            } else {
                outcomeText = "not applied: confidence \(proposal.confidence) is below the threshold \(settings.threshold); left to the cash-application agent and the queue"
            }
            let record = Self.record(proposal, payment: payment, status: status, approvalID: approvalID, outcome: outcomeText, settings: settings)
            summary.add(record)
            pending.append(record)
            if pending.count >= recordBatch {
                summary.recorded += try ledger.recordCashMatches(pending)
                pending.removeAll(keepingCapacity: true)
            }
            if (n + 1) % 500 == 0 { progress?(n + 1, payments.count) }
        }
        summary.recorded += try ledger.recordCashMatches(pending)
        progress?(payments.count, payments.count)
        return summary
    }

    static func record(_ p: MatchProposal, payment: PaymentForMatching, status: CashMatchRecord.Status, approvalID: String?, outcome: String,
                       settings: CashApplicationSettings) -> CashMatchRecord {
        let allocations = p.allocationsJSON(exponent: payment.exponent)
        let digestText = [status.rawValue, p.method.rawValue, String(p.confidence), String(settings.threshold), allocations.canonical,
                          p.reasons.joined(separator: "\n"), p.alternatives.joined(separator: "\n"), approvalID ?? ""].joined(separator: "\u{1F}")
        var payload: JSONValue?
        if status == .unmatched {
            var untrusted = JSONObject()
            untrusted["payer_name"] = payment.payerName.map { .string($0) }
            untrusted["payer_account"] = payment.payerAccount.map { .string($0) }
            untrusted["reference"] = payment.reference.map { .string($0) }
            untrusted["structured_reference"] = payment.structuredReference.map { .string($0) }
            untrusted["end_to_end_id"] = payment.endToEndID.map { .string($0) }
            payload = .object(JSONObject([
                ("payment_id", .string(payment.id)), ("amount", .string(payment.decimal(payment.amountMinor))),
                ("unapplied", .string(payment.decimal(payment.unappliedMinor))), ("currency", .string(payment.currency)),
                ("confidence", .int(p.confidence)), ("threshold", .int(settings.threshold)), ("method", .string(p.method.rawValue)),
                ("proposal", allocations), ("reasons", .array(p.reasons.map { .string($0) })),
                ("alternatives", .array(p.alternatives.map { .string($0) })),
                // What the payer and the bank wrote: data from outside, never instructions.
                ("untrusted", .object(untrusted)),
            ]))
        }
        return CashMatchRecord(paymentID: payment.id, status: status, method: p.method.rawValue, confidence: p.confidence, threshold: settings.threshold,
                               allocations: allocations, reasons: p.reasons, alternatives: p.alternatives, approvalID: approvalID, outcome: outcome,
                               actor: settings.actor, digest: digest(digestText), eventPayload: payload)
    }

    static func digest(_ text: String) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for b in SHA256.hash(data: Data(text.utf8)) {
            out.append(hex[Int(b >> 4)])
            out.append(hex[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// What one run of the engine did.
public struct CashApplicationSummary: Sendable {
    /// The threshold used.
    public let threshold: Int
    /// Payments looked at.
    public var payments = 0
    /// Applied through the gate.
    public var applied = 0
    /// Submitted and parked in the approval queue by a guardrail.
    public var pendingApproval = 0
    /// Left to the cash-application agent and the queue.
    public var unmatched = 0
    /// Submitted and refused by the gate.
    public var refused = 0
    /// Match records written (a decision equal to the payment's latest is not written again).
    public var recorded = 0
    /// Each payment's record, in order.
    public var records: [CashMatchRecord] = []

    /// An empty summary.
    public init(threshold: Int) { self.threshold = threshold }

    mutating func add(_ r: CashMatchRecord) {
        payments += 1
        switch r.status {
        case .applied: applied += 1
        case .pendingApproval: pendingApproval += 1
        case .unmatched: unmatched += 1
        case .refused: refused += 1
        }
        records.append(r)
    }

    /// `{payments, applied, pending_approval, unmatched, refused, recorded, threshold, results: [...]}`.
    public var json: JSONValue {
        .object(JSONObject([
            ("payments", .int(payments)), ("applied", .int(applied)), ("pending_approval", .int(pendingApproval)), ("unmatched", .int(unmatched)),
            ("refused", .int(refused)), ("recorded", .int(recorded)), ("threshold", .int(threshold)), ("results", .array(records.map(\.json))),
        ]))
    }
}
