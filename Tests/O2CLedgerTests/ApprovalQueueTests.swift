import Foundation
import GRDB
import O2CCore
import Testing
@testable import O2CLedger

/// A policy for these tests: every write-off waits for a finance manager, two above 100.00;
/// agents always wait; a hold can be turned into a deny by flipping `denyHolds`.
struct QueuePolicy: ActionPolicy {
    var denyReserve = false
    /// Who approves write-offs, and how many (nil: two above 100.00, else one).
    var writeOffRole: Role = .financeManager
    var writeOffApprovers: Int?

    func decide(_ f: ActionFacts) -> PolicyDecision {
        if denyReserve && f.action == .reserveStock { return .deny(rules: [FiredRule(file: "test.yaml", name: "no-reserve", message: "frozen")]) }
        if f.action == .writeOff {
            let big = (f.amountBase?.minor ?? 0) > 10_000
            return .requireApproval(role: writeOffRole, approvers: writeOffApprovers ?? (big ? 2 : 1),
                                    rules: [FiredRule(file: "test.yaml", name: "write-off", message: "write-offs need finance")])
        }
        if f.actor.kind == .agent { return .requireApproval(role: nil, approvers: 1, rules: [FiredRule(file: "test.yaml", name: "agent", message: "agent")]) }
        return .allow(rules: [])
    }

    func rolePermits(_ role: Role, _ action: ActionName) -> Bool {
        role == .admin || role == .financeManager || (role == .creditManager && action != .writeOff) || (role == .salesRep && action == .createOrder)
    }
}

@Suite("The approval queue")
struct ApprovalQueueTests {
    static func setUp(_ policy: QueuePolicy = QueuePolicy()) throws -> (Fixture, String) {
        let f = try Fixture(policy: policy)
        for (name, role, limit) in [("fay", Role.financeManager, nil as String?), ("fred", .financeManager, "50.00"), ("finn", .financeManager, nil),
                                    ("cara", .creditManager, nil), ("sam", .salesRep, nil), ("ada", .admin, nil)] {
            _ = try f.ledger.addUser(name: name, role: role, approvalLimit: limit)
        }
        let (_, invoice) = try f.invoicedOrder(customer: "C-001", lines: [["sku": "WID-100", "quantity": 10]])  // 216.39
        return (f, invoice)
    }

    static func pending(_ outcome: GateOutcome) throws -> String {
        guard case .pendingApproval(let id, _) = outcome else { throw FixtureError.notExecuted("expected pending", outcome.messages) }
        return id
    }

    @Test func oneApproverExecutesExactlyThoseArgumentsOnce() throws {
        let (f, inv) = try Self.setUp()
        let id = try Self.pending(try f.submit(.writeOff, ["invoice_id": .string(inv), "amount": "50.00", "reason": "small"], as: .user("sam")))
        #expect(try f.ledger.invoice(inv).openAmount == "216.39", "nothing written while pending")
        guard case .executed = try f.ledger.approve(id, by: "fay", note: "ok") else { Issue.record("not executed"); return }
        #expect(try f.ledger.invoice(inv).openAmount == "166.39")
        #expect(try f.ledger.approvalRequest(id)["status"] == "executed")
        guard case .refused = try f.ledger.approve(id, by: "finn") else { Issue.record("second approval accepted"); return }
        #expect(try f.ledger.invoice(inv).openAmount == "166.39")
        #expect(try f.ledger.invariantViolations() == [])
    }

    @Test func proposerCannotApproveTheirOwnRequest() throws {
        let (f, inv) = try Self.setUp()
        let id = try Self.pending(try f.submit(.writeOff, ["invoice_id": .string(inv), "amount": "5.00", "reason": "r"], as: .user("fay")))
        guard case .refused(_, let why) = try f.ledger.approve(id, by: "fay") else { Issue.record("self-approval accepted"); return }
        #expect(why.contains("proposer"))
    }

    @Test func wrongRoleUnknownUserAndTooSmallALimitAreRefused() throws {
        let (f, inv) = try Self.setUp()
        let id = try Self.pending(try f.submit(.writeOff, ["invoice_id": .string(inv), "amount": "60.00", "reason": "r"], as: .user("sam")))
        guard case .refused(_, let role) = try f.ledger.approve(id, by: "cara") else { Issue.record("wrong role accepted"); return }
        #expect(role.contains("finance_manager"))
        guard case .refused(_, let limit) = try f.ledger.approve(id, by: "fred") else { Issue.record("limit ignored"); return }
        #expect(limit.contains("50.00 USD < 60.00 USD"))
        guard case .refused = try f.ledger.approve(id, by: "nobody") else { Issue.record("unknown user accepted"); return }
        #expect(try f.ledger.approvalRequest(id)["status"] == "pending")
        guard case .executed = try f.ledger.approve(id, by: "ada") else { Issue.record("admin refused"); return }
    }

    @Test func twoApproverRulesNeedTwoDistinctPeople() throws {
        let (f, inv) = try Self.setUp()
        let id = try Self.pending(try f.submit(.writeOff, ["invoice_id": .string(inv), "amount": "150.00", "reason": "big"], as: .user("sam")))
        guard case .recorded(_, 1) = try f.ledger.approve(id, by: "fay") else { Issue.record("first approval"); return }
        guard case .refused = try f.ledger.approve(id, by: "fay") else { Issue.record("same person twice"); return }
        #expect(try f.ledger.invoice(inv).openAmount == "216.39")
        guard case .executed = try f.ledger.approve(id, by: "finn") else { Issue.record("second approval"); return }
        #expect(try f.ledger.invoice(inv).openAmount == "66.39")
    }

    @Test func rejectNeedsANoteAndIsFinal() throws {
        let (f, inv) = try Self.setUp()
        let id = try Self.pending(try f.submit(.writeOff, ["invoice_id": .string(inv), "amount": "5.00", "reason": "r"], as: .user("sam")))
        guard case .refused = try f.ledger.reject(id, by: "fay", note: nil) else { Issue.record("reject without note"); return }
        guard case .rejected = try f.ledger.reject(id, by: "fay", note: "customer will pay") else { Issue.record("reject"); return }
        guard case .refused = try f.ledger.approve(id, by: "finn") else { Issue.record("approved after reject"); return }
        #expect(try f.ledger.approvalRequest(id)["outcome_reason"]?.stringValue?.contains("customer will pay") == true)
    }

    @Test func anExpiredRequestCannotBeApprovedAndIsListedAsExpired() throws {
        let (f, inv) = try Self.setUp()
        let id = try Self.pending(try f.submit(.writeOff, ["invoice_id": .string(inv), "amount": "5.00", "reason": "r"], as: .user("sam")))
        f.clock.advance(seconds: 73 * 3600)
        #expect(try f.ledger.approvalRequests(status: "expired").map { $0["id"] } == [.string(id)])
        #expect(try f.ledger.approvalRequests(status: "pending").isEmpty)
        guard case .expired = try f.ledger.approve(id, by: "fay") else { Issue.record("expired approved"); return }
        #expect(try f.ledger.invoice(inv).openAmount == "216.39")
        #expect(try f.ledger.approvalRequest(id)["status"] == "expired")
    }

    @Test func argumentsAlteredInTheDatabaseCannotBeExecuted() throws {
        let (f, inv) = try Self.setUp()
        let id = try Self.pending(try f.submit(.writeOff, ["invoice_id": .string(inv), "amount": "5.00", "reason": "r"], as: .user("sam")))
        let q = try DatabaseQueue(path: f.path)
        try q.write { db in try db.execute(sql: "UPDATE approvals SET args = replace(args, '5.00', '200.00') WHERE id = ?", arguments: [id]) }
        guard case .refused(_, let why) = try f.ledger.approve(id, by: "fay") else { Issue.record("tampered request executed"); return }
        #expect(why.contains("digest"))
        #expect(try f.ledger.invoice(inv).openAmount == "216.39")
    }

    @Test func staleRequestFailsWithTheReasonWhenTheWorldChanged() throws {
        let (f, _) = try Self.setUp()
        // An agent proposes reserving stock; meanwhile the customer is put on hold.
        let order = try f.must(.createOrder, ["customer_id": "C-001", "lines": [["sku": "WID-100", "quantity": 1]]])
        let id = try Self.pending(try f.submit(.reserveStock, ["order_id": .string(order)], as: .agent("fulfillment", runID: "RUN-9")))
        _ = try f.must(.placeCreditHold, ["customer_id": "C-001", "reason": "bounced"])
        guard case .failed(_, let reason) = try f.ledger.approve(id, by: "cara") else { Issue.record("stale request executed"); return }
        #expect(reason.contains("credit hold"))
        #expect(try f.ledger.approvalRequest(id)["status"] == "failed")
        #expect(try f.ledger.order(order).status == "approved")
    }

    @Test func aDenyRuleThatNowFiresFailsTheRequest() throws {
        let (f0, _) = try Self.setUp()
        let order = try f0.must(.createOrder, ["customer_id": "C-001", "lines": [["sku": "WID-100", "quantity": 1]]])
        let id = try Self.pending(try f0.submit(.reserveStock, ["order_id": .string(order)], as: .agent("fulfillment")))
        let strict = try Ledger.open(path: f0.path, clock: f0.clock, policy: QueuePolicy(denyReserve: true))
        guard case .failed(_, let reason) = try strict.approve(id, by: "cara") else { Issue.record("denied action executed"); return }
        #expect(reason.contains("frozen"))
    }

    @Test func concurrentApproversExecuteExactlyOnce() async throws {
        for _ in 0..<5 {
            let (f, inv) = try Self.setUp()
            let id = try Self.pending(try f.submit(.writeOff, ["invoice_id": .string(inv), "amount": "5.00", "reason": "r"], as: .user("sam")))
            let results = await withTaskGroup(of: String.self) { group in
                for name in ["fay", "finn", "ada"] {
                    group.addTask {
                        let other = try? Ledger.open(path: f.path, clock: f.clock, policy: QueuePolicy())
                        switch try? other?.approve(id, by: name) {
                        case .executed?: return "executed"
                        default: return "other"
                        }
                    }
                }
                var all: [String] = []
                for await r in group { all.append(r) }
                return all
            }
            #expect(results.filter { $0 == "executed" }.count == 1)
            #expect(try f.ledger.invoice(inv).openAmount == "211.39")
            let entries: Int? = try f.scalar("SELECT count(*) FROM journal_entries WHERE source_type = 'write_off'")
            #expect(entries == 1)
        }
    }

    @Test func agentProposalsWithAnIdempotencyKeyParkOnce() throws {
        let (f, _) = try Self.setUp()
        let args: JSONValue = ["customer_id": "C-001", "reason": "late"]
        let a = try Self.pending(try f.submit(.placeCreditHold, args, as: .agent("credit-controller"), key: "hold-1"))
        let b = try Self.pending(try f.submit(.placeCreditHold, args, as: .agent("credit-controller"), key: "hold-1"))
        #expect(a == b)
        guard case .executed = try f.ledger.approve(a, by: "cara") else { Issue.record("not executed"); return }
        // After execution, the same key replays the executed result.
        #expect(try f.submit(.placeCreditHold, args, as: .agent("credit-controller"), key: "hold-1").isExecuted)
    }

    @Test func tokensAreRandomShownOnceAndStoredAsAHash() throws {
        let f = try Fixture()
        let (_, t1) = try f.ledger.addUser(name: "amy", role: .arClerk, approvalLimit: nil)
        #expect(t1.hasPrefix("o2c_") && t1.count == 68)
        #expect(try f.ledger.authenticate(token: t1)?.name == "amy")
        let stored: String? = try f.scalar("SELECT token_hash FROM users WHERE name = 'amy'")
        #expect(stored != nil && stored != t1 && !(stored ?? "").contains(t1))
        let (_, t2) = try f.ledger.rotateToken(name: "amy")
        #expect(t1 != t2)
        #expect(try f.ledger.authenticate(token: t1) == nil)
        #expect(try f.ledger.authenticate(token: t2)?.name == "amy")
        try f.ledger.revokeUser(name: "amy")
        #expect(try f.ledger.authenticate(token: t2) == nil)
    }

    @Test func aNewTokenDoesNotLiftARevocationButRestoreDoesAndIsAudited() throws {
        let f = try Fixture()
        let (_, first) = try f.ledger.addUser(name: "amy", role: .arClerk, approvalLimit: nil)
        try f.ledger.revokeUser(name: "amy")
        do {
            _ = try f.ledger.rotateToken(name: "amy")
            Issue.record("a new token was issued to a revoked user")
        } catch {
            #expect(error.message.contains("o2c users restore amy"), "\(error.message)")
        }
        #expect(try f.ledger.user("amy")?.revoked == true)
        #expect(try f.ledger.authenticate(token: first) == nil)
        let (user, restored) = try f.ledger.restoreUser(name: "amy")
        #expect(!user.revoked)
        #expect(try f.ledger.authenticate(token: restored)?.name == "amy")
        #expect(try f.ledger.authenticate(token: first) == nil, "the old token stays dead")
        let audited: Int? = try f.scalar("SELECT count(*) FROM audit_log WHERE action = 'restore_user' AND args LIKE '%amy%'")
        #expect(audited == 1)
        // Restoring an active user is refused: it is not a way to rotate tokens silently either.
        #expect(throws: LedgerError.self) { try f.ledger.restoreUser(name: "amy") }
    }
}
