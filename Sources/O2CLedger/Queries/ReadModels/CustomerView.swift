import O2CCore

/// A customer as `customers list|show --json` and `GET /v1/customers[/{id}]` show it (SPEC §13);
/// amounts are decimal strings in the base currency (`creditCurrency`). A listing leaves out the
/// credit position (`exposure` … `holdReason`, `unappliedCash`: nil there).
public struct CustomerView: ReadModel {
    /// `C-…`, the name, the currency it is invoiced in, and the sales rep who owns it.
    public var id: String, name: String, currency: String, owner: String
    /// The credit limit and the base currency code the credit amounts are in.
    public var creditLimit: String, creditCurrency: String
    /// Whether it is on credit hold.
    public var onHold: Bool
    /// Shown customers: open receivables plus confirmed, uninvoiced orders.
    @OmitIfNil public var exposure: String?
    /// Shown customers: limit minus exposure.
    @OmitIfNil public var availableCredit: String?
    /// Shown customers: open and past due.
    @OmitIfNil public var overdueAmount: String?
    /// Shown customers: days the oldest open invoice is past due.
    @OmitIfNil public var maxDaysOverdue: Int?
    /// Shown customers: `.some(reason)`, `.some(nil)` when not held; listings: nil.
    @OmitIfNil public var holdReason: String??
    /// The sales region and where invoices and reminders go.
    public var region: String, email: String
    /// Days from invoice to due date.
    public var paymentTermsDays: Int64
    /// Shown customers: payments not yet applied.
    @OmitIfNil public var unappliedCash: String?

    enum CodingKeys: String, CodingKey {
        case id, name, currency, owner, creditLimit = "credit_limit", creditCurrency = "credit_currency", onHold = "on_hold"
        case exposure, availableCredit = "available_credit", overdueAmount = "overdue_amount", maxDaysOverdue = "max_days_overdue"
        case holdReason = "hold_reason", region, email, paymentTermsDays = "payment_terms_days", unappliedCash = "unapplied_cash"
    }
}
