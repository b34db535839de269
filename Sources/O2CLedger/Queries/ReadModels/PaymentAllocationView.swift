/// The part of a `PaymentView` applied to one invoice.
public struct PaymentAllocationView: Codable, Sendable, Equatable {
    /// The invoice and the amount applied (decimal string).
    public var invoiceID: String, amount: String

    enum CodingKeys: String, CodingKey { case invoiceID = "invoice_id", amount }
}
