/// A payment as `payments list|show --json` show it (SPEC §13); amounts are decimal strings in
/// the payment's currency.
public struct PaymentView: ReadModel {
    /// `PAY-…`.
    public var id: String
    /// The bank's reference (the import's idempotency key), the free remittance text, the payer's
    /// name and account, and the customer once known.
    public var paymentRef: String?, reference: String?, payerName: String?, payerAccount: String?, customerID: String?
    /// The value date (ISO 8601), the amount received and its currency code.
    public var date: String, amount: String, currency: String
    /// What is not yet applied to invoices.
    public var unappliedAmount: String
    /// Where the money went, per invoice.
    public var allocations: [PaymentAllocationView]

    enum CodingKeys: String, CodingKey {
        case id, paymentRef = "payment_ref", reference, payerName = "payer_name", payerAccount = "payer_account"
        case customerID = "customer_id", date, amount, currency, unappliedAmount = "unapplied_amount", allocations
    }
}
