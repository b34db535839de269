/// A payment applied to a shown `InvoiceView`.
public struct InvoicePaymentView: Codable, Sendable, Equatable {
    /// The payment, the amount applied (decimal string, the invoice's currency) and when (ISO 8601).
    public var paymentID: String, amount: String, date: String
    /// Whether the application was reversed.
    public var reversed: Bool

    enum CodingKeys: String, CodingKey { case paymentID = "payment_id", amount, date, reversed }
}
