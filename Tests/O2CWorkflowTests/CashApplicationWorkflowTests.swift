import Foundation
import O2CCore
import O2CDocuments
import O2CLedger
import O2CWorkflow
import Testing

/// Cash application as a stage of the workflow: a bank statement imported through the documents
/// import raises `payment.received`; the worker's `cashapp` job applies what it is sure of and
/// raises `payment.unmatched` for the rest, which the cash-application agent takes up (with no
/// model: a review item for a person).
@Suite("Cash application through the worker")
struct CashApplicationWorkflowTests {
    @Test func aStatementIsAppliedByTheWorkerAndAPaymentNobodyCanMatchWaitsForAPersonOnce() async throws {
        // Given an invoice the worker issued, and no model configured.
        let f = try WorkflowFixture()
        let worker = try f.worker()
        try await worker.start()
        let order = try f.order("C-001", [("WID-100", 3)])
        _ = try await worker.drain()
        let invoice = try #require(try f.ledger.invoices(ListFilter(customerID: "C-001")).first { $0.orderID == order })
        let (invoiceID, total) = (invoice.id, invoice.total)

        // When the bank's statement is imported: one payment quoting the invoice, one from a stranger with no reference.
        let statement = CamtStatementWriter(statementID: "STMT-1", accountIBAN: "DE44500105175407324931", currency: "USD", credits: [
            .init(bankReference: "B-1", amount: total, date: WorkflowFixture.start, payerName: "ACME CORP", remittance: "Payment \(invoiceID)"),
            .init(bankReference: "B-2", amount: "77.77", date: WorkflowFixture.start, payerName: "Unknown Trading Ltd"),
        ]).xml(createdAt: "2026-03-02T07:00:00Z")
        let importer = PaymentImporter(ledger: f.ledger, actor: .workflow)
        let imported = try importer.importStatement(bytes: Array(statement.utf8), file: "statement.xml")
        #expect(imported.imported == 2, "\(imported.rejected)")
        let report = try await worker.drain()

        // Then the worker applies the first and leaves the second to the agent, which parks it for a person.
        #expect(report.count(.parked) == 0 && report.count(.retrying) == 0)
        let cashapp = report.runs.filter { $0.job.kind == JobKind.cashApplication }
        #expect(cashapp.map { $0.detail["outcome"]?.stringValue ?? "?" }.sorted() == ["applied", "unmatched"])
        let applied = try #require(cashapp.first { $0.detail["outcome"] == "applied" })
        #expect(applied.detail["allocations"]?[0]?["invoice_id"] == .string(invoiceID))
        #expect(try f.ledger.invoice(invoiceID).status == "paid")
        #expect(try f.count("SELECT count(*) FROM audit_log WHERE action = 'apply_payment' AND actor = 'system:workflow'") == 1)
        let stranger = try #require(cashapp.first { $0.detail["outcome"] == "unmatched" }?.job.subject)
        #expect(try f.events("payment.unmatched") == 1)
        #expect(report.runs.contains { $0.job.key.hasPrefix("agent:cash-application:") && $0.detail["reason"] == "no model configured" })
        let reviews = try f.ledger.approvalRequests(status: "pending").filter { $0["action"] == "agent_review" }
        #expect(reviews.count == 1)
        #expect(reviews.first?["actor"] == "agent:cash-application")
        #expect(reviews.first?["args"]?["input"]?.stringValue?.contains(stranger) == true)
        #expect(try f.ledger.payment(stranger).unappliedAmount == "77.77")

        // And a second import and a second worker pass repeat nothing.
        let before = try f.tally()
        let again = try importer.importStatement(bytes: Array(statement.utf8), file: "statement.xml")
        #expect(again.imported == 0 && again.skipped == 2)
        let second = try await worker.drain()
        #expect(second.runs.isEmpty)
        #expect(try f.tally() == before)
        #expect(try f.ledger.invariantViolations() == [])
        #expect(try f.ledger.verifyAudit().ok)
    }

    @Test func aPaymentAppliedBeforeTheWorkerGetsToItIsSkipped() async throws {
        let f = try WorkflowFixture()
        let worker = try f.worker()
        try await worker.start()
        _ = try f.order("C-001", [("WID-100", 1)])
        _ = try await worker.drain()
        let invoice = try #require(try f.ledger.invoices(ListFilter(customerID: "C-001")).first)
        // A clerk records and applies a payment by hand before the worker runs.
        let recorded = try f.ledger.submit(ActionRequest(action: .recordPayment, args: [
            "amount": .string(invoice.total), "currency": "USD", "date": "2026-03-02", "customer_id": "C-001",
        ], actor: .user("alice")))
        guard case .executed(let payment) = recorded else { throw FixtureError("payment not recorded: \(recorded.json.serialized())") }
        let applied = try f.ledger.submit(ActionRequest(action: .applyPayment, args: [
            "payment_id": .string(payment.id), "allocations": [["invoice_id": .string(invoice.id), "amount": .string(invoice.total)]],
        ], actor: .user("alice")))
        guard case .executed = applied else { throw FixtureError("payment not applied: \(applied.json.serialized())") }
        let report = try await worker.drain()
        let run = try #require(report.runs.first { $0.job.kind == JobKind.cashApplication })
        #expect(run.outcome == .done)
        #expect(run.detail["outcome"] == "skipped")
        #expect(try f.count("SELECT count(*) FROM allocations WHERE payment_id = ?", [payment.id]) == 1)
    }
}
