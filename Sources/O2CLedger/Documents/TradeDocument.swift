import O2CCore

/// An invoice or credit note as an e-invoice presents it (EN 16931's semantic model), read from
/// the ledger by `Ledger.tradeDocument(_:)`: the parties, the lines, the order discount as
/// document-level allowances per VAT category, the VAT breakdown and the totals, all in minor
/// units of `currency`. The amounts are the ledger's (invoice totals, tax per rate, credit notes);
/// `checkTotals()` proves they add up to the minor unit before anything is written out.
public struct TradeDocument: Sendable {
    /// Invoice (UNTDID 1001 code 380) or credit note (381).
    public enum Kind: String, Sendable {
        /// A commercial invoice.
        case invoice
        /// A credit note on an invoice.
        case creditNote = "credit_note"
    }

    /// A VAT category as EN 16931 names it: the UNCL 5305 code, the rate and, for exempt
    /// categories, the reason.
    public struct TaxCategory: Sendable, Hashable {
        /// `S`, `Z`, `E`, `AE`, `K`, `G`, `O`, `L` or `M`.
        public let code: String
        /// The rate in basis points (19% = 1900).
        public let rateBP: Int64
        /// Why no tax is charged (BT-120), for exempt categories.
        public let exemptionReason: String?
        /// The VATEX code of the exemption (BT-121).
        public let exemptionCode: String?
    }

    /// One line: what was sold, how many, and its net amount (tax excluded, before the order
    /// discount, which is a document-level allowance).
    public struct Line: Sendable {
        /// The line number.
        public let id: String
        /// The SKU (seller's item id).
        public let sku: String
        /// The item's name.
        public let name: String
        /// A note for people (e.g. the unit price with tax included), or nil.
        public let note: String?
        /// Units invoiced or credited.
        public let quantity: Int64
        /// The line's net amount (BT-131).
        public let netMinor: Int64
        /// The line's VAT category.
        public let tax: TaxCategory
    }

    /// A document-level allowance (BG-20), such as the order discount, for one VAT category.
    public struct Allowance: Sendable {
        /// The amount taken off, tax excluded.
        public let amountMinor: Int64
        /// Why (BT-97).
        public let reason: String
        /// The VAT category it reduces.
        public let tax: TaxCategory
    }

    /// One VAT breakdown row (BG-23).
    public struct TaxSubtotal: Sendable {
        /// The category and rate.
        public let tax: TaxCategory
        /// The taxable amount at this category and rate (BT-116).
        public let taxableMinor: Int64
        /// The tax at this category and rate (BT-117).
        public let taxMinor: Int64
    }

    /// Invoice or credit note.
    public let kind: Kind
    /// The document number (`INV-1001`, `CN-1001`).
    public let id: String
    /// The issue date.
    public let issueDate: BusinessDate
    /// When payment is due (invoices).
    public let dueDate: BusinessDate?
    /// The document currency.
    public let currency: Currency
    /// The company's base currency, in which VAT is accounted (BT-6 when it differs).
    public let baseCurrency: Currency
    /// The company.
    public let seller: TradeParty
    /// The customer.
    public let buyer: TradeParty
    /// The customer's purchase order reference (BT-13), else our order id.
    public let orderReference: String?
    /// Our sales order id.
    public let salesOrderID: String?
    /// For a credit note: the invoice it credits and that invoice's issue date.
    public let invoiceReference: (id: String, issueDate: BusinessDate)?
    /// When the goods were shipped (BT-72).
    public let deliveryDate: BusinessDate?
    /// The payment terms in days, for the payment terms note.
    public let paymentTermsDays: Int?
    /// The account to pay into (BT-84) and its bank (BT-86).
    public let payeeIBAN: String?
    /// The BIC of the account's bank.
    public let payeeBIC: String?
    /// A note for people (BT-22): the credit note's reason, a dispute.
    public let note: String?
    /// Whether the prices were agreed with tax included (the lines show net amounts anyway).
    public let pricesIncludeTax: Bool
    /// The lines.
    public let lines: [Line]
    /// Document-level allowances (the order discount per VAT category).
    public let allowances: [Allowance]
    /// The VAT breakdown, one row per category and rate.
    public let taxes: [TaxSubtotal]
    /// The total tax (BT-110): the ledger's.
    public let taxMinor: Int64
    /// The total with tax (BT-112): the ledger's.
    public let totalMinor: Int64
    /// The total tax in base currency (BT-111) when the document currency is not the base
    /// currency: the ledger's (the invoice's tax at its rate, the credit note's tax posting).
    public let taxInBaseMinor: Int64?

    /// Σ line net amounts (BT-106).
    public var lineTotalMinor: Int64 { lines.reduce(0) { $0 + $1.netMinor } }
    /// Σ allowances (BT-107).
    public var allowanceTotalMinor: Int64 { allowances.reduce(0) { $0 + $1.amountMinor } }
    /// The total without tax (BT-109) = lines − allowances.
    public var taxExclusiveMinor: Int64 { lineTotalMinor - allowanceTotalMinor }

    /// Problems with the arithmetic, empty when every EN 16931 sum holds to the minor unit:
    /// lines − allowances + tax = total; Σ breakdown tax = total tax; each breakdown's taxable
    /// amount = its lines − its allowances.
    public func arithmeticProblems() -> [String] {
        var problems: [String] = []
        let money = { (m: Int64) in Money(minor: m, currency: currency).description }
        if taxExclusiveMinor + taxMinor != totalMinor {
            problems.append("lines \(money(lineTotalMinor)) − allowances \(money(allowanceTotalMinor)) + tax \(money(taxMinor)) ≠ total \(money(totalMinor))")
        }
        let breakdownTax = taxes.reduce(0) { $0 + $1.taxMinor }
        if breakdownTax != taxMinor { problems.append("the VAT breakdown sums to \(money(breakdownTax)), the tax is \(money(taxMinor))") }
        for t in taxes {
            let lineSum = lines.filter { $0.tax == t.tax }.reduce(0) { $0 + $1.netMinor }
            let allowanceSum = allowances.filter { $0.tax == t.tax }.reduce(0) { $0 + $1.amountMinor }
            if lineSum - allowanceSum != t.taxableMinor {
                problems.append("\(t.tax.code) \(t.tax.rateBP) bp: taxable \(money(t.taxableMinor)) ≠ lines \(money(lineSum)) − allowances \(money(allowanceSum))")
            }
        }
        return problems
    }
}
