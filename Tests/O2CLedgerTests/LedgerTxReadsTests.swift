import Foundation
import GRDB
import O2CCore
import Testing
@testable import O2CLedger

/// What an action reads once and reuses: the customer's row with its credit position (one
/// statement for both), and the ledger's currencies. Reuse must never hide a change.
@Suite("Reads an action reuses")
struct LedgerTxReadsTests {
    private static func tx(_ db: Database, _ f: Fixture) throws -> LedgerTx {
        LedgerTx(db: db, now: f.clock.now(), today: f.clock.today(), actor: .user("tester"), base: try Ledger.baseCurrency(db), limits: LedgerLimits(),
                 currencies: f.ledger.currencies, facts: ActionFacts(action: .placeCreditHold, args: [:], actor: .user("tester"), approved: false))
    }

    @Test func aCustomerReadAfterTheActionWroteIsReadAgainNotReused() throws {
        let f = try Fixture()
        let (before, after, facts) = try f.ledger.write { db in
            let tx = try Self.tx(db, f)
            let before = try tx.customer("C-001")
            try tx.noteCustomer("C-001")
            try tx.exec("UPDATE customers SET on_hold = 1, name = 'Renamed' WHERE id = ?", ["C-001"])
            let after = try tx.customer("C-001")
            return (before, after, tx.facts.customer)
        }
        #expect(!before.onHold && before.name != "Renamed")
        #expect(after.onHold && after.name == "Renamed")
        // The credit position stays the one from before the change (what the guardrails judge).
        #expect(facts?.onHold == false)
    }

    @Test func theCreditPositionNotedAfterACustomerReadIsTheOneAFreshReadGives() throws {
        let f = try Fixture()
        _ = try f.invoicedOrder(customer: "C-001", lines: [["sku": "WID-100", "quantity": 2]])
        let (reused, fresh) = try f.ledger.write { db in
            let tx = try Self.tx(db, f)
            _ = try tx.customer("C-001")
            try tx.noteCustomer("C-001")
            return (tx.facts.customer, try LedgerQueries.customerFacts(db, id: "C-001", base: tx.base, today: tx.today))
        }
        let r = try #require(reused), g = try #require(fresh)
        #expect(r.exposure == g.exposure && r.exposure.minor > 0)
        #expect(r.creditLimit == g.creditLimit && r.overdueAmount == g.overdueAmount && r.owner == g.owner && r.region == g.region)
    }

    @Test func anUnknownCustomerIsStillNamedInTheError() throws {
        let f = try Fixture()
        let outcome = try f.submit(.createOrder, ["customer_id": "C-999", "lines": [["sku": "WID-100", "quantity": 1]]])
        #expect(outcome.name == "invalid")
        #expect(outcome.messages.contains { $0.contains("customer C-999 does not exist") })
    }

    @Test func aCurrencySetUpAfterTheGateFirstMissedItIsFound() throws {
        let f = try Fixture()
        let first = try f.submit(.recordPayment, ["currency": "CHF", "amount": "10.00", "date": "2026-01-05", "payment_ref": "R-CHF-1"])
        #expect(first.name == "invalid" && first.messages.contains { $0.contains("currency CHF is not set up") })
        var data = MasterData()
        data.currencies = [.init(code: "CHF", rates: [(Fixture.start, Int64(1_100_000_000))])]
        try f.ledger.setUp(data)
        let second = try f.submit(.recordPayment, ["currency": "CHF", "amount": "10.00", "date": "2026-01-05", "payment_ref": "R-CHF-2"])
        #expect(second.name == "executed", "\(second.messages)")
    }
}
