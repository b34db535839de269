import O2CCore

/// A read of one customer's document (order, invoice, payment): what a scope check needs (whose
/// it is) and what an answer sends (its JSON, also written straight as bytes).
public protocol CustomerDocument: Sendable, JSONWritable {
    /// The customer the document belongs to, if known.
    var documentCustomerID: String? { get }
    /// The document's SPEC §13 JSON.
    var json: JSONValue { get }
}

extension JSONValue: CustomerDocument {
    /// `customer_id`.
    public var documentCustomerID: String? { self["customer_id"]?.stringValue }
    /// The value itself.
    public var json: JSONValue { self }
}

extension OrderView: CustomerDocument {
    /// `customerID`.
    public var documentCustomerID: String? { customerID }
}

extension PaymentView: CustomerDocument {
    /// `customerID` (nil while the payer is unknown).
    public var documentCustomerID: String? { customerID }
}

extension InvoiceView: CustomerDocument {
    /// `customerID`.
    public var documentCustomerID: String? { customerID }
}
