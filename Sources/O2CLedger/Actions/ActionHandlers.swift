import GRDB
import O2CCore

/// Runs one checked action inside the gate's transaction. Each handler first validates against
/// the ledger as it is, noting the facts the guardrails see, then writes; a thrown `Invalid`
/// rolls everything back.
enum ActionHandlers {
    static func run(_ action: ActionName, _ args: Arguments, _ tx: LedgerTx) throws -> ActionResult {
        switch action {
        case .createOrder: return try OrderActions.create(args, tx)
        case .cancelOrder: return try OrderActions.cancel(args, tx)
        case .substituteLine: return try OrderActions.substitute(args, tx)
        case .applyDiscount: return try OrderActions.discount(args, tx)
        case .placeCreditHold: return try CreditActions.placeHold(args, tx)
        case .releaseCreditHold: return try CreditActions.releaseHold(args, tx)
        case .setCreditLimit: return try CreditActions.setLimit(args, tx)
        case .reserveStock: return try FulfillmentActions.reserve(args, tx)
        case .shipOrder: return try FulfillmentActions.ship(args, tx)
        case .issueInvoice: return try InvoiceActions.issue(args, tx)
        case .sendInvoice: return try InvoiceActions.send(args, tx)
        case .markDisputed: return try InvoiceActions.dispute(args, tx)
        case .issueCreditNote: return try InvoiceActions.creditNote(args, tx)
        case .writeOff: return try InvoiceActions.writeOff(args, tx)
        case .recordPayment: return try PaymentActions.record(args, tx)
        case .applyPayment: return try PaymentActions.apply(args, tx)
        case .unapplyPayment: return try PaymentActions.unapply(args, tx)
        case .sendDunningNotice: return try DunningActions.send(args, tx)
        }
    }
}

/// Loaded rows the handlers share.
extension LedgerTx {
    struct CustomerRow {
        let id: String
        let name: String
        let currency: String
        let region: String
        let termsDays: Int
        let onHold: Bool
    }

    struct OrderRow {
        let id: String
        let customerID: String
        let status: String
        let currency: String
        let totalMinor: Int64
        let totalBaseMinor: Int64
        let confirmed: Bool
        let discountE2: Int64
        let includeTax: Bool
    }

    struct InvoiceRow {
        let id: String
        let orderID: String
        let customerID: String
        let currency: String
        let totalMinor: Int64
        let taxMinor: Int64
        let paidMinor: Int64
        let creditedMinor: Int64
        let writtenOffMinor: Int64
        let openMinor: Int64
        let openBaseMinor: Int64
        let rateE9: Int64
        let disputed: Bool
        let dueDate: BusinessDate
    }

    func customer(_ id: String, field: String = "customer_id") throws -> CustomerRow {
        if let last = lastCustomer, last.row.id == id { return last.row }
        guard let read = try readCustomer(id) else {
            throw Invalid("args.\(field): customer \(id) does not exist; 'o2c customers list' shows the customers")
        }
        return read.row
    }

    func order(_ id: String, field: String = "order_id") throws -> OrderRow {
        guard let r = try row("""
            SELECT id, customer_id, status, currency, total_minor, total_base_minor, confirmed_at IS NOT NULL, discount_e2, prices_include_tax
            FROM orders WHERE id = ?
            """, [id])
        else { throw Invalid("args.\(field): order \(id) does not exist; 'o2c orders list' shows the orders") }
        let o = OrderRow(id: r[0], customerID: r[1], status: r[2], currency: r[3], totalMinor: r[4], totalBaseMinor: r[5],
                         confirmed: r[6], discountE2: r[7], includeTax: r[8])
        if facts.order == nil {
            let deviation = PriceDeviation(try rows("SELECT quantity, unit_price_minor, list_price_minor, price_source FROM order_lines WHERE order_id = ?",
                                                    [o.id]).map { .init(quantity: $0[0], unitPriceMinor: $0[1], listPriceMinor: $0[2], manual: ($0[3] as String) == "manual") })
            facts.order = JSONObject([("id", .string(o.id)), ("status", .string(o.status)), ("customer_id", .string(o.customerID)),
                                      ("currency", .string(o.currency)), ("total", .string(money(o.totalMinor, o.currency, plain: true))),
                                      ("discount_percent", .number(Money.format(minor: o.discountE2, exponent: 2)))] + deviation.orderFacts)
        }
        return o
    }

    func invoice(_ id: String, field: String = "invoice_id") throws -> InvoiceRow {
        guard let r = try row("""
            SELECT id, order_id, customer_id, currency, total_minor, tax_minor, paid_minor, credited_minor, written_off_minor,
                   open_minor, open_base_minor, rate_e9, disputed, due_date
            FROM invoices WHERE id = ?
            """, [id])
        else { throw Invalid("args.\(field): invoice \(id) does not exist; 'o2c invoices list' shows the invoices") }
        let due: String = r[13]
        let inv = InvoiceRow(id: r[0], orderID: r[1], customerID: r[2], currency: r[3], totalMinor: r[4], taxMinor: r[5], paidMinor: r[6],
                             creditedMinor: r[7], writtenOffMinor: r[8], openMinor: r[9], openBaseMinor: r[10], rateE9: r[11],
                             disputed: r[12], dueDate: BusinessDate(iso: due) ?? today)
        if facts.invoice == nil {
            facts.invoice = JSONObject([("id", .string(inv.id)), ("customer_id", .string(inv.customerID)), ("currency", .string(inv.currency)),
                                        ("total", .string(money(inv.totalMinor, inv.currency, plain: true))),
                                        ("open_amount", .string(money(inv.openMinor, inv.currency, plain: true))),
                                        ("disputed", .bool(inv.disputed)), ("days_overdue", .int(max(0, today.days(since: inv.dueDate))))])
        }
        return inv
    }

    func money(_ minor: Int64, _ code: String, plain: Bool) -> String {
        let exp = (try? currency(code).exponent) ?? 2
        return Money.format(minor: minor, exponent: exp)
    }

    /// The invoice status that follows from its amounts.
    static func invoiceStatus(total: Int64, paid: Int64, open: Int64) -> String {
        if open == 0 { return paid == total ? "paid" : "closed" }
        return paid > 0 ? "partially_paid" : "open"
    }
}
