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
}
