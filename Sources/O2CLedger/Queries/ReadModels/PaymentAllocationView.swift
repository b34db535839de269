/// The part of a `PaymentView` applied to one invoice.
public struct PaymentAllocationView: Codable, Sendable, Equatable {
    /// The invoice.
    public var invoiceID: String
    /// The amount applied (decimal string).
    public var amount: String

    enum CodingKeys: String, CodingKey { case invoiceID = "invoice_id", amount }
}
