import O2CCore

/// A customer as `customers list|show --json` and `GET /v1/customers[/{id}]` show it (SPEC §13);
/// amounts are decimal strings in the base currency (`creditCurrency`). A listing leaves out the
/// credit position (`exposure` … `holdReason`, `unappliedCash`: nil there).
public struct CustomerView: ReadModel {
    /// `C-…`.
    public var id: String
    /// The name.
    public var name: String
    /// The currency it is invoiced in.
    public var currency: String
    /// The sales rep who owns it.
    public var owner: String
    /// The credit limit.
    public var creditLimit: String
    /// The base currency code the credit amounts are in.
    public var creditCurrency: String
    /// Whether it is on credit hold.
    public var onHold: Bool
    /// Open receivables plus confirmed, uninvoiced orders (shown customers only).
    @OmitIfNil public var exposure: String?
    /// Limit minus exposure (shown customers only).
    @OmitIfNil public var availableCredit: String?
    /// Open and past due (shown customers only).
    @OmitIfNil public var overdueAmount: String?
    /// Days the oldest open invoice is past due (shown customers only).
    @OmitIfNil public var maxDaysOverdue: Int?
    /// Shown customers: `.some(reason)`, `.some(nil)` when not held; listings: nil.
    @OmitIfNil public var holdReason: String??
    /// The sales region.
    public var region: String
    /// Where invoices and reminders go.
    public var email: String
    /// Days from invoice to due date.
    public var paymentTermsDays: Int64
    /// Payments not yet applied (shown customers only).
    @OmitIfNil public var unappliedCash: String?

    enum CodingKeys: String, CodingKey {
        case id, name, currency, owner, creditLimit = "credit_limit", creditCurrency = "credit_currency", onHold = "on_hold"
        case exposure, availableCredit = "available_credit", overdueAmount = "overdue_amount", maxDaysOverdue = "max_days_overdue"
        case holdReason = "hold_reason", region, email, paymentTermsDays = "payment_terms_days", unappliedCash = "unapplied_cash"
    }
}
