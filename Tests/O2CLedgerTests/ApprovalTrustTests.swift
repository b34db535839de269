import Foundation
import GRDB
import O2CCore
import Testing
@testable import O2CLedger

/// Who may approve (SPEC §8.1), requirements that changed since a request was parked, and the
/// person an agent acted for.
@Suite("Approvals hold against the wrong approver and stale requirements")
struct ApprovalTrustTests {
    // MARK: approvers when a rule names no role

    @Test func aSalesRepCannotApproveAnAgentsReserveStockButASalesManagerOrAnAdminCan() throws {
        let f = try Fixture(policy: try Fixture.shippedPolicy())
        try f.addUsers([("sam", .salesRep, nil), ("mia", .salesManager, nil), ("alice", .admin, nil)])
        var parked: [String] = []
        for _ in 0..<2 {
            let order = try f.must(.createOrder, ["customer_id": "C-001", "lines": [["sku": "WID-100", "quantity": 1]]], as: .workflow)
            // No rule allows it, so the built-in agents-need-approval rule parks it, naming no role.
            let outcome = try f.submit(.reserveStock, ["order_id": .string(order)], as: .agent("fulfillment", runID: "RUN-1"))
            let id = try #require(outcome.approvalID, "\(outcome.messages)")
            #expect(try f.ledger.approvalRequest(id)["approver_role"] == .null)
            parked.append(id)
        }
        guard case .refused(_, let why) = try f.ledger.approve(parked[0], by: "sam") else {
            Issue.record("a sales rep approved an agent's reserve_stock")
            return
        }
        #expect(why.contains("may not submit reserve_stock"), "\(why)")
        guard case .refused = try f.ledger.reject(parked[0], by: "sam", note: "no") else {
            Issue.record("a sales rep rejected a request they may not decide")
            return
        }
        #expect(try f.ledger.approvalRequest(parked[0])["status"] == "pending")
        guard case .executed = try f.ledger.approve(parked[0], by: "mia") else { Issue.record("the sales manager (who may reserve) was refused"); return }
        guard case .executed = try f.ledger.approve(parked[1], by: "alice") else { Issue.record("the admin was refused"); return }
    }

    @Test func aPolicyThatDoesNotKnowTheRolesLetsNobodyButAdminsApprove() throws {
        // A policy without role permissions says no (no default "everyone may").
        struct NoRoles: ActionPolicy {
            func decide(_ facts: ActionFacts) -> PolicyDecision {
                .requireApproval(role: nil, approvers: 1, rules: [FiredRule(file: "t", name: "t", message: "t")])
            }
            func rolePermits(_ role: Role, _ action: ActionName) -> Bool { false }
        }
        let f = try Fixture(policy: NoRoles())
        try f.addUsers([("fay", .financeManager, nil), ("ada", .admin, nil)])
        let id = try #require(try f.submit(.recordPayment, ["amount": "10.00", "currency": "USD", "date": "2026-01-05"]).approvalID)
        guard case .refused = try f.ledger.approve(id, by: "fay") else { Issue.record("approved without any permission"); return }
        guard case .executed = try f.ledger.approve(id, by: "ada") else { Issue.record("admin refused"); return }
    }

    // MARK: stale requirements

    @Test func aRuleThatNowNamesAnotherRoleKeepsTheRequestPendingForThatRole() throws {
        let (f, inv) = try ApprovalQueueTests.setUp()
        let id = try #require(try f.submit(.writeOff, ["invoice_id": .string(inv), "amount": "50.00", "reason": "r"], as: .user("sam")).approvalID)
        let stricter = try f.reopen(policy: QueuePolicy(writeOffRole: .admin))
        guard case .requirementsChanged(_, let why) = try stricter.approve(id, by: "fay") else {
            Issue.record("executed although the rule now asks for an admin")
            return
        }
        #expect(why.contains("admin"), "\(why)")
        let request = try stricter.approvalRequest(id)
        #expect(request["status"] == "pending")
        #expect(request["approver_role"] == "admin")
        #expect(request["outcome_reason"]?.stringValue?.contains("approver role finance_manager → admin") == true)
        #expect(try f.ledger.invoice(inv).openAmount == "216.39", "nothing written")
        // A finance manager can no longer take it; the admin can, and it executes once.
        guard case .refused = try stricter.approve(id, by: "finn") else { Issue.record("wrong role accepted after the change"); return }
        guard case .executed = try stricter.approve(id, by: "ada") else { Issue.record("admin refused"); return }
        #expect(try f.ledger.invoice(inv).openAmount == "166.39")
    }

    @Test func aRuleThatNowAsksForMoreApproversKeepsTheRequestPendingUntilTheyApprove() throws {
        let (f, inv) = try ApprovalQueueTests.setUp()
        let id = try #require(try f.submit(.writeOff, ["invoice_id": .string(inv), "amount": "50.00", "reason": "r"], as: .user("sam")).approvalID)
        #expect(try f.ledger.approvalRequest(id)["approvers_required"] == 1)
        let stricter = try f.reopen(policy: QueuePolicy(writeOffApprovers: 2))
        guard case .requirementsChanged(_, let why) = try stricter.approve(id, by: "fay") else {
            Issue.record("executed on one approval although the rule now asks for two")
            return
        }
        #expect(why.contains("approvers 1 → 2"), "\(why)")
        #expect(try stricter.approvalRequest(id)["approvers_required"] == 2)
        #expect(try f.ledger.invoice(inv).openAmount == "216.39")
        guard case .refused = try stricter.approve(id, by: "fay") else { Issue.record("the same person counted twice"); return }
        guard case .executed = try stricter.approve(id, by: "finn") else { Issue.record("second approver refused"); return }
        #expect(try f.ledger.invoice(inv).openAmount == "166.39")
        let entries: Int? = try f.scalar("SELECT count(*) FROM journal_entries WHERE source_type = 'write_off'")
        #expect(entries == 1)
    }

    @Test func anAmountThatGrewPastTheApproversLimitKeepsTheRequestPending() throws {
        let (f, _) = try ApprovalQueueTests.setUp()
        // 2 × WID-100 = 43.28 with tax; fred may approve up to 50.00.
        let order = try f.must(.createOrder, ["customer_id": "C-001", "lines": [["sku": "WID-100", "quantity": 2]]])
        let id = try #require(try f.submit(.reserveStock, ["order_id": .string(order)], as: .agent("fulfillment", runID: "RUN-3")).approvalID)
        #expect(try f.ledger.approvalRequest(id)["amount"] == "43.28")
        // Meanwhile the order changes: now 54.10, beyond fred's limit.
        _ = try f.must(.substituteLine, ["order_id": .string(order), "sku": "WID-100", "new_sku": "WID-101", "reason": "upgrade"])
        guard case .requirementsChanged(_, let why) = try f.ledger.approve(id, by: "fred") else {
            Issue.record("executed beyond the approver's limit")
            return
        }
        #expect(why.contains("43.28 USD → 54.10 USD"), "\(why)")
        #expect(try f.ledger.order(order).status == "approved", "nothing reserved")
        let request = try f.ledger.approvalRequest(id)
        #expect(request["status"] == "pending")
        #expect(request["amount"] == "54.10")
        guard case .refused(_, let limit) = try f.ledger.approve(id, by: "fred") else { Issue.record("limit ignored on the new amount"); return }
        #expect(limit.contains("50.00 USD < 54.10 USD"))
        guard case .executed = try f.ledger.approve(id, by: "fay") else { Issue.record("an approver without a limit was refused"); return }
        #expect(try f.ledger.order(order).status == "reserved")
    }

    @Test func anApprovalOfASmallerAmountDoesNotCountForALargerOne() throws {
        let (f, _) = try ApprovalQueueTests.setUp()
        let order = try f.must(.createOrder, ["customer_id": "C-001", "lines": [["sku": "WID-100", "quantity": 2]]])
        let id = try #require(try f.submit(.reserveStock, ["order_id": .string(order)], as: .agent("fulfillment")).approvalID)
        _ = try f.must(.substituteLine, ["order_id": .string(order), "sku": "WID-100", "new_sku": "WID-101", "reason": "upgrade"])
        // fay has no limit, but she approved 43.28, not 54.10: the request waits for a look at the new amount.
        guard case .requirementsChanged = try f.ledger.approve(id, by: "fay") else { Issue.record("executed on a stale amount"); return }
        // She may approve again, now for the amount shown; that executes.
        guard case .executed = try f.ledger.approve(id, by: "fay") else { Issue.record("re-approval of the new amount refused"); return }
        let decisions = try #require(try f.ledger.approvalRequest(id)["approvals"]?.arrayValue)
        #expect(decisions.count == 1)
        let audited: Int? = try f.scalar("SELECT count(*) FROM audit_log WHERE action = 'approval.approve' AND approval_id = ?", [id])
        #expect(audited == 2, "both approvals stay in the audit log")
    }

    // MARK: on behalf of

    @Test func thePersonAnAgentActedForIsRecordedAndCannotDecide() throws {
        let (f, _) = try ApprovalQueueTests.setUp()
        try f.addUsers([("mia", .salesManager, nil)])
        let order = try f.must(.createOrder, ["customer_id": "C-001", "lines": [["sku": "WID-100", "quantity": 1]]])
        let runID = try f.ledger.startRun(agent: "sales-assistant", input: "reserve it", onBehalfOf: "mia")
        #expect(try f.ledger.run(runID).onBehalfOf == "mia")
        let outcome = try f.submit(.reserveStock, ["order_id": .string(order)], as: .agent("sales-assistant", runID: runID, onBehalfOf: "mia"))
        let id = try #require(outcome.approvalID)
        let request = try f.ledger.approvalRequest(id)
        #expect(request["on_behalf_of"] == "mia")
        #expect(request["facts"]?["actor"]?["on_behalf_of"] == "mia")
        let parked: String? = try f.scalar("SELECT on_behalf_of FROM audit_log WHERE action = 'approval.parked' AND approval_id = ?", [id])
        #expect(parked == "mia")
        guard case .refused(_, let why) = try f.ledger.approve(id, by: "mia") else { Issue.record("approved their own question's proposal"); return }
        #expect(why.contains("on behalf of mia"), "\(why)")
        guard case .refused = try f.ledger.reject(id, by: "mia", note: "never mind") else { Issue.record("rejected their own question's proposal"); return }
        guard case .executed(_, let result) = try f.ledger.approve(id, by: "fay") else { Issue.record("another approver refused"); return }
        let executed: String? = try f.scalar("SELECT on_behalf_of FROM audit_log WHERE seq = ?", [result.auditSeq])
        #expect(executed == "mia", "the executed action's audit record names who asked")
        #expect(try f.ledger.verifyAudit().ok)
    }

    @Test func aReviewItemMadeForSomeoneIsHandledBySomeoneElse() throws {
        let (f, _) = try ApprovalQueueTests.setUp()
        let id = try f.ledger.parkReview(agent: "sales-assistant", runID: "RUN-5", input: "hold Acme", reason: "no model configured", onBehalfOf: "cara")
        guard case .refused = try f.ledger.approve(id, by: "cara", note: "done") else { Issue.record("handled by the person who asked"); return }
        guard case .executed = try f.ledger.approve(id, by: "fay", note: "done by hand") else { Issue.record("not handled"); return }
        #expect(try f.ledger.verifyAudit().ok)
    }

    // MARK: no guardrails

    @Test func withoutGuardrailsEveryWriteAndDecisionIsRefusedWithTheReasonAndReadsWork() throws {
        let f = try Fixture()
        try f.addUsers([("ada", .admin, nil)])
        let id = try #require(try f.submit(.placeCreditHold, ["customer_id": "C-001", "reason": "r"], as: .agent("credit-controller")).approvalID)
        let refusing = try f.reopen(policy: MissingGuardrailsPolicy.noFolder(home: "/nowhere"))
        let before = try f.fingerprint()
        let outcome = try refusing.submit(ActionRequest(action: .createOrder, args: ["customer_id": "C-001", "lines": [["sku": "WID-100", "quantity": 1]]],
                                                        actor: .user("ada")))
        #expect(outcome.isDenied)
        #expect(outcome.messages.joined().contains("no guardrails/ folder in /nowhere: writes are refused; set O2C_HOME"), "\(outcome.messages)")
        guard case .refused(_, let why) = try refusing.approve(id, by: "ada") else { Issue.record("approved without guardrails"); return }
        #expect(why.contains("writes are refused"))
        #expect(try f.fingerprint() == before)
        #expect(try refusing.customers().count == 4)
    }
}
