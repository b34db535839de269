/// A payment applied to a shown `InvoiceView`.
public struct InvoicePaymentView: Codable, Sendable, Equatable {
    /// The payment.
    public var paymentID: String
    /// The amount applied (decimal string, the invoice's currency).
    public var amount: String
    /// When it was applied (ISO 8601).
    public var date: String
    /// Whether the application was reversed.
    public var reversed: Bool

    enum CodingKeys: String, CodingKey { case paymentID = "payment_id", amount, date, reversed }
}
