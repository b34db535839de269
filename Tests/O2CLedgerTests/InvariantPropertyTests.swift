import Foundation
import O2CCore
import PropertyBased
import Testing
@testable import O2CLedger

/// Random sequences of actions, valid and invalid, against a real ledger file: every invariant of
/// SPEC §4 holds after each committed action, and an action that fails changes nothing.
@Suite("Ledger invariants under random action sequences")
struct InvariantPropertyTests {
    /// A small deterministic generator so a failing seed replays exactly.
    struct SplitMix {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
        mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }
        mutating func chance(_ percent: Int) -> Bool { int(1...100) <= percent }
    }

    static func randomAction(_ rng: inout SplitMix, _ f: Fixture) throws -> (ActionName, JSONValue) {
        let customers = ["C-001", "C-002", "C-003", "C-004", "C-999"]
        let skus = ["WID-100", "WID-101", "BK-1", "GAD-7", "NOPE-1"]
        let orders = try f.ledger.orders(ListFilter(limit: 30)).compactMap { $0["id"]?.stringValue } + ["SO-9999"]
        let invoices = try f.ledger.invoices(ListFilter(limit: 30)).compactMap { $0["id"]?.stringValue } + ["INV-9999"]
        let payments = try f.ledger.payments(ListFilter(limit: 30)).compactMap { $0["id"]?.stringValue } + ["PAY-9999"]
        func amount(_ max: Int) -> JSONValue { .string("\(rng.int(0...max)).\(rng.int(0...99) < 10 ? "0" : "")\(rng.int(0...99))") }
        switch rng.int(0...17) {
        case 0, 1, 2:
            var lines: [JSONValue] = []
            for _ in 0..<rng.int(1...3) {
                var l: JSONObject = ["sku": .string(rng.pick(skus)), "quantity": .int(rng.chance(8) ? rng.int(-2...0) : rng.int(1...40))]
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
                var rng = SplitMix(state: seed)
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
}
