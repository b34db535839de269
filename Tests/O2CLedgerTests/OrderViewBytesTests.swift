import Foundation
import GRDB
import O2CCore
import Testing
@testable import O2CLedger

/// An order's answer is written by hand (`OrderView.write`) and copies stored event payloads as
/// they are when they are already in the writer's form: the bytes must stay those of the generic
/// encoders for every member, and a payload in any other form is parsed as before.
@Suite struct OrderViewBytesTests {
    static func written(_ order: OrderView) -> String {
        var writer = JSONWriter()
        order.write(to: &writer)
        return writer.text
    }

    static func encoded(_ order: OrderView) throws -> String {
        String(decoding: try JSONBytesEncoder().encode(order), as: UTF8.self)
    }

    static let payloads = [
        #"{"customer_id":"C-011"}"#, #"{ "customer_id": "C-011" }"#, #"{"a":"\/","b":"\u00e9"}"#, #"{"a":1,"a":2}"#, "not json", "",
        #"{"text":"a \"q\"\n\u0001 Müller","n":[1.50,-0,2e+3],"o":{}}"#, #"{"é":true}"#, String(repeating: "[", count: 80),
    ]

    static func order(shipment: ShipmentView?, history: [DocumentEvent]?, externalRef: String?, invoiceID: String?,
                      lines: [OrderLineView]) -> OrderView {
        OrderView(id: "SO-1", customerID: "C-\"1\"", status: "shipped", currency: "USD", total: "10.00", net: "9.00", tax: "1.00",
                  discountPercent: DecimalNumber("2.50"), orderDate: "2026-01-05", lines: lines, externalRef: externalRef,
                  invoiceID: invoiceID, shipment: shipment, history: history)
    }

    @Test func everyShapeOfAnOrderIsWrittenAsTheEncodersWriteIt() throws {
        let lines = [OrderLineView(sku: "WID-100", quantity: 3, unitPrice: "19.99", net: "59.97", priceSource: "list", listPrice: "19.99"),
                     OrderLineView(sku: "Ω\n", quantity: -1, unitPrice: "0.00", net: "0.00", priceSource: "given", listPrice: nil)]
        let events = Self.payloads.enumerated().map { DocumentEvent(event: "order.e\($0.offset)", at: "2026-01-05T00:00:00Z", storedPayload: $0.element) }
            + [DocumentEvent(event: "given", at: "t", data: ["k": .string("v")])]
        var count = 0
        for shipment in [nil, ShipmentView(id: "SH-1", carrier: "UPS", shipDate: "2026-01-06", trackingRef: nil),
                         ShipmentView(id: "SH-1", carrier: "UPS", shipDate: "2026-01-06", trackingRef: "1Z")] {
            for history in [nil, [], events] {
                for (externalRef, invoiceID) in [(nil, nil), ("PO-1", "INV-1")] as [(String?, String?)] {
                    for someLines in [[], lines] {
                        let order = Self.order(shipment: shipment, history: history, externalRef: externalRef, invoiceID: invoiceID, lines: someLines)
                        let written = Self.written(order)
                        #expect(written == order.json.serialized())
                        #expect(written == (try Self.encoded(order)))
                        count += 1
                    }
                }
            }
        }
        #expect(count == 36)
    }

    @Test func aStoredPayloadInAnyFormGivesTheAnswerItsParsedValueWouldGive() throws {
        for text in Self.payloads {
            let event = DocumentEvent(event: "e", at: "t", storedPayload: text)
            let parsed = (try? JSONParser().parse(text)) ?? .null
            #expect(event.data == parsed)
            let order = Self.order(shipment: nil, history: [event], externalRef: nil, invoiceID: nil, lines: [])
            #expect(Self.written(order).hasSuffix(#""history":[{"event":"e","at":"t","data":\#(parsed.serialized())}]}"#), "\(text)")
        }
    }

    @Test func anOrderReadFromTheLedgerWithHandWrittenPayloadsAnswersTheirValues() throws {
        let f = try Fixture()
        let id = try f.must(.createOrder, ["customer_id": "C-001", "lines": [["sku": "WID-100", "quantity": 3]]])
        try f.raw.write { db in
            for text in Self.payloads {
                try db.execute(sql: "INSERT INTO events (type, subject_id, payload, created_at) VALUES ('order.note', ?, ?, '2026-01-05T00:00:00Z')",
                               arguments: [id, text])
            }
        }
        let order = try f.ledger.order(id)
        let history = try #require(order.history)
        #expect(history.suffix(Self.payloads.count).map(\.data) == Self.payloads.map { (try? JSONParser().parse($0)) ?? .null })
        #expect(Self.written(order) == order.json.serialized())
        #expect(Self.written(order) == (try Self.encoded(order)))
    }
}
