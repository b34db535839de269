import Foundation
import O2CCore
import Testing
@testable import O2CLedger

/// No input may crash a process: amounts and quantities at and beyond what 64 bits hold, and the
/// configured maximum per document, give `invalid` naming the argument (SPEC §4).
@Suite("Extreme values through the gate")
struct ExtremeValueTests {
    static func line(quantity: JSONValue, price: JSONValue? = nil, sku: JSONValue = "WID-100") -> JSONValue {
        var l: JSONObject = ["sku": sku, "quantity": quantity]
        if let price { l["unit_price"] = price }
        return ["customer_id": "C-001", "lines": [.object(l)]]
    }

    /// Submits and expects `invalid` with a message naming `argument`, and nothing written.
    static func expectInvalid(_ f: Fixture, _ action: ActionName, _ args: JSONValue, naming argument: String,
                              sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = try f.fingerprint()
        let outcome = try f.submit(action, args)
        #expect(outcome.isInvalid, "\(outcome.name): \(outcome.messages)", sourceLocation: sourceLocation)
        #expect(outcome.messages.contains { $0.contains(argument) }, "\(outcome.messages)", sourceLocation: sourceLocation)
        #expect(try f.fingerprint() == before, "an invalid action wrote something", sourceLocation: sourceLocation)
    }

    @Test func anOrderOfAMillionAtNineTrillionIsInvalidNotACrash() throws {
        let f = try Fixture()
        try Self.expectInvalid(f, .createOrder, Self.line(quantity: 1_000_000, price: "9000000000000"), naming: "args.lines[0].quantity")
        let outcome = try f.submit(.createOrder, Self.line(quantity: 1_000_000, price: "9000000000000"))
        #expect(outcome.messages.joined().contains("exceeds what the ledger can hold"))
    }

    @Test(arguments: [
        ("100000000000000000000", "args.lines[0].quantity"),  // 10^20
        ("1e308", "args.lines[0].quantity"),
        ("-0", "args.lines[0].quantity"),
        ("1.5", "args.lines[0].quantity"),
        ("-9223372036854775808", "args.lines[0].quantity"),
    ])
    func extremeQuantitiesAreInvalid(quantity: String, argument: String) throws {
        let f = try Fixture()
        try Self.expectInvalid(f, .createOrder, Self.line(quantity: .number(quantity)), naming: argument)
    }

    @Test(arguments: [
        "1234567890123456789012345678901234567890",  // 40 digits
        "1e999999", "NaN", "nan", "Infinity", "-Infinity", "0x10", "1,000.00", " ", "",
        "99999999999999999.99", "92233720368547758.08", "0.0000001", "١٢٣",
    ])
    func extremeAmountsAreInvalid(amount: String) throws {
        let f = try Fixture()
        try Self.expectInvalid(f, .recordPayment, ["amount": .string(amount), "currency": "USD", "date": "2026-01-05"], naming: "args.amount")
        try Self.expectInvalid(f, .createOrder, Self.line(quantity: 1, price: .string(amount)), naming: "args.lines[0].unit_price")
    }

    @Test func anAmountThatFitsButNotInBaseCurrencyIsInvalid() throws {
        let f = try Fixture()
        // 9 × 10^16 EUR fit in 64-bit cents; at 1.10 USD per EUR the base amount does not.
        try Self.expectInvalid(f, .recordPayment, ["amount": "90000000000000000.00", "currency": "EUR", "date": "2026-01-05"], naming: "args.amount")
        #expect(Ledger.convert(9_000_000_000_000_000_000, from: Currency.lookup("EUR")!, to: Currency.lookup("USD")!, rateE9: 1_100_000_000) == nil)
        #expect(Ledger.convert(100, from: Currency.lookup("EUR")!, to: Currency.lookup("USD")!, rateE9: 1_100_000_000) == 110)
        #expect(Ledger.convert(1, from: Currency.lookup("USD")!, to: Currency.lookup("JPY")!, rateE9: 0) == nil)
    }

    @Test func anOrderOrPaymentAboveTheMaximumPerDocumentIsInvalid() throws {
        let f = try Fixture()
        // 1,000,000 × 1,000.01 USD + tax is more than 1,000,000,000.00.
        try Self.expectInvalid(f, .createOrder, Self.line(quantity: 1_000_000, price: "1000.01"), naming: "args.lines")
        try Self.expectInvalid(f, .recordPayment, ["amount": "1000000000.01", "currency": "USD", "date": "2026-01-05"], naming: "args.amount")
        #expect(try f.submit(.recordPayment, ["amount": "1000000000.00", "currency": "USD", "date": "2026-01-05"]).isExecuted)
    }

    @Test func limitsAreConfigurablePerLedger() throws {
        let f = try Fixture(limits: LedgerLimits(documentAmountMaxUnits: 1_000, lineQuantityMax: 10))
        try Self.expectInvalid(f, .createOrder, Self.line(quantity: 11), naming: "args.lines[0].quantity")
        try Self.expectInvalid(f, .createOrder, Self.line(quantity: 10, price: "100.00"), naming: "args.lines")  // 1,082.50 with tax
        #expect(try f.submit(.createOrder, Self.line(quantity: 10, price: "90.00")).isExecuted)
        try Self.expectInvalid(f, .recordPayment, ["amount": "1000.01", "currency": "USD", "date": "2026-01-05"], naming: "args.amount")
        // Substituting a dearer product cannot push an order past the maximum either.
        let order = try f.must(.createOrder, Self.line(quantity: 10, sku: "GAD-7"))
        #expect(try f.submit(.substituteLine, ["order_id": .string(order), "sku": "GAD-7", "new_sku": "WID-101", "reason": "r"]).isExecuted)
        let strict = try f.reopen(policy: PermissivePolicy(), limits: LedgerLimits(documentAmountMaxUnits: 100))
        let before = try f.fingerprint()
        let outcome = try strict.submit(ActionRequest(action: .substituteLine, args: ["order_id": .string(order), "sku": "WID-101", "new_sku": "WID-100", "reason": "r"],
                                                      actor: .user("tester")))
        #expect(outcome.isInvalid && outcome.messages.joined().contains("args.order_id"), "\(outcome.messages)")
        #expect(try f.fingerprint() == before)
    }

    @Test func writeOffsCreditNotesAndAllocationsBeyondWhatIsOpenAreInvalid() throws {
        let f = try Fixture()
        let (_, invoice) = try f.invoicedOrder(customer: "C-002", lines: [["sku": "WID-100", "quantity": 1]])
        for action in [ActionName.writeOff, .issueCreditNote] {
            try Self.expectInvalid(f, action, ["invoice_id": .string(invoice), "amount": "92233720368547758.07", "reason": "r"], naming: "args.amount")
        }
        let payment = try f.must(.recordPayment, ["amount": "10.00", "currency": "EUR", "date": "2026-01-05"])
        try Self.expectInvalid(f, .applyPayment, ["payment_id": .string(payment), "allocations": [["invoice_id": .string(invoice), "amount": "92233720368547758.07"]]],
                               naming: "args.allocations[0].amount")
    }

    @Test func deeplyNestedAndHugeArgumentsAreInvalid() throws {
        let f = try Fixture()
        var nested: JSONValue = "WID-100"
        for _ in 0..<200 { nested = .array([nested]) }
        try Self.expectInvalid(f, .createOrder, Self.line(quantity: 1, sku: nested), naming: "args.lines[0].sku")
        try Self.expectInvalid(f, .createOrder, ["customer_id": "C-001", "lines": .array(Array(repeating: ["sku": "WID-100", "quantity": 1], count: 501))],
                               naming: "args.lines")
        try Self.expectInvalid(f, .createOrder, Self.line(quantity: 1, sku: .string(String(repeating: "W", count: 100_000))), naming: "args.lines[0].sku")
        // Text the parser meets nests at most 64 levels.
        #expect(throws: JSONParseError.self) { try JSONParser().parse(String(repeating: "[", count: 100_000)) }
    }

    @Test func taxAndTotalsReportOverflowInsteadOfTrapping() throws {
        let line = TaxCalculator.Line(quantity: 1_000_000, unitPriceMinor: 9_000_000_000_000_00, taxCategory: "standard", rateBP: 825)
        #expect(throws: TaxCalculator.Overflow.self) { try TaxCalculator.compute([line], discountE2: 0, pricesIncludeTax: false) }
        let big = TaxCalculator.Line(quantity: 1, unitPriceMinor: .max / 2 + 1, taxCategory: "standard", rateBP: 0)
        #expect(throws: TaxCalculator.Overflow.self) { try TaxCalculator.compute([big, big], discountE2: 0, pricesIncludeTax: false) }
        #expect(Rounding.scale(.max, by: 2, over: 1) == nil)
        #expect(Rounding.scale(10, by: 1, over: 3) == 3)
    }
}
