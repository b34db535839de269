import Foundation
import O2CClient
import O2CCore
import O2CLedger
import Testing

/// The typed reads (SPEC §13): each encodes to exactly the member names scripts rely on, the
/// HTTP answer is the model's JSON byte for byte, and the JSON decodes back into the same model.
@Suite("Read models")
struct ReadModelShapeTests {
    static let orderKeys = ["id", "customer_id", "status", "currency", "total", "net", "tax", "discount_percent", "order_date", "lines",
                            "external_ref", "invoice_id"]
    static let invoiceKeys = ["id", "customer_id", "order_id", "currency", "total", "tax", "net", "open_amount", "status", "issue_date",
                              "due_date", "days_overdue", "disputed", "dunning_level"]
    static let invoiceDetailKeys = ["paid_amount", "credited_amount", "written_off_amount", "total_base", "base_currency",
                                    "prices_include_tax", "dispute_reason", "lines", "taxes", "payments", "history"]
    static let customerKeys = ["id", "name", "currency", "owner", "credit_limit", "credit_currency", "on_hold", "region", "email",
                               "payment_terms_days"]
    static let positionKeys = ["id", "name", "currency", "owner", "credit_limit", "credit_currency", "on_hold", "exposure",
                               "available_credit", "overdue_amount", "max_days_overdue", "hold_reason", "region", "email",
                               "payment_terms_days", "unapplied_cash"]
    static let paymentKeys = ["id", "payment_ref", "reference", "payer_name", "payer_account", "customer_id", "date", "amount", "currency",
                              "unapplied_amount", "allocations"]

    static func keys(_ v: JSONValue?) -> [String] { v?.objectValue?.keys ?? [] }

    @Test func listingsEncodeToTheSpecShapesInOrder() throws {
        let ledger = try ServerFixture.ledger()
        let order = try #require(try ledger.orders(ListFilter(limit: 1)).first?.json)
        #expect(Self.keys(order) == Self.orderKeys)
        #expect(Self.keys(order["lines"]?[0]) == ["sku", "quantity", "unit_price", "net", "price_source", "list_price"])
        #expect(order["discount_percent"]?.typeName == "number" && order["total"]?.typeName == "string")
        #expect(Self.keys(try ledger.invoices(ListFilter(limit: 1)).first?.json) == Self.invoiceKeys)
        #expect(Self.keys(try ledger.customers(ListFilter(limit: 1)).first?.json) == Self.customerKeys)
        let payment = try #require(try ledger.payments(ListFilter(limit: 1_000)).first { !$0.allocations.isEmpty }?.json)
        #expect(Self.keys(payment) == Self.paymentKeys)
        #expect(Self.keys(payment["allocations"]?[0]) == ["invoice_id", "amount"])
    }

    @Test func shownDocumentsAddTheirDetailAndTheHTTPAnswerIsTheModelByteForByte() async throws {
        try await TestServer.run { s in
            let shipped = try #require(try s.ledger.orders(ListFilter(status: "paid", limit: 1)).first?.id)
            let order = try s.ledger.order(shipped)
            #expect(Self.keys(order.json) == Self.orderKeys + ["shipment", "history"])
            #expect(Self.keys(order.json["shipment"]) == ["id", "carrier", "ship_date", "tracking_ref"])
            // The shipment comes with the order's own row: each column in its place.
            let shipment = try #require(order.shipment)
            #expect(shipment.id.hasPrefix("SH-") && !shipment.carrier.isEmpty && BusinessDate(iso: shipment.shipDate) != nil)
            #expect(shipment.trackingRef.map { BusinessDate(iso: $0) == nil && !$0.hasPrefix("SH-") } ?? true)
            #expect(Self.keys(order.json["history"]?[0]) == ["event", "at", "data"])
            let invoiceID = try #require(order.invoiceID)
            let invoice = try s.ledger.invoice(invoiceID)
            #expect(Self.keys(invoice.json) == Self.invoiceKeys + Self.invoiceDetailKeys)
            #expect(invoice.json["dispute_reason"] == .null, "shown and undisputed: null, not left out")
            let customer = try s.ledger.customer(order.customerID)
            #expect(Self.keys(customer.json) == Self.positionKeys)
            // Stock by position too: each SKU's total agrees with the listing, its warehouses add
            // up to it, and each alternative's figure is that SKU's own.
            let listed = Dictionary(uniqueKeysWithValues: try s.ledger.products().compactMap { p in p["sku"]?.stringValue.map { ($0, p) } })
            for sku in listed.keys.sorted().prefix(30) {
                let stock = try s.ledger.inventory(sku: sku)
                #expect(stock["sku"]?.stringValue == sku && stock["name"] == listed[sku]?["name"])
                #expect(stock["available"] == listed[sku]?["available"], "\(sku)")
                let warehouses = stock["warehouses"]?.arrayValue ?? []
                #expect(warehouses.reduce(0) { $0 + ($1["available"]?.intValue ?? 0) } == stock["available"]?.intValue)
                #expect(warehouses.allSatisfy { $0["available"]?.intValue == ($0["on_hand"]?.intValue ?? 0) - ($0["reserved"]?.intValue ?? 0) })
                for alt in stock["alternatives"]?.arrayValue ?? [] {
                    #expect(alt["available"] == (try s.ledger.inventory(sku: alt["sku"]?.stringValue ?? ""))["available"], "\(sku) → \(alt)")
                }
            }
            // The detail reads its columns by position: each agrees with the listing's query.
            for listed in try s.ledger.customers(ListFilter(limit: 20)) {
                let detail = try s.ledger.customer(listed.id).json
                for key in Self.customerKeys { #expect(detail[key] == listed.json[key], "\(listed.id).\(key)") }
            }

            for (path, model) in [("/v1/orders/\(shipped)", order.json), ("/v1/invoices/\(invoiceID)", invoice.json),
                                  ("/v1/customers/\(order.customerID)", customer.json)] {
                let reply = try await s.send("GET", path, as: "alice")
                #expect(reply.status == 200, "\(path): \(reply.body)")
                #expect(reply.body == model.serialized(), "\(path)")
            }
            let answers = try await (s.send("GET", "/v1/orders/\(shipped)", as: "alice"), s.send("GET", "/v1/invoices/\(invoiceID)", as: "alice"),
                                     s.send("GET", "/v1/customers/\(order.customerID)", as: "alice"))
            #expect(try OrderView(json: answers.0.json) == order)
            #expect(try InvoiceView(json: answers.1.json) == invoice)
            #expect(try CustomerView(json: answers.2.json) == customer)
        }
    }

    @Test func aModelDecodesOnlyFromItsShape() throws {
        let ledger = try ServerFixture.ledger()
        var json = try #require(try ledger.orders(ListFilter(limit: 1)).first?.json.objectValue)
        json["total"] = .number("12.50")
        #expect(throws: DecodingError.self) { try OrderView(json: .object(json)) }
        json["total"] = nil
        #expect(throws: DecodingError.self) { try OrderView(json: .object(json)) }
        #expect(throws: DecodingError.self) { try CustomerView(json: .array([])) }
    }
}
