import Foundation
import O2CAgents
import O2CCore
import O2CLedger
import O2CScriptedModel
import O2CWorkflow
import Testing

/// The stages of SPEC §12 end to end through the worker: the scripted model where an agent acts.
@Suite("Workflow stages")
struct StageTests {
    @Test func anOrderOnCreditHoldReleasedAfterApprovalReachesInvoiced() async throws {
        // Given an order beyond Tiny Shop's 1,000.00 of credit, entered by its rep.
        let f = try WorkflowFixture()
        let order = try f.order("C-004", [("WID-100", 60)])
        #expect(try f.status(order) == "credit_hold")
        let server = ScriptedModelServer(script: [
            .toolCalls([ScriptedToolCall(name: "credit_check", argumentsJSON: #"{"customer_id": "C-004"}"#)]),
            .toolCalls([ScriptedToolCall(name: "release_credit_hold", argumentsJSON: """
                {"customer_id": "C-004", "order_id": "\(order)", "reason": "Tiny Shop has paid every invoice on time; the excess is 320.00, release it."}
                """)]),
            .text("I proposed releasing \(order); a credit manager decides."),
        ])
        try server.start()
        defer { server.stop() }
        let worker = try f.worker(server)
        // When the worker runs, the credit-controller agent writes its case into the request.
        let first = try await worker.drain()
        #expect(first.count(.parked) == 0)
        let agentRun = try #require(first.runs.first { $0.job.kind == JobKind.agent })
        #expect(agentRun.job.key.hasPrefix("agent:credit-controller:"))
        #expect(agentRun.detail["state"] == "waiting_approval")
        let approval = try #require(agentRun.detail["approval_ids"]?[0]?.stringValue)
        let request = try f.ledger.approvalRequest(approval)
        #expect(request["action"] == "release_credit_hold")
        #expect(request["reason"]?.stringValue?.contains("paid every invoice on time") == true)
        #expect(try f.status(order) == "credit_hold", "nothing moves before a person decides")
        // And after a credit manager approves, the order continues by itself.
        _ = try f.ledger.approve(approval, by: "carl", note: "good payer")
        let second = try await worker.drain()
        #expect(second.count(.parked) == 0)
        #expect(Set(second.runs.map(\.job.kind)).isSuperset(of: [JobKind.reserveStock, JobKind.shipOrder, JobKind.issueInvoice, JobKind.sendInvoice]))
        #expect(try f.status(order) == "invoiced")
        let invoice = try #require(try f.ledger.invoices(ListFilter(customerID: "C-004")).first)
        #expect(invoice.orderID == order)
        #expect(try f.count("SELECT count(*) FROM invoices WHERE sent_at IS NOT NULL") == 1)
        #expect(try f.ledger.invariantViolations() == [])
        #expect(try f.ledger.verifyAudit().ok)
    }

    @Test func aShortLineGetsAnAlternativeProposedAndTheOrderContinuesAfterApproval() async throws {
        let f = try WorkflowFixture()
        let order = try f.order("C-001", [("GAD-7", 5), ("WID-100", 2)])
        let server = ScriptedModelServer(script: [
            .toolCalls([ScriptedToolCall(name: "find_alternatives", argumentsJSON: #"{"sku": "GAD-7"}"#)]),
            .toolCalls([ScriptedToolCall(name: "substitute_line", argumentsJSON: """
                {"order_id": "\(order)", "sku": "GAD-7", "new_sku": "WID-101", "reason": "GAD-7 is short (3 of 5); WID-101 is in stock and fits."}
                """)]),
            .text("Proposed WID-101 for GAD-7 on \(order)."),
        ])
        try server.start()
        defer { server.stop() }
        let worker = try f.worker(server)
        let first = try await worker.drain()
        // The reservation was refused for short stock: stock.short recorded once, nothing reserved.
        #expect(try f.events("stock.short") == 1)
        #expect(first.runs.first { $0.job.kind == JobKind.reserveStock }?.detail["outcome"] == "short")
        #expect(try f.count("SELECT count(*) FROM reservations") == 0)
        let agentRun = try #require(first.runs.first { $0.job.key.hasPrefix("agent:fulfillment:") })
        let approval = try #require(agentRun.detail["approval_ids"]?[0]?.stringValue)
        #expect(try f.ledger.approvalRequest(approval)["action"] == "substitute_line")
        // A sales manager approves the alternative; the worker reserves, ships and invoices.
        _ = try f.ledger.approve(approval, by: "mia", note: "customer agreed")
        _ = try await worker.drain()
        #expect(try f.status(order) == "invoiced")
        let lines = try f.ledger.order(order).lines.map(\.sku)
        #expect(lines.sorted() == ["WID-100", "WID-101"])
        #expect(try f.events("stock.short") == 1)
        #expect(try f.ledger.invariantViolations() == [])
    }

    @Test func aDelayedPreferredCarrierIsReplacedAndCarrierDelayedRecorded() async throws {
        let f = try WorkflowFixture()
        try f.ledger.setCarrierStatus(code: "UPS", delayed: true, actor: .user("alice"))
        let order = try f.order("C-001", [("WID-100", 2)])
        let worker = try f.worker()
        let report = try await worker.drain()
        #expect(report.count(.parked) == 0)
        #expect(try f.status(order) == "invoiced")
        #expect(try f.count("SELECT count(*) FROM shipments WHERE order_id = ? AND carrier = 'DHL'", [order]) == 1)
        let delayed = try f.ledger.events(after: 0).filter { $0.type == "carrier.delayed" }
        #expect(delayed.count == 1)
        #expect(delayed.first?.subject == order)
        #expect(delayed.first?.payload["preferred"] == "UPS")
        #expect(delayed.first?.payload["chosen"] == "DHL")
        // The fulfillment agent is told; with no model its step waits as a review item.
        #expect(report.runs.contains { $0.job.key.hasPrefix("agent:fulfillment:") && $0.detail["reason"] == "no model configured" })
        // The carrier's status change itself is audited.
        #expect(try f.count("SELECT count(*) FROM audit_log WHERE action = 'set_carrier_status' AND actor = 'user:alice'") == 1)
        #expect(try f.ledger.verifyAudit().ok)
    }

    @Test func aCarrierOnTimeAgainIsPreferredAgainAndNothingIsRecorded() async throws {
        let f = try WorkflowFixture()
        try f.ledger.setCarrierStatus(code: "UPS", delayed: true, actor: .user("alice"))
        try f.ledger.setCarrierStatus(code: "UPS", delayed: false, actor: .user("alice"))
        let order = try f.order("C-001", [("WID-100", 1)])
        _ = try await f.worker().drain()
        #expect(try f.count("SELECT count(*) FROM shipments WHERE order_id = ? AND carrier = 'UPS'", [order]) == 1)
        #expect(try f.events("carrier.delayed") == 0)
    }

    @Test func theWholeCycleWithoutAModelEndsWithReviewItemsNotFailures() async throws {
        let f = try WorkflowFixture()
        try f.ledger.setCarrierStatus(code: "UPS", delayed: true, actor: .user("alice"))
        let routine = try f.order("C-001", [("WID-100", 3)])
        let held = try f.order("C-004", [("WID-100", 60)])
        let short = try f.order("C-001", [("GAD-7", 4)])
        let report = try await f.worker().drain()
        #expect(report.count(.parked) == 0 && report.count(.retrying) == 0)
        #expect(try f.ledger.jobs(status: .failed).isEmpty)
        #expect(try f.status(routine) == "invoiced")
        #expect(try f.status(held) == "credit_hold")
        #expect(try f.status(short) == "approved")
        let reviews = try f.ledger.approvalRequests(status: "pending").filter { $0["action"] == "agent_review" }
        let agents = Set(reviews.compactMap { $0["actor"]?.stringValue })
        #expect(agents == ["agent:credit-controller", "agent:fulfillment"])
        #expect(reviews.allSatisfy { $0["reason"] == "no model configured" })
        // The review item carries what the agent was to look at.
        let hold = try #require(reviews.first { $0["actor"] == "agent:credit-controller" })
        #expect(hold["args"]?["input"]?.stringValue?.contains(held) == true)
    }

    @Test func ordersSkippedWhileTheCustomerWasOnHoldMoveOnWhenTheHoldIsLifted() async throws {
        let f = try WorkflowFixture()
        let order = try f.order("C-001", [("WID-100", 2)])
        // The customer goes on hold before the worker reaches the order: reservation is skipped.
        let hold = try f.ledger.submit(ActionRequest(action: .placeCreditHold, args: ["customer_id": "C-001", "reason": "cheque bounced"], actor: .user("carl")))
        guard case .executed = hold else { throw FixtureError("hold not placed: \(hold.json.serialized())") }
        let worker = try f.worker()
        let first = try await worker.drain()
        #expect(first.runs.first { $0.job.kind == JobKind.reserveStock }?.detail["outcome"] == "skipped")
        #expect(try f.status(order) == "approved")
        // Lifting the hold carries it on.
        let release = try f.ledger.submit(ActionRequest(action: .releaseCreditHold, args: ["customer_id": "C-001", "reason": "paid"], actor: .user("carl")))
        guard case .executed = release else { throw FixtureError("hold not released: \(release.json.serialized())") }
        let second = try await worker.drain()
        #expect(second.runs.contains { $0.job.kind == JobKind.resumeCustomer && $0.detail["orders"] == [.string(order)] })
        #expect(try f.status(order) == "invoiced")
    }

    @Test func theFirstStartDoesNotReplayHistory() async throws {
        let f = try WorkflowFixture(workerStarted: false)
        let old = try f.order("C-001", [("WID-100", 1)])
        let worker = try f.worker()
        try await worker.start()
        let report = try await worker.drain()
        #expect(report.runs.isEmpty && report.eventsRouted == 0)
        #expect(try f.status(old) == "approved")
        // What happens after the start is routed.
        let new = try f.order("C-001", [("WID-100", 1)])
        _ = try await worker.drain()
        #expect(try f.status(new) == "invoiced")
        #expect(try f.status(old) == "approved")
    }
}
