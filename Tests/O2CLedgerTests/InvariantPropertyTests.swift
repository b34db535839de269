import Foundation
import O2CCore
import PropertyBased
import Testing
@testable import O2CLedger

/// Random sequences of actions, valid and invalid, against a real ledger file: every invariant of
/// SPEC §4 holds after each committed action, and an action that fails changes nothing.
@Suite("Ledger invariants under random action sequences")
struct InvariantPropertyTests {
    static func randomAction(_ rng: inout SplitMix64, _ f: Fixture) throws -> (ActionName, JSONValue) {
        let customers = ["C-001", "C-002", "C-003", "C-004", "C-999"]
        let skus = ["WID-100", "WID-101", "BK-1", "GAD-7", "NOPE-1"]
        let orders = try f.ledger.orders(ListFilter(limit: 30)).compactMap { $0.id } + ["SO-9999"]
        let invoices = try f.ledger.invoices(ListFilter(limit: 30)).compactMap { $0.id } + ["INV-9999"]
        let payments = try f.ledger.payments(ListFilter(limit: 30)).compactMap { $0.id } + ["PAY-9999"]
        // One amount in twelve is extreme: beyond 64 bits, past the maximum per document, zero
        // written oddly, or not a number at all.
        let extremeAmounts = ["9000000000000", "99999999999999999999", "92233720368547758.07", "1000000000.01", "0", "-0", "0.00",
                              "1e308", "NaN", "-1.00", "0.001"]
        func amount(_ max: Int) -> JSONValue {
            if rng.chance(8) { return .string(rng.pick(extremeAmounts)) }
            return .string("\(rng.int(0...max)).\(rng.int(0...99) < 10 ? "0" : "")\(rng.int(0...99))")
        }
        func quantity() -> JSONValue {
            if rng.chance(8) { return .number(rng.pick(["1000000", "100000000000000000000", "1e308", "-0", "0", "-2", "1.5"])) }
            return .int(rng.int(1...40))
        }
        switch rng.int(0...17) {
        case 0, 1, 2:
            var lines: [JSONValue] = []
            for _ in 0..<rng.int(1...3) {
                var l: JSONObject = ["sku": .string(rng.pick(skus)), "quantity": quantity()]
                if rng.chance(20) { l["unit_price"] = amount(50) }
                lines.append(.object(l))
            }
            var a: JSONObject = ["customer_id": .string(rng.pick(customers)), "lines": .array(lines)]
            if rng.chance(15) { a["currency"] = .string(rng.pick(["USD", "EUR", "GBP", "JPY"])) }
            return (.createOrder, .object(a))
        case 3, 4: return (.reserveStock, ["order_id": .string(rng.pick(orders))])
        case 5, 6: return (.shipOrder, ["order_id": .string(rng.pick(orders))])
        case 7, 8: return (.issueInvoice, ["order_id": .string(rng.pick(orders))])
        case 9:
            return (.recordPayment, ["amount": amount(400), "currency": .string(rng.pick(["USD", "EUR", "GBP"])),
                                     "date": .string(f.clock.today().adding(days: -rng.int(0...40)).iso)])
        case 10, 11:
            return (.applyPayment, ["payment_id": .string(rng.pick(payments)),
                                    "allocations": [["invoice_id": .string(rng.pick(invoices)), "amount": amount(300)]]])
        case 12: return (.unapplyPayment, ["payment_id": .string(rng.pick(payments)), "invoice_id": .string(rng.pick(invoices))])
        case 13:
            return (rng.chance(50) ? .issueCreditNote : .writeOff, ["invoice_id": .string(rng.pick(invoices)), "amount": amount(120), "reason": "test"])
        case 14:
            return (rng.chance(50) ? .placeCreditHold : .releaseCreditHold, ["customer_id": .string(rng.pick(customers)), "reason": "test"])
        case 15:
            return (rng.chance(50) ? .cancelOrder : .applyDiscount,
                    ["order_id": .string(rng.pick(orders)), "reason": "test", "discount_percent": .int(rng.int(0...30))])
        case 16:
            return (.substituteLine, ["order_id": .string(rng.pick(orders)), "sku": .string(rng.pick(skus)), "new_sku": .string(rng.pick(skus)), "reason": "t"])
        default:
            return (.markDisputed, ["invoice_id": .string(rng.pick(invoices)), "reason": "test"])
        }
    }

    @Test func invariantsHoldAfterEveryActionAndFailuresChangeNothing() async throws {
        await propertyCheck(count: 10, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            do {
                let f = try Fixture()
                var rng = SplitMix64(state: seed)
                var executed = 0
                for step in 0..<60 {
                    if rng.chance(10) { f.clock.advance(seconds: 86_400 * rng.int(1...20)) }
                    var (action, args) = try Self.randomAction(&rng, f)
                    if action == .cancelOrder, case .object(var o) = args { o["discount_percent"] = nil; args = .object(o) }
                    if action == .applyDiscount, case .object(var o) = args { o["reason"] = "test"; args = .object(o) }
                    let before = try f.fingerprint()
                    let outcome = try f.submit(action, args)
                    switch outcome {
                    case .executed:
                        executed += 1
                        let violations = try f.ledger.invariantViolations()
                        #expect(violations.isEmpty, "seed \(seed) step \(step) \(action.rawValue) \(args.serialized()): \(violations)")
                    default:
                        #expect(try f.fingerprint() == before, "seed \(seed) step \(step): failed \(action.rawValue) wrote something")
                    }
                }
                #expect(try f.ledger.verifyAudit().ok)
                #expect(try f.ledger.trialBalance()["balanced"] == true)
                _ = executed
            } catch {
                Issue.record("seed \(seed): \(error)")
            }
        }
    }

    /// Remembers the verdict of the last action it was asked about.
    final class RecordingPolicy: ActionPolicy, @unchecked Sendable {
        let inner: GuardrailPolicy
        private let lock = NSLock()
        private var recorded: (ActionFacts, PolicyDecision)?

        init(_ inner: GuardrailPolicy) { self.inner = inner }

        var last: (ActionFacts, PolicyDecision)? {
            lock.lock()
            defer { lock.unlock() }
            return recorded
        }

        func reset() {
            lock.lock()
            recorded = nil
            lock.unlock()
        }

        func decide(_ facts: ActionFacts) -> PolicyDecision {
            let decision = inner.decide(facts)
            lock.lock()
            recorded = (facts, decision)
            lock.unlock()
            return decision
        }

        func rolePermits(_ role: Role, _ action: ActionName) -> Bool { inner.rolePermits(role, action) }
    }

    static let people: [(String, Role)] = [("sam", .salesRep), ("rita", .salesRep), ("mia", .salesManager), ("arlo", .arClerk),
                                           ("carl", .creditManager), ("fiona", .financeManager), ("alice", .admin)]
    static let actors: [Actor] = people.map { .user($0.0) } + [.user("mallory"), .workflow, .agent("order-intake", runID: "RUN-1"),
                                                                .agent("collections", runID: "RUN-2"), .agent("credit-controller", runID: "RUN-3", onBehalfOf: "carl")]

    /// Every table but the approval queue and the audit log (what parking a request may write).
    static let queueTables: Set<String> = ["approvals", "approval_decisions", "audit_log", "idempotency_keys"]

    @Test func randomActorsNeverWritePastARuleAndApproversAreEligible() async throws {
        await propertyCheck(count: 8, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            do {
                let policy = RecordingPolicy(try Fixture.shippedPolicy())
                let f = try Fixture(policy: policy)
                try f.addUsers(Self.people.map { ($0.0, $0.1, $0.1 == .financeManager ? "100.00" : nil) })
                let roles = Dictionary(uniqueKeysWithValues: Self.people)
                var rng = SplitMix64(state: seed)
                var executed = 0, approved = 0, refusedOrParked = 0
                for step in 0..<80 {
                    if rng.chance(10) { f.clock.advance(seconds: 3600 * rng.int(1...30)) }
                    let where_ = "seed \(seed) step \(step)"
                    // Now and then someone acts on a pending request.
                    let pending = try f.ledger.approvalRequests(status: "pending")
                    if !pending.isEmpty && rng.chance(30) {
                        let request = rng.pick(pending)
                        let id = request["id"]?.stringValue ?? ""
                        let (name, role) = rng.pick(Self.people)
                        let before = try f.fingerprint(excluding: Self.queueTables)
                        policy.reset()
                        let result = try f.ledger.approve(id, by: name)
                        if case .executed = result {
                            approved += 1
                            let needed = request["approver_role"]?.stringValue.flatMap(Role.init(rawValue:))
                            let action = request["action"]?.stringValue.flatMap(ActionName.init(rawValue:))
                            let eligible = role == .admin || (needed.map { $0 == role }
                                ?? action.map { policy.rolePermits(role, $0) } ?? false)
                            #expect(eligible, "\(where_): \(name) (\(role.rawValue)) executed \(id) needing \(needed?.rawValue ?? "a permitted role")")
                            #expect(request["actor"]?.stringValue != "user:\(name)", "\(where_): \(name) approved their own \(id)")
                            #expect(request["on_behalf_of"]?.stringValue != name, "\(where_): \(name) approved what was asked for them")
                            let violations = try f.ledger.invariantViolations()
                            #expect(violations.isEmpty, "\(where_): \(violations)")
                        } else if case .refused = result {
                            #expect(try f.fingerprint(excluding: Self.queueTables) == before, "\(where_): a refused approval wrote something")
                        }
                        continue
                    }
                    var (action, args) = try Self.randomAction(&rng, f)
                    if action == .cancelOrder, case .object(var o) = args { o["discount_percent"] = nil; args = .object(o) }
                    if action == .applyDiscount, case .object(var o) = args { o["reason"] = "test"; args = .object(o) }
                    // Half the time someone who may write most things, so documents exist to act on.
                    let actor = rng.chance(50) ? rng.pick([Actor.workflow, .workflow, .user("alice")]) : rng.pick(Self.actors)
                    let before = try f.fingerprint()
                    let books = try f.fingerprint(excluding: Self.queueTables)
                    policy.reset()
                    let outcome = try f.submit(action, args, as: actor)
                    switch outcome {
                    case .executed:
                        executed += 1
                        // Executed only on an explicit allow for this very actor and action.
                        guard let (facts, decision) = policy.last, case .allow(let rules) = decision else {
                            Issue.record("\(where_): \(action.rawValue) by \(actor) executed without an allow verdict")
                            continue
                        }
                        #expect(facts.actor == actor && facts.action == action)
                        switch actor.kind {
                        case .agent: #expect(!rules.isEmpty, "\(where_): an agent's \(action.rawValue) executed with no rule allowing it")
                        case .user:
                            let role = roles[actor.name]
                            #expect(role.map { policy.rolePermits($0, action) } ?? false, "\(where_): \(actor) may not \(action.rawValue)")
                        case .system: break
                        }
                        let violations = try f.ledger.invariantViolations()
                        #expect(violations.isEmpty, "\(where_) \(action.rawValue) \(args.serialized()): \(violations)")
                    case .pendingApproval:
                        refusedOrParked += 1
                        #expect(try f.fingerprint(excluding: Self.queueTables) == books, "\(where_): parking \(action.rawValue) wrote the books")
                    case .denied, .invalid:
                        refusedOrParked += 1
                        #expect(try f.fingerprint() == before, "\(where_): a refused \(action.rawValue) by \(actor) wrote something")
                    }
                }
                // The mix reaches every branch: writes (at once or once approved) and refusals.
                #expect(executed + approved > 0 && refusedOrParked > 0, "seed \(seed): \(executed) executed, \(approved) approved, \(refusedOrParked) refused or parked")
                let audit = try f.ledger.verifyAudit()
                #expect(audit.ok, "seed \(seed): \(audit.problem ?? "")")
                #expect(try f.ledger.trialBalance()["balanced"] == true)
            } catch {
                Issue.record("seed \(seed): \(error)")
            }
        }
    }
}
