/// A payment as `payments list|show --json` show it (SPEC §13); amounts are decimal strings in
/// the payment's currency.
public struct PaymentView: ReadModel {
    /// `PAY-…`.
    public var id: String
    /// The bank's reference (the import's idempotency key).
    public var paymentRef: String?
    /// The free remittance text.
    public var reference: String?
    /// Who paid.
    public var payerName: String?
    /// The payer's account.
    public var payerAccount: String?
    /// The customer once known.
    public var customerID: String?
    /// The value date (ISO 8601).
    public var date: String
    /// The amount received.
    public var amount: String
    /// The payment's currency code.
    public var currency: String
    /// What is not yet applied to invoices.
    public var unappliedAmount: String
    /// Where the money went, per invoice.
    public var allocations: [PaymentAllocationView]

    enum CodingKeys: String, CodingKey {
        case id, paymentRef = "payment_ref", reference, payerName = "payer_name", payerAccount = "payer_account"
        case customerID = "customer_id", date, amount, currency, unappliedAmount = "unapplied_amount", allocations
    }
}
