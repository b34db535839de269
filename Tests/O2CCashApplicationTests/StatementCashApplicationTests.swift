import Foundation
import O2CCashApplication
import O2CCore
import O2CDocuments
import O2CLedger
import Testing

/// A camt.053 statement with one entry per case, imported and matched against the shipped
/// guardrails: exactly what should be applied is, the rest stays open, unapplied or queued.
@Suite("Cash application of a bank statement")
struct StatementCashApplicationTests {
    let f: CashAppFixture

    init() throws { f = try CashAppFixture() }

    func importStatement() throws -> ImportReport {
        try PaymentImporter(ledger: f.ledger, actor: .user("arlo")).run(path: CashAppFixture.statement)
    }

    /// The payment recorded for the entry with this bank reference.
    func payment(_ ref: String) throws -> String {
        try f.raw.read { db in try String.fetchOne(db, sql: "SELECT id FROM payments WHERE payment_ref = ?", arguments: [ref]) } ?? "?"
    }

    @Test func statementAppliesExactlyWhatItShouldAndQueuesTheRest() throws {
        let report = try importStatement()
        #expect(report.imported == 8)
        #expect(report.skippedEntries == ["debit": 1, "not_booked": 1])
        #expect(report.rejectedCount == 0)

        let summary = try CashApplication.runAll(ledger: f.ledger)
        #expect(summary.payments == 8)
        #expect(summary.applied == 4)
        #expect(summary.pendingApproval == 2)
        #expect(summary.unmatched == 2)

        // Exact reference, noisy reference, no reference (payer name), a combination: applied.
        #expect(try f.allocations(payment("D1-0001")) == ["INV-1001": 10000])
        #expect(try f.allocations(payment("D1-0002")) == ["INV-1002": 25000])
        #expect(try f.allocations(payment("D1-0003")) == ["INV-1003": 30000])
        #expect(try f.allocations(payment("D1-0004")) == ["INV-1004": 4000, "INV-1005": 6000])
        for inv in ["INV-1001", "INV-1002", "INV-1003", "INV-1004", "INV-1005"] { #expect(try f.open(inv) == 0) }

        // Partial (RF reference) and over-payment: proposed, waiting for a finance manager.
        let pending = summary.records.filter { $0.status == .pendingApproval }
        #expect(Set(pending.map(\.paymentID)) == Set([try payment("D1-0005"), try payment("D1-0006")]))
        #expect(try f.open("INV-1006") == 50000)
        #expect(try f.open("INV-1007") == 10000)
        #expect(try f.allocations(payment("D1-0005")).isEmpty)
        let partial = try #require(summary.records.first { $0.paymentID == (try? payment("D1-0005")) })
        #expect(partial.method == "partial")
        #expect(partial.allocations == [["invoice_id": "INV-1006", "amount": "200.00"]])
        let over = try #require(summary.records.first { $0.paymentID == (try? payment("D1-0006")) })
        #expect(over.method == "overpayment")
        #expect(over.allocations == [["invoice_id": "INV-1007", "amount": "100.00"]])

        // The unknown payer and the two equal invoices: nothing applied, payment.unmatched raised.
        for ref in ["D1-0007", "D1-0008"] { #expect(try f.allocations(payment(ref)).isEmpty) }
        #expect(try f.open("INV-1008") == 4000)
        #expect(try f.open("INV-1009") == 4000)
        #expect(try f.count("SELECT count(*) FROM events WHERE type = 'payment.unmatched'") == 2)
        let ambiguous = try #require(summary.records.first { $0.paymentID == (try? payment("D1-0008")) })
        #expect(ambiguous.alternatives.count == 2)
        #expect(ambiguous.status == .unmatched)

        #expect(try f.ledger.invariantViolations().isEmpty)
        #expect(try f.ledger.verifyAudit().ok)
    }

    @Test func theSameStatementImportedAndMatchedTwiceRecordsNothingNew() throws {
        _ = try importStatement()
        _ = try CashApplication.runAll(ledger: f.ledger)
        let before = try f.fingerprint()
        let again = try importStatement()
        #expect(again.imported == 0)
        #expect(again.skipped == 8)
        let rerun = try CashApplication.runAll(ledger: f.ledger)
        #expect(rerun.applied == 0)
        #expect(rerun.recorded == 0)
        #expect(try f.fingerprint() == before)
    }

    @Test func paymentsShowExplainsEachMatch() throws {
        _ = try importStatement()
        _ = try CashApplication.runAll(ledger: f.ledger)
        let explained = try f.ledger.paymentExplained(payment("D1-0002"))
        let match = try #require(explained["matches"]?.arrayValue?.first)
        #expect(match["status"] == "applied")
        #expect(match["confidence"] == .int(97))
        let reasons = (match["reasons"]?.arrayValue ?? []).compactMap(\.stringValue)
        #expect(reasons.contains { $0.contains("names INV-1002") && $0.contains("inv 01002") })
        let partial = try f.ledger.paymentExplained(payment("D1-0005"))
        #expect(partial["structured_reference"] == "RF65INV1006")
        #expect(partial["matches"]?.arrayValue?.first?["approval_id"]?.stringValue?.hasPrefix("AP-") == true)
    }

    @Test func approvingTheQueuedPartialPaymentAppliesIt() throws {
        _ = try importStatement()
        let summary = try CashApplication.runAll(ledger: f.ledger)
        let id = try #require(summary.records.first { $0.method == "partial" }?.approvalID)
        _ = try f.ledger.approve(id, by: "fiona", note: "customer said the rest follows")
        #expect(try f.open("INV-1006") == 30000)
    }
}
