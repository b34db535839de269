import O2CCore

/// An invoice as `invoices list|show --json`, `GET /v1/invoices/{id}` and the `invoice_lookup`
/// tool show it (SPEC §13); amounts are decimal strings in the invoice's currency. A listing
/// leaves out the members from `paidAmount` on (they are nil there).
public struct InvoiceView: ReadModel {
    /// `INV-…`.
    public var id: String
    /// The customer.
    public var customerID: String
    /// The order it bills.
    public var orderID: String
    /// The invoice's currency code.
    public var currency: String
    /// Net plus tax.
    public var total: String
    /// The tax.
    public var tax: String
    /// Before tax.
    public var net: String
    /// What is still owed.
    public var openAmount: String
    /// `open`, `partially_paid`, `paid`, `written_off`, ...
    public var status: String
    /// ISO 8601 dates.
    public var issueDate: String, dueDate: String
    /// Days past due while something is open, else 0.
    public var daysOverdue: Int64
    /// Whether the customer disputes it.
    public var disputed: Bool
    /// The last dunning level sent (0: none).
    public var dunningLevel: Int64
    /// Paid, credited and written off so far (shown invoices only).
    @OmitIfNil public var paidAmount: String?
    /// Credited so far (shown invoices only).
    @OmitIfNil public var creditedAmount: String?
    /// Written off so far (shown invoices only).
    @OmitIfNil public var writtenOffAmount: String?
    /// The total in the base currency (shown invoices only).
    @OmitIfNil public var totalBase: String?
    /// The base currency code (shown invoices only).
    @OmitIfNil public var baseCurrency: String?
    /// Whether line prices include tax (shown invoices only).
    @OmitIfNil public var pricesIncludeTax: Bool?
    /// Shown invoices: `.some(reason)`, `.some(nil)` when undisputed; listings: nil.
    @OmitIfNil public var disputeReason: String??
    /// The lines (shown invoices only).
    @OmitIfNil public var lines: [InvoiceLineView]?
    /// Tax per category and rate (shown invoices only).
    @OmitIfNil public var taxes: [InvoiceTaxView]?
    /// Payments applied, reversed ones included (shown invoices only).
    @OmitIfNil public var payments: [InvoicePaymentView]?
    /// What happened to the invoice (shown invoices only).
    @OmitIfNil public var history: [DocumentEvent]?

    enum CodingKeys: String, CodingKey {
        case id, customerID = "customer_id", orderID = "order_id", currency, total, tax, net, openAmount = "open_amount", status
        case issueDate = "issue_date", dueDate = "due_date", daysOverdue = "days_overdue", disputed, dunningLevel = "dunning_level"
        case paidAmount = "paid_amount", creditedAmount = "credited_amount", writtenOffAmount = "written_off_amount", totalBase = "total_base"
        case baseCurrency = "base_currency", pricesIncludeTax = "prices_include_tax", disputeReason = "dispute_reason", lines, taxes, payments, history
    }
}
