import Foundation
import O2CCore
import Testing
@testable import O2CLedger

@Suite("Tax, FX and the journal")
struct AccountingTests {
    @Test func taxExclusiveAndInclusiveInvoicesInThreeCurrenciesTotalExactly() throws {
        let f = try Fixture()
        // USD, California, prices without tax: 3 × 19.99 at 8.25% + 1 × 10.00 at 0%.
        let (_, usd) = try f.invoicedOrder(customer: "C-001", lines: [["sku": "WID-100", "quantity": 3], ["sku": "BK-1", "quantity": 1]])
        // EUR, Germany, prices with tax: 3 × 18.99 at 19% + 2 × 10.70 at 7%.
        let (_, eur) = try f.invoicedOrder(customer: "C-002", lines: [["sku": "WID-100", "quantity": 3], ["sku": "BK-1", "quantity": 2]])
        // GBP, UK, prices without tax: 3 × 3.33 at 20% + 1 × 8.50 at 5%.
        let (_, gbp) = try f.invoicedOrder(customer: "C-003", lines: [["sku": "GAD-7", "quantity": 3], ["sku": "BK-1", "quantity": 1]])
        let expected: [(String, String, String, String)] = [
            (usd, "69.97", "4.95", "74.92"),
            (eur, "67.87", "10.50", "78.37"),
            (gbp, "18.49", "2.43", "20.92"),
        ]
        for (id, net, tax, total) in expected {
            let inv = try f.ledger.invoice(id)
            #expect(inv.net == net, "\(id)")
            #expect(inv.tax == tax, "\(id)")
            #expect(inv.total == total, "\(id)")
            let lines = try #require(inv.lines)
            let lineSum = try lines.reduce(Int64(0)) { try $0 + Money.parseMinor($1.net, exponent: 2) }
            #expect(lineSum == (try Money.parseMinor(net, exponent: 2)), "\(id): lines add up to the net")
        }
        #expect(try f.ledger.invariantViolations() == [])
        #expect(try f.ledger.trialBalance()["balanced"] == true)
    }

    @Test func inclusivePricesSpreadTheNetOverLinesWithoutLosingACent() throws {
        // Three lines whose per-line rounding would lose a cent.
        let lines = (0..<3).map { _ in TaxCalculator.Line(quantity: 1, unitPriceMinor: 100, taxCategory: "standard", rateBP: 1900) }
        let r = try TaxCalculator.compute(lines, discountE2: 0, pricesIncludeTax: true)
        #expect(r.total == 300)
        #expect(r.lineNets.reduce(0, +) + r.tax == 300)
        #expect(r.tax == 48)  // round(300 × 19 / 119) = round(47.899)
    }

    @Test func discountIsTakenPerLineAndPostedToSalesDiscounts() throws {
        let f = try Fixture()
        let order = try f.must(.createOrder, ["customer_id": "C-001", "lines": [["sku": "WID-100", "quantity": 10]]])
        _ = try f.must(.applyDiscount, ["order_id": .string(order), "discount_percent": 10, "reason": "volume"])
        _ = try f.must(.reserveStock, ["order_id": .string(order)])
        _ = try f.must(.shipOrder, ["order_id": .string(order)])
        let inv = try f.ledger.invoice(try f.must(.issueInvoice, ["order_id": .string(order)]))
        #expect(inv.net == "179.91")  // 199.90 − 19.99
        #expect(inv.tax == "14.84")  // 179.91 × 8.25% = 14.842
        let tb = try f.ledger.trialBalance()
        let discounts = tb["accounts"]?.arrayValue?.first { $0["account"] == "4100" }
        #expect(discounts?["debit"] == "19.99")
        #expect(try f.ledger.invariantViolations() == [])
    }

    @Test func eurInvoicePaidAtAnotherRatePostsTheExactFXGain() throws {
        let f = try Fixture()
        // Invoiced in January at 1.10 USD/EUR.
        let (_, inv) = try f.invoicedOrder(customer: "C-002", lines: [["sku": "WID-101", "quantity": 1]])  // 23.99 EUR incl. VAT
        #expect(try f.ledger.invoice(inv).totalBase == "26.39")  // 23.99 × 1.10 = 26.389
        // Paid in February at 1.20.
        f.clock.set(date: BusinessDate(iso: "2026-02-10")!)
        let pay = try f.must(.recordPayment, ["amount": "23.99", "currency": "EUR", "date": "2026-02-10", "payer_name": "Berliner Bau"])
        _ = try f.must(.applyPayment, ["payment_id": .string(pay), "allocations": [["invoice_id": .string(inv), "amount": "23.99"]]])
        let tb = try f.ledger.trialBalance()
        let fx = tb["accounts"]?.arrayValue?.first { $0["account"] == "7900" }
        #expect(fx?["credit"] == "2.40")  // 28.79 − 26.39
        let ar = tb["accounts"]?.arrayValue?.first { $0["account"] == "1100" }
        #expect(ar?["debit"] == "0.00")
        #expect(try f.ledger.invoice(inv).status == "paid")
        #expect(try f.ledger.invariantViolations() == [])
    }

    @Test func eurInvoicePaidInTwoPartsAtALowerRatePostsTheExactFXLoss() throws {
        let f = try Fixture()
        f.clock.set(date: BusinessDate(iso: "2026-02-02")!)  // invoiced at 1.20
        let (_, inv) = try f.invoicedOrder(customer: "C-002", lines: [["sku": "WID-101", "quantity": 3]])  // 71.97 EUR → 86.36 USD
        let pay1 = try f.must(.recordPayment, ["amount": "30.00", "currency": "EUR", "date": "2026-01-20"])  // 1.10 → 33.00
        let pay2 = try f.must(.recordPayment, ["amount": "41.97", "currency": "EUR", "date": "2026-01-21"])  // 1.10 → 46.17 (46.167)
        _ = try f.must(.applyPayment, ["payment_id": .string(pay1), "allocations": [["invoice_id": .string(inv), "amount": "30.00"]]])
        _ = try f.must(.applyPayment, ["payment_id": .string(pay2), "allocations": [["invoice_id": .string(inv), "amount": "41.97"]]])
        let tb = try f.ledger.trialBalance()
        let fx = tb["accounts"]?.arrayValue?.first { $0["account"] == "7900" }
        #expect(fx?["debit"] == "7.19")  // 86.36 − (33.00 + 46.17)
        #expect(try f.ledger.invariantViolations() == [])
    }

    @Test func partialPaymentUnapplyAndOverpaymentKeepReceivablesAndCashConsistent() throws {
        let f = try Fixture()
        let (_, inv) = try f.invoicedOrder(customer: "C-001", lines: [["sku": "WID-100", "quantity": 5]])  // 108.20
        let pay = try f.must(.recordPayment, ["amount": "150.00", "currency": "USD", "date": "2026-01-06", "customer_id": "C-001"])
        let over = try f.submit(.applyPayment, ["payment_id": .string(pay), "allocations": [["invoice_id": .string(inv), "amount": "150.00"]]])
        #expect(over.isInvalid, "an invoice is never paid beyond its total")
        _ = try f.must(.applyPayment, ["payment_id": .string(pay), "allocations": [["invoice_id": .string(inv), "amount": "50.00"]]])
        #expect(try f.ledger.invoice(inv).openAmount == "58.20")
        _ = try f.must(.unapplyPayment, ["payment_id": .string(pay), "invoice_id": .string(inv)])
        #expect(try f.ledger.invoice(inv).openAmount == "108.20")
        #expect(try f.ledger.payment(pay).unappliedAmount == "150.00")
        _ = try f.must(.applyPayment, ["payment_id": .string(pay), "allocations": [["invoice_id": .string(inv), "amount": "108.20"]]])
        #expect(try f.ledger.payment(pay).unappliedAmount == "41.80")
        #expect(try f.ledger.invariantViolations() == [])
    }

    @Test func creditNoteAndWriteOffCloseTheInvoice() throws {
        let f = try Fixture()
        let (_, inv) = try f.invoicedOrder(customer: "C-003", lines: [["sku": "BK-1", "quantity": 10]])  // 85.00 + 5% = 89.25 GBP
        _ = try f.must(.issueCreditNote, ["invoice_id": .string(inv), "amount": "21.00", "reason": "damaged"])
        _ = try f.must(.writeOff, ["invoice_id": .string(inv), "amount": "68.25", "reason": "insolvent"])
        let i = try f.ledger.invoice(inv)
        #expect(i.openAmount == "0.00")
        #expect(i.status == "closed")
        #expect(try f.ledger.invariantViolations() == [])
        #expect(try f.ledger.trialBalance()["balanced"] == true)
    }

    @Test func roundingHalfAwayFromZero() {
        #expect(Rounding.divide(5, by: 10) == 1)
        #expect(Rounding.divide(-5, by: 10) == -1)
        #expect(Rounding.divide(4, by: 10) == 0)
        #expect(Rounding.allocate(100, weights: [1, 1, 1]) == [34, 33, 33])
        #expect(Rounding.allocate(-100, weights: [1, 1, 1]).reduce(0, +) == -100)
    }
}
