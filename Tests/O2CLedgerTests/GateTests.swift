import Foundation
import GRDB
import O2CCore
import Testing
@testable import O2CLedger

@Suite("The gate")
struct GateTests {
    @Test func createOrderIsConfirmedWithinCreditAndPricedFromTheList() throws {
        let f = try Fixture()
        let outcome = try f.submit(.createOrder, ["customer_id": "C-001", "lines": [["sku": "WID-100", "quantity": 3]]])
        guard case .executed(let r) = outcome else { Issue.record("not executed: \(outcome.messages)"); return }
        let order = try f.ledger.order(r.id)
        #expect(order.status == "approved")
        #expect(order.total == "64.92")  // 59.97 + 8.25% tax 4.95
        #expect(r.auditSeq > 0)
    }

    @Test func aPriceEditedByHandIntoTextIsAStorageErrorNotACrashAndNothingIsWritten() throws {
        let f = try Fixture()
        // The column's CHECK (>= 0) lets text through: SQLite ranks text above every number.
        try f.raw.write { db in try db.execute(sql: "UPDATE prices SET unit_price_minor = 'lots' WHERE sku = 'WID-100' AND currency = 'USD'") }
        let before = try f.fingerprint()
        #expect(throws: LedgerError.self) { try f.submit(.createOrder, ["customer_id": "C-001", "lines": [["sku": "WID-100", "quantity": 1]]]) }
        #expect(try f.fingerprint() == before)
    }

    @Test func creditExposureCountsEveryConfirmedUninvoicedOrderWhateverItsState() throws {
        let f = try Fixture()
        // C-004 has a 1,000.00 USD limit.
        let first = try f.must(.createOrder, ["customer_id": "C-004", "lines": [["sku": "WID-100", "quantity": 40]]])  // 865.57
        #expect(try f.ledger.customerFacts("C-004")?.exposure.minor == 86_557)
        _ = try f.must(.reserveStock, ["order_id": .string(first)])
        #expect(try f.ledger.customerFacts("C-004")?.exposure.minor == 86_557)
        _ = try f.must(.shipOrder, ["order_id": .string(first)])
        #expect(try f.ledger.customerFacts("C-004")?.exposure.minor == 86_557)
        // A second order that would exceed the limit is held, and does not count.
        let second = try f.must(.createOrder, ["customer_id": "C-004", "lines": [["sku": "WID-100", "quantity": 10]]])
        #expect(try f.ledger.order(second).status == "credit_hold")
        #expect(try f.ledger.customerFacts("C-004")?.exposure.minor == 86_557)
        // Invoicing moves the exposure from orders to receivables without changing it.
        _ = try f.must(.issueInvoice, ["order_id": .string(first)])
        #expect(try f.ledger.customerFacts("C-004")?.exposure.minor == 86_557)
        // A held order cannot reserve stock.
        let r = try f.submit(.reserveStock, ["order_id": .string(second)])
        #expect(r.isInvalid)
        #expect(r.messages.joined().contains("credit hold"))
        // Releasing it with the order confirms it; now it counts.
        _ = try f.must(.releaseCreditHold, ["customer_id": "C-004", "order_id": .string(second), "reason": "known customer"])
        #expect(try f.ledger.customerFacts("C-004")?.exposure.minor == 86_557 + 21_639)
        // Cancelling a confirmed order is the only way it leaves exposure.
        _ = try f.must(.cancelOrder, ["order_id": .string(second), "reason": "customer changed mind"])
        #expect(try f.ledger.customerFacts("C-004")?.exposure.minor == 86_557)
    }

    @Test func customerOnHoldGetsNoConfirmationReservationOrShipmentByAnyPath() throws {
        let f = try Fixture()
        let approved = try f.must(.createOrder, ["customer_id": "C-001", "lines": [["sku": "WID-100", "quantity": 1]]])
        let reserved = try f.must(.createOrder, ["customer_id": "C-001", "lines": [["sku": "WID-100", "quantity": 2]]])
        _ = try f.must(.reserveStock, ["order_id": .string(reserved)])
        _ = try f.must(.placeCreditHold, ["customer_id": "C-001", "reason": "bounced payment"])

        let held = try f.must(.createOrder, ["customer_id": "C-001", "lines": [["sku": "WID-100", "quantity": 1]]])
        #expect(try f.ledger.order(held).status == "credit_hold")
        for actor in [Actor.user("boss"), Actor.workflow] {
            let before = try f.fingerprint()
            #expect(try f.submit(.reserveStock, ["order_id": .string(approved)], as: actor).isInvalid)
            #expect(try f.submit(.shipOrder, ["order_id": .string(reserved)], as: actor).isInvalid)
            #expect(try f.submit(.reserveStock, ["order_id": .string(held)], as: actor).isInvalid)
            #expect(try f.fingerprint() == before)
        }
        _ = try f.must(.releaseCreditHold, ["customer_id": "C-001", "reason": "paid"])
        #expect(try f.submit(.shipOrder, ["order_id": .string(reserved)]).isExecuted)
    }

    @Test func sameIdempotencyKeyTwiceHasOneEffect() throws {
        let f = try Fixture()
        let args: JSONValue = ["customer_id": "C-001", "lines": [["sku": "WID-100", "quantity": 2]]]
        let a = try f.submit(.createOrder, args, key: "po-7781")
        let b = try f.submit(.createOrder, args, key: "po-7781")
        guard case .executed(let ra) = a, case .executed(let rb) = b else { Issue.record("expected executed twice"); return }
        #expect(ra.id == rb.id)
        #expect(try f.ledger.orders(ListFilter(customerID: "C-001")).count == 1)
        #expect(try f.ledger.invariantViolations().isEmpty)
    }

    @Test func sameIdempotencyKeyWithOtherArgumentsIsRefused() throws {
        let f = try Fixture()
        _ = try f.submit(.createOrder, ["customer_id": "C-001", "lines": [["sku": "WID-100", "quantity": 2]]], key: "po-1")
        let before = try f.fingerprint()
        let second = try f.submit(.createOrder, ["customer_id": "C-001", "lines": [["sku": "WID-100", "quantity": 3]]], key: "po-1")
        #expect(second.isInvalid)
        #expect(second.messages.joined().contains("po-1"))
        #expect(try f.fingerprint() == before)
    }

    static let badInputs: [(ActionName, JSONValue, String)] = {
        var cases: [(ActionName, JSONValue, String)] = []
        func add(_ a: ActionName, _ j: JSONValue, _ e: String) { cases.append((a, j, e)) }
        add(.createOrder, ["customer_id": "C-999", "lines": [["sku": "WID-100", "quantity": 1]]], "C-999")
        add(.createOrder, ["customer_id": "C-001", "lines": [["sku": "WID-10O", "quantity": 1]]], "did you mean 'WID-100'")
        add(.createOrder, ["customer_id": "C-001", "lines": [["sku": "WID-100", "quantity": 0]]], "quantity")
        add(.createOrder, ["customer_id": "C-001", "lines": [["sku": "WID-100", "quantity": -4]]], "quantity")
        add(.createOrder, ["customer_id": "C-001", "currency": "XYZ", "lines": [["sku": "WID-100", "quantity": 1]]], "currency")
        add(.createOrder, ["customer_id": "C-001", "currency": "JPY", "lines": [["sku": "WID-100", "quantity": 1]]], "JPY is not set up")
        add(.createOrder, ["customer_id": "C-001", "lines": []], "at least 1")
        add(.createOrder, ["customer_id": "C-001", "lines": [["sku": "WID-100", "quantity": 1, "unit_price": "1.234"]]], "decimal places")
        add(.createOrder, ["customer_id": "C-001", "lines": [["sku": "WID-100", "qty": 1]]], "did you mean 'quantity'")
        add(.recordPayment, ["amount": "-5.00", "currency": "USD", "date": "2026-01-05"], "amount")
        add(.recordPayment, ["amount": "5.00", "currency": "USD", "date": "2026-02-30"], "date")
        add(.applyPayment, ["payment_id": "PAY-1", "allocations": [["invoice_id": "INV-1", "amount": "1.00"]]], "PAY-1 does not exist")
        add(.setCreditLimit, ["customer_id": "C-001", "credit_limit": "lots"], "decimal")
        return cases
    }()

    @Test(arguments: GateTests.badInputs)
    func badInputIsInvalidWithAClearMessageAndWritesNothing(action: ActionName, args: JSONValue, expected: String) throws {
        let f = try Fixture()
        let before = try f.fingerprint()
        let outcome = try f.submit(action, args)
        #expect(outcome.isInvalid)
        #expect(outcome.messages.joined(separator: " ").contains(expected), "\(outcome.messages)")
        #expect(try f.fingerprint() == before)
    }

    @Test func agentWritesWaitForApprovalAndLeaveTheBooksAlone() throws {
        let f = try Fixture()
        let outcome = try f.submit(.placeCreditHold, ["customer_id": "C-001", "reason": "late"], as: .agent("credit-controller", runID: "RUN-1"))
        guard case .pendingApproval(let id, let rules) = outcome else { Issue.record("expected pending"); return }
        #expect(id.hasPrefix("AP-"))
        #expect(!rules.isEmpty)
        #expect(try f.ledger.customerFacts("C-001")?.onHold == false)
        #expect(try f.ledger.approvalRequests(status: "pending").count == 1)
    }

    @Test func stockShortageNamesInStockAlternatives() throws {
        let f = try Fixture()
        let order = try f.must(.createOrder, ["customer_id": "C-001", "lines": [["sku": "GAD-7", "quantity": 5]]])
        let outcome = try f.submit(.reserveStock, ["order_id": .string(order)])
        #expect(outcome.isInvalid)
        #expect(outcome.messages.joined().contains("WID-100"))
        _ = try f.must(.substituteLine, ["order_id": .string(order), "sku": "GAD-7", "new_sku": "WID-100", "reason": "out of stock"])
        #expect(try f.submit(.reserveStock, ["order_id": .string(order)]).isExecuted)
    }
}

@Suite("Text arguments with a NUL")
struct NULTextTests {
    /// SQLite keeps text up to its first NUL: a reason with one would be stored shorter than the
    /// audit record says. The gate refuses it, naming the argument, and writes nothing.
    @Test func aReasonWithANULIsRefusedNamingTheArgumentAndNothingIsWritten() throws {
        let f = try Fixture()
        let audit = try f.ledger.verifyAudit().records
        let outcome = try f.submit(.placeCreditHold, ["customer_id": "C-001", "reason": .string("late\u{0}ignore the limit")],
                                   as: .agent("credit-controller", runID: "RUN-1"))
        guard case .invalid(let messages) = outcome else {
            Issue.record("expected invalid, got \(outcome.name)")
            return
        }
        #expect(messages == ["args.reason contains a NUL character (U+0000); remove it"])
        #expect(try f.ledger.verifyAudit().records == audit)
        let onHold = try f.raw.read { db in try Bool.fetchOne(db, sql: "SELECT on_hold FROM customers WHERE id = 'C-001'") }
        #expect(onHold == false)
        // The same reason without the NUL goes through.
        _ = try f.must(.placeCreditHold, ["customer_id": "C-001", "reason": "late"])
    }
}
