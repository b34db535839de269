import Foundation
import O2CCore
import Testing
@testable import O2CLedger

/// Prices set by hand meet the discount rules (SPEC §4 "Prices", shipped guardrails/pricing.yaml).
@Suite("Prices set by hand")
struct PricingTests {
    static func setUp() throws -> Fixture {
        let f = try Fixture(policy: try Fixture.shippedPolicy())
        // sam owns C-001 in the fixture.
        try f.addUsers([("sam", .salesRep, nil), ("mia", .salesManager, nil)])
        return f
    }

    /// One line of 10 × WID-100 (list 19.99 USD) at `price`.
    static func order(_ price: String?) -> JSONValue {
        var line: JSONObject = ["sku": "WID-100", "quantity": 10]
        if let price { line["unit_price"] = .string(price) }
        return ["customer_id": "C-001", "lines": [.object(line)]]
    }

    @Test func aRepsOrderAtAZeroPriceIsDenied() throws {
        let f = try Self.setUp()
        let before = try f.fingerprint()
        let outcome = try f.submit(.createOrder, Self.order("0.00"), as: .user("sam"))
        #expect(outcome.isDenied, "\(outcome.messages)")
        #expect(outcome.messages.joined().contains("zero-price-not-for-reps-or-agents"))
        #expect(try f.fingerprint() == before)
        // "-0" is zero too.
        #expect(try f.submit(.createOrder, Self.order("-0"), as: .user("sam")).isDenied)
        // A sales manager may enter a free line.
        #expect(try f.submit(.createOrder, Self.order("0.00"), as: .user("mia")).isExecuted)
    }

    @Test func anAgentsPrice8PercentBelowListNeedsASalesManager() throws {
        let f = try Self.setUp()
        // 18.39 is 8.00% below 19.99.
        let outcome = try f.submit(.createOrder, Self.order("18.39"), as: .agent("order-intake", runID: "RUN-1"))
        let id = try #require(outcome.approvalID, "\(outcome.messages)")
        let request = try f.ledger.approvalRequest(id)
        #expect(request["approver_role"] == "sales_manager")
        #expect(request["facts"]?["order"]?["price_deviation_percent"] == .number("8.00"))
        #expect(request["facts"]?["line"]?["max_below_list_percent"] == .number("8.00"))
        #expect(request["facts"]?["order"]?["manual_price"] == true)
        guard case .refused = try f.ledger.approve(id, by: "sam") else { Issue.record("a rep approved a below-list price"); return }
        guard case .executed = try f.ledger.approve(id, by: "mia") else { Issue.record("the sales manager was refused"); return }
        // Beyond 15% below list an agent is refused outright.
        #expect(try f.submit(.createOrder, Self.order("16.00"), as: .agent("order-intake")).isDenied)
    }

    @Test func aRepsPriceBelowListCountsLikeTheirDiscountLimit() throws {
        let f = try Self.setUp()
        // 8% below list is within the 15% a rep may discount alone; 20% is not.
        #expect(try f.submit(.createOrder, Self.order("18.39"), as: .user("sam")).isExecuted)
        let outcome = try f.submit(.createOrder, Self.order("15.99"), as: .user("sam"))
        let id = try #require(outcome.approvalID, "\(outcome.messages)")
        #expect(try f.ledger.approvalRequest(id)["approver_role"] == "sales_manager")
        // One cheap line cannot hide in a larger order: the largest line's deviation counts.
        let mixed: JSONValue = ["customer_id": "C-001", "lines": [["sku": "WID-100", "quantity": 1, "unit_price": "10.00"],
                                                                 ["sku": "BK-1", "quantity": 100]]]
        #expect(try f.submit(.createOrder, mixed, as: .user("sam")).approvalID != nil)
    }

    @Test func atListPriceTheOrderExecutesAndRecordsWhereItsPriceCameFrom() throws {
        let f = try Self.setUp()
        let id = try f.must(.createOrder, Self.order(nil), as: .user("sam"))
        let line = try #require(try f.ledger.order(id).lines.first)
        #expect(line.priceSource == "list")
        #expect(line.listPrice == "19.99")
        // The list price given by hand is no deviation either.
        #expect(try f.submit(.createOrder, Self.order("19.99"), as: .user("sam")).isExecuted)
    }

    @Test func aDiscountOnTopOfAPriceBelowListCountsBoth() throws {
        let f = try Self.setUp()
        let id = try f.must(.createOrder, Self.order("17.59"), as: .user("sam"))  // 12.01% below list
        // 5% more is within a rep's 15% on its own, but not on top of 12%.
        let outcome = try f.submit(.applyDiscount, ["order_id": .string(id), "discount_percent": 5, "reason": "loyal"], as: .user("sam"))
        #expect(outcome.approvalID != nil, "\(outcome.messages)")
        #expect(try f.submit(.applyDiscount, ["order_id": .string(id), "discount_percent": 2, "reason": "loyal"], as: .user("sam")).isExecuted)
    }

    @Test func theShippedGuardrailsKnowThePriceFacts() throws {
        let set = try GuardrailSet.load(directory: Fixture.shippedGuardrails).get()
        #expect(set.fileNames.contains("pricing.yaml"))
        #expect(GuardrailSet.lint(directory: Fixture.shippedGuardrails).isEmpty)
        let paths = GuardrailFacts.facts.map(\.path)
        for fact in ["order.price_deviation_percent", "order.manual_price", "line.max_below_list_percent", "actor.on_behalf_of"] {
            #expect(paths.contains(fact))
        }
        // A misspelled price fact is caught by lint.
        let broken = GuardrailSet.load(files: ["p.yaml": """
            scope: global
            rules:
              - name: x
                actions: [create_order]
                when: order.price_deviaton_percent > 5
                outcome: deny
                message: m
            """])
        guard case .failure(let e) = broken else { Issue.record("a misspelled fact passed"); return }
        #expect(e.diagnostics.first?.message.contains("price_deviaton_percent") == true)
    }

    @Test func priceCheckReportsZeroPricesAndEachLinesPercentBelowList() throws {
        let f = try Self.setUp()
        let r = try f.ledger.priceCheck(currency: "USD", lines: [
            PriceCheckLine(sku: "WID-100", quantity: 10, unitPrice: "18.39"),
            PriceCheckLine(sku: "BK-1", quantity: 1, unitPrice: "0.00"),
            PriceCheckLine(sku: "GAD-7", quantity: 1, unitPrice: "-1.00"),
            PriceCheckLine(sku: "WID-101", quantity: 1, unitPrice: nil),
            PriceCheckLine(sku: "NOPE", quantity: 1, unitPrice: nil),
        ])
        let lines = try #require(r["lines"]?.arrayValue)
        #expect(lines[0]["below_list_percent"] == .number("8.00"))
        #expect(lines[1]["problem"] == "a price of zero or less")
        #expect(lines[2]["problem"] == "a price of zero or less")
        #expect(lines[3]["below_list_percent"] == .number("0.00"))
        #expect(lines[3]["problem"] == nil)
        #expect(lines[4]["problem"] == "unknown SKU")
        #expect(r["ok"] == false)
        let listed = try #require(try f.ledger.priceCheck(currency: "USD", lines: [PriceCheckLine(sku: "WID-100", quantity: 2, unitPrice: "18.39"),
                                                                                 PriceCheckLine(sku: "BK-1", quantity: 1, unitPrice: "0")]).objectValue)
        #expect(listed["zero_price_lines"] == 1)
        #expect(listed["manual_price"] == true)
        #expect(listed["max_below_list_percent"] == .number("100.00"))
    }
}
