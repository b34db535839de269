import O2CCore

/// An invoice as `invoices list|show --json`, `GET /v1/invoices/{id}` and the `invoice_lookup`
/// tool show it (SPEC §13); amounts are decimal strings in the invoice's currency. A listing
/// leaves out the members from `paidAmount` on (nil there).
public struct InvoiceView: ReadModel {
    /// `INV-…`, its customer, the order it bills and its currency code.
    public var id: String, customerID: String, orderID: String, currency: String
    /// Net plus tax, the tax, the net, and what is still owed.
    public var total: String, tax: String, net: String, openAmount: String
    /// `open`, `partially_paid`, `paid`, `closed`, ...
    public var status: String
    /// ISO 8601 dates.
    public var issueDate: String, dueDate: String
    /// Days past due while something is open, else 0.
    public var daysOverdue: Int64
    /// Whether the customer disputes it.
    public var disputed: Bool
    /// The last dunning level sent (0: none).
    public var dunningLevel: Int64
    /// Shown invoices: paid so far.
    @OmitIfNil public var paidAmount: String?
    /// Shown invoices: credited so far.
    @OmitIfNil public var creditedAmount: String?
    /// Shown invoices: written off so far.
    @OmitIfNil public var writtenOffAmount: String?
    /// Shown invoices: the total in the base currency.
    @OmitIfNil public var totalBase: String?
    /// Shown invoices: the base currency code.
    @OmitIfNil public var baseCurrency: String?
    /// Shown invoices: whether line prices include tax.
    @OmitIfNil public var pricesIncludeTax: Bool?
    /// Shown invoices: `.some(reason)`, `.some(nil)` when undisputed; listings: nil.
    @OmitIfNil public var disputeReason: String??
    /// Shown invoices: the lines.
    @OmitIfNil public var lines: [InvoiceLineView]?
    /// Shown invoices: tax per category and rate.
    @OmitIfNil public var taxes: [InvoiceTaxView]?
    /// Shown invoices: payments applied, reversed ones included.
    @OmitIfNil public var payments: [InvoicePaymentView]?
    /// Shown invoices: what happened to the invoice.
    @OmitIfNil public var history: [DocumentEvent]?

    enum CodingKeys: String, CodingKey {
        case id, customerID = "customer_id", orderID = "order_id", currency, total, tax, net, openAmount = "open_amount", status
        case issueDate = "issue_date", dueDate = "due_date", daysOverdue = "days_overdue", disputed, dunningLevel = "dunning_level"
        case paidAmount = "paid_amount", creditedAmount = "credited_amount", writtenOffAmount = "written_off_amount", totalBase = "total_base"
        case baseCurrency = "base_currency", pricesIncludeTax = "prices_include_tax", disputeReason = "dispute_reason", lines, taxes, payments, history
    }
}
