import O2CCore

/// An order as `orders list|show --json`, `GET /v1/orders/{id}` and the `order_status` tool show
/// it (SPEC §13); amounts are decimal strings in the order's currency. A listing leaves out
/// `shipment` and `history`; a shown order without a shipment leaves out `shipment`.
public struct OrderView: ReadModel {
    /// `SO-…`, its customer, status (`approved`, `credit_hold`, `reserved`, `shipped`, `invoiced`, `paid`, `cancelled`, ...) and currency.
    public var id: String, customerID: String, status: String, currency: String
    /// Net plus tax; after discount, before tax; the tax.
    public var total: String, net: String, tax: String
    /// The order discount in percent.
    public var discountPercent: DecimalNumber
    /// ISO 8601 date.
    public var orderDate: String
    /// The lines in order.
    public var lines: [OrderLineView]
    /// The customer's reference, if any, and the invoice once invoiced.
    public var externalRef: String?, invoiceID: String?
    /// The shipment once shipped (shown orders only).
    @OmitIfNil public var shipment: ShipmentView?
    /// What happened to the order (shown orders only).
    @OmitIfNil public var history: [DocumentEvent]?

    enum CodingKeys: String, CodingKey {
        case id, customerID = "customer_id", status, currency, total, net, tax, discountPercent = "discount_percent"
        case orderDate = "order_date", lines, externalRef = "external_ref", invoiceID = "invoice_id", shipment, history
    }

    /// Appends the bytes `JSONBytesEncoder` writes for this order (members in `CodingKeys` order,
    /// `nil` as `null`, `shipment` and `history` left out when nil), written by hand: the generic
    /// encoder was a tenth of an order read's instructions. `OrderViewBytesTests` compares both.
    public func write(to writer: inout JSONWriter) {
        writer.member(#"{"id":"#, id)
        writer.member(#","customer_id":"#, customerID)
        writer.member(#","status":"#, status)
        writer.member(#","currency":"#, currency)
        writer.member(#","total":"#, total)
        writer.member(#","net":"#, net)
        writer.member(#","tax":"#, tax)
        writer.literal(#","discount_percent":"#)
        writer.raw(discountPercent.text)
        writer.member(#","order_date":"#, orderDate)
        writer.literal(#","lines":["#)
        for (k, line) in lines.enumerated() {
            if k > 0 { writer.byte(UInt8(ascii: ",")) }
            line.write(to: &writer)
        }
        writer.member(#"],"external_ref":"#, externalRef)
        writer.member(#","invoice_id":"#, invoiceID)
        if let shipment {
            writer.literal(#","shipment":"#)
            shipment.write(to: &writer)
        }
        if let history {
            writer.literal(#","history":["#)
            for (k, event) in history.enumerated() {
                if k > 0 { writer.byte(UInt8(ascii: ",")) }
                event.write(to: &writer)
            }
            writer.byte(UInt8(ascii: "]"))
        }
        writer.byte(UInt8(ascii: "}"))
    }
}
