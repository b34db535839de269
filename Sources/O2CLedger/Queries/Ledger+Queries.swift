import GRDB
import O2CCore

/// Filters for listings.
public struct ListFilter: Sendable {
    /// Only documents of this customer.
    public var customerID: String?
    /// Only customers owned by this sales rep (and their documents).
    public var owner: String?
    /// Only documents in this status (`overdue` and `open` work for invoices, `unapplied` for payments).
    public var status: String?
    /// At most this many rows (newest first for documents).
    public var limit: Int

    /// A filter.
    public init(customerID: String? = nil, owner: String? = nil, status: String? = nil, limit: Int = 1000) {
        self.customerID = customerID
        self.owner = owner
        self.status = status
        self.limit = limit
    }
}

extension Ledger {
    struct Exponents {
        let table: [String: Int]
        init(table: [String: Int]) { self.table = table }
        func text(_ minor: Int64, _ code: String) -> String { Money.format(minor: minor, exponent: table[code] ?? 2) }
        func fmt(_ minor: Int64, _ code: String) -> JSONValue { .string(text(minor, code)) }
        init(_ db: Database) throws {
            var t: [String: Int] = [:]
            for r in try Row.fetchAll(db.cachedStatement(sql: "SELECT code, exponent FROM currencies")) { t[r[0]] = r[1] }
            table = t
        }
    }

    // MARK: customers

    /// `customers list`: `[{id, name, currency, owner, credit_limit, on_hold, ...}]`.
    public func customers(_ filter: ListFilter = ListFilter()) throws(LedgerError) -> [CustomerView] {
        try read { db in
            let base = try Ledger.baseCurrency(db)
            return try Row.fetchAll(db, sql: """
                SELECT id, name, currency, owner, credit_limit_minor, on_hold, region, email, payment_terms_days FROM customers
                WHERE (?1 IS NULL OR owner = ?1) ORDER BY length(id), id LIMIT ?2
                """, arguments: [filter.owner, filter.limit]).map { r in
                CustomerView(id: r["id"], name: r["name"], currency: r["currency"], owner: r["owner"],
                             creditLimit: Money(minor: r["credit_limit_minor"], currency: base).decimalString, creditCurrency: base.code,
                             onHold: r["on_hold"], region: r["region"], email: r["email"], paymentTermsDays: r["payment_terms_days"])
            }
        }
    }

    /// `customers show`: the listing fields plus the credit position (SPEC §4).
    public func customer(_ id: String) throws(LedgerError) -> CustomerView {
        let today = clock.today()
        return try read { db in
            let base = try Ledger.baseCurrency(db)
            // Columns by position (LeanRow): no row copy with names, no lower-cased name lookups.
            guard let r = try db.leanRow("SELECT id, name, currency, owner, hold_reason, region, email, payment_terms_days FROM customers WHERE id = ?", [id]),
                  let f = try LedgerQueries.customerFacts(db, id: id, base: base, today: today)
            else { throw LedgerError(.notFound, "customer \(id) does not exist; 'o2c customers list' shows the customers") }
            let unapplied: Int64 = try db.leanValue("SELECT COALESCE(SUM(unapplied_base_minor), 0) FROM payments WHERE customer_id = ?", [id]) ?? 0
            return CustomerView(id: r[0], name: r[1], currency: r[2], owner: r[3], creditLimit: f.creditLimit.decimalString,
                                creditCurrency: base.code, onHold: f.onHold, exposure: f.exposure.decimalString,
                                availableCredit: f.availableCredit.decimalString, overdueAmount: f.overdueAmount.decimalString,
                                maxDaysOverdue: f.maxDaysOverdue, holdReason: .some(r[4]), region: r[5], email: r[6],
                                paymentTermsDays: r[7], unappliedCash: Money(minor: unapplied, currency: base).decimalString)
        }
    }

    /// The credit position guardrails and tools see.
    public func customerFacts(_ id: String) throws(LedgerError) -> CustomerFacts? {
        let today = clock.today()
        return try read { db in try LedgerQueries.customerFacts(db, id: id, base: try Ledger.baseCurrency(db), today: today) }
    }

    // MARK: products

    /// `products list`: `[{sku, name, price, currency, available}]` in the base currency's price list.
    public func products(currency: String? = nil, limit: Int = 10_000) throws(LedgerError) -> [JSONValue] {
        try read { db in
            let ex = try Exponents(db)
            let code = try currency ?? Ledger.baseCurrency(db).code
            return try Row.fetchAll(db, sql: """
                SELECT p.sku, p.name, p.family, p.tax_category, pr.unit_price_minor,
                  (SELECT COALESCE(SUM(on_hand), 0) FROM stock s WHERE s.sku = p.sku) AS on_hand,
                  (SELECT COALESCE(SUM(reserved), 0) FROM stock s WHERE s.sku = p.sku) AS reserved,
                  (SELECT group_concat(alt_sku, ',') FROM (SELECT alt_sku FROM product_alternatives a WHERE a.sku = p.sku ORDER BY rank)) AS alts
                FROM products p LEFT JOIN prices pr ON pr.sku = p.sku AND pr.currency = ?
                ORDER BY p.sku LIMIT ?
                """, arguments: [code, limit]).map { r in
                let onHand: Int64 = r["on_hand"], reserved: Int64 = r["reserved"]
                return .object(JSONObject([
                    ("sku", .string(r["sku"])), ("name", .string(r["name"])),
                    ("price", (r["unit_price_minor"] as Int64?).map { ex.fmt($0, code) } ?? .null), ("currency", .string(code)),
                    ("available", .int(onHand - reserved)), ("on_hand", .int(onHand)), ("reserved", .int(reserved)),
                    ("family", .string(r["family"])), ("tax_category", .string(r["tax_category"])),
                    ("alternatives", .array(((r["alts"] as String?) ?? "").split(separator: ",").map { .string(String($0)) })),
                ]))
            }
        }
    }

    /// Stock of one SKU per warehouse with in-stock alternatives.
    public func inventory(sku: String) throws(LedgerError) -> JSONValue {
        try read { db in
            guard let p = try db.leanRow("SELECT sku, name FROM products WHERE sku = ?", [sku]) else {
                throw LedgerError(.notFound, "SKU \(sku) does not exist; 'o2c products list' shows the SKUs")
            }
            let rows = try db.leanRows("SELECT warehouse, on_hand, reserved FROM stock WHERE sku = ? ORDER BY warehouse", [sku])
            let alts = try db.leanRows("""
                SELECT a.alt_sku, COALESCE(SUM(s.on_hand - s.reserved), 0) AS avail FROM product_alternatives a
                LEFT JOIN stock s ON s.sku = a.alt_sku WHERE a.sku = ? GROUP BY a.alt_sku ORDER BY a.rank
                """, [sku])
            let available = rows.reduce(Int64(0)) { $0 + ($1[1] as Int64) - ($1[2] as Int64) }
            return .object(JSONObject([
                ("sku", .string(p[0])), ("name", .string(p[1])), ("available", .int(available)),
                ("warehouses", .array(rows.map { r in
                    ["warehouse": .string(r[0]), "on_hand": .int(r[1] as Int64), "reserved": .int(r[2] as Int64),
                     "available": .int((r[1] as Int64) - (r[2] as Int64))]
                })),
                ("alternatives", .array(alts.map { ["sku": .string($0[0]), "available": .int($0[1] as Int64)] })),
            ]))
        }
    }

    // MARK: orders

    /// `orders list`: `[{id, customer_id, status, currency, total, lines}]`, newest first.
    public func orders(_ filter: ListFilter = ListFilter()) throws(LedgerError) -> [OrderView] {
        try read { db in
            let ex = try Exponents(db)
            return try db.leanRows("""
                SELECT \(Ledger.orderColumns) FROM orders o JOIN customers c ON c.id = o.customer_id
                WHERE (?1 IS NULL OR o.customer_id = ?1) AND (?2 IS NULL OR o.status = ?2) AND (?3 IS NULL OR c.owner = ?3)
                ORDER BY o.rowid DESC LIMIT ?4
                """, [filter.customerID, filter.status, filter.owner, filter.limit]).map { try Ledger.orderView($0, db, ex) }
        }
    }

    /// `orders show`: the order with lines, shipment, invoice and its history of events.
    public func order(_ id: String) throws(LedgerError) -> OrderView {
        try read { db in
            guard let r = try db.row(.orderByID, id) else {
                throw LedgerError(.notFound, "order \(id) does not exist; 'o2c orders list' shows the orders")
            }
            // Its shipment came with it (`shipments.order_id` is unique): one statement fewer.
            let shipment = r.values[12].isNull ? nil : ShipmentView(id: r[12], carrier: r[13], shipDate: r[15], trackingRef: r[14])
            return try Ledger.orderView(r, db, Exponents(table: [r[3]: r[11]]), history: true, shipment: shipment)
        }
    }

    /// The columns `orderView` reads, by position (`LeanRow`: GRDB's `Row` lowercases every name it looks up).
    static let orderColumns = """
        o.id, o.customer_id, o.status, o.currency, o.total_minor, o.net_minor, o.tax_minor, o.discount_e2, o.order_date, \
        o.external_ref, o.invoice_id
        """

    /// An order from a row of `orderColumns`; a shown one with its history and shipment.
    static func orderView(_ r: LeanRow, _ db: Database, _ ex: Exponents, history: Bool = false, shipment: ShipmentView? = nil) throws -> OrderView {
        let id: String = r[0], cur: String = r[3]
        let lines = try db.rows(.orderLines, id).map { l in
            OrderLineView(sku: l[0], quantity: l[1], unitPrice: ex.text(l[2], cur), net: ex.text(l[3], cur),
                          priceSource: l[4], listPrice: (l[5] as Int64?).map { ex.text($0, cur) })
        }
        return OrderView(
            id: id, customerID: r[1], status: r[2], currency: cur, total: ex.text(r[4], cur),
            net: ex.text(r[5], cur), tax: ex.text(r[6], cur), discountPercent: DecimalNumber(Money.format(minor: r[7], exponent: 2)),
            orderDate: r[8], lines: lines, externalRef: r[9], invoiceID: r[10], shipment: shipment,
            history: history ? try events(db, subject: id) : nil)
    }

    static func events(_ db: Database, subject: String) throws -> [DocumentEvent] {
        try db.rows(.events, subject).map { e in
            DocumentEvent(event: e[0], at: e[1], storedPayload: e[2])
        }
    }

    static func eventsJSON(_ db: Database, subject: String) throws -> JSONValue {
        .array(try events(db, subject: subject).map { ["event": .string($0.event), "at": .string($0.at), "data": $0.data] })
    }

    // MARK: invoices

    /// `invoices list`: `[{id, customer_id, order_id, currency, total, tax, open_amount, status, due_date}]`.
    /// `status` may also be `overdue` (open and past due) or `open` (anything with an open amount).
    public func invoices(_ filter: ListFilter = ListFilter()) throws(LedgerError) -> [InvoiceView] {
        let today = clock.today()
        return try read { db in
            let ex = try Exponents(db)
            let status = filter.status
            let rows = try Row.fetchAll(db, sql: """
                SELECT i.* FROM invoices i JOIN customers c ON c.id = i.customer_id
                WHERE (?1 IS NULL OR i.customer_id = ?1) AND (?3 IS NULL OR c.owner = ?3)
                  AND (?2 IS NULL OR (?2 = 'overdue' AND i.open_minor > 0 AND i.due_date < ?5)
                       OR (?2 = 'open' AND i.open_minor > 0) OR (?2 = 'disputed' AND i.disputed = 1) OR i.status = ?2)
                ORDER BY i.rowid DESC LIMIT ?4
                """, arguments: [filter.customerID, status, filter.owner, filter.limit, today.iso])
            return try rows.map { try Ledger.invoiceView($0, db, ex, today: today, detail: false) }
        }
    }

    /// `invoices show`: the invoice with lines, taxes, payments, credit notes and history.
    public func invoice(_ id: String) throws(LedgerError) -> InvoiceView {
        let today = clock.today()
        return try read { db in
            guard let r = try Row.fetchOne(db, sql: "SELECT * FROM invoices WHERE id = ?", arguments: [id]) else {
                throw LedgerError(.notFound, "invoice \(id) does not exist; 'o2c invoices list' shows the invoices")
            }
            return try Ledger.invoiceView(r, db, try Exponents(db), today: today, detail: true)
        }
    }

    static func invoiceView(_ r: Row, _ db: Database, _ ex: Exponents, today: BusinessDate, detail: Bool) throws -> InvoiceView {
        let id: String = r["id"], cur: String = r["currency"]
        let due = BusinessDate(iso: r["due_date"]) ?? today
        let open: Int64 = r["open_minor"]
        var v = InvoiceView(
            id: id, customerID: r["customer_id"], orderID: r["order_id"], currency: cur, total: ex.text(r["total_minor"], cur),
            tax: ex.text(r["tax_minor"], cur), net: ex.text(r["net_minor"], cur), openAmount: ex.text(open, cur), status: r["status"],
            issueDate: r["issue_date"], dueDate: due.iso, daysOverdue: open > 0 ? Int64(max(0, today.days(since: due))) : 0,
            disputed: r["disputed"], dunningLevel: r["dunning_level"])
        guard detail else { return v }
        let base = try Ledger.baseCurrency(db)
        v.paidAmount = ex.text(r["paid_minor"], cur)
        v.creditedAmount = ex.text(r["credited_minor"], cur)
        v.writtenOffAmount = ex.text(r["written_off_minor"], cur)
        v.totalBase = Money(minor: r["total_base_minor"], currency: base).decimalString
        v.baseCurrency = base.code
        v.pricesIncludeTax = r["prices_include_tax"]
        v.disputeReason = .some(r["dispute_reason"])
        v.lines = try Row.fetchAll(db, sql: "SELECT * FROM invoice_lines WHERE invoice_id = ? ORDER BY line_no", arguments: [id]).map { l in
            InvoiceLineView(sku: l["sku"], description: l["description"], quantity: l["quantity"], unitPrice: ex.text(l["unit_price_minor"], cur),
                            net: ex.text(l["net_minor"], cur), taxRatePercent: DecimalNumber(Money.format(minor: l["tax_rate_bp"], exponent: 2)))
        }
        v.taxes = try Row.fetchAll(db, sql: "SELECT * FROM invoice_taxes WHERE invoice_id = ?", arguments: [id]).map { t in
            InvoiceTaxView(category: t["tax_category"], ratePercent: DecimalNumber(Money.format(minor: t["tax_rate_bp"], exponent: 2)),
                           taxable: ex.text(t["taxable_minor"], cur), tax: ex.text(t["tax_minor"], cur))
        }
        v.payments = try Row.fetchAll(db, sql: "SELECT payment_id, amount_minor, applied_date, reversed FROM allocations WHERE invoice_id = ? ORDER BY id", arguments: [id]).map { a in
            InvoicePaymentView(paymentID: a["payment_id"], amount: ex.text(a["amount_minor"], cur), date: a["applied_date"], reversed: a["reversed"])
        }
        v.history = try events(db, subject: id)
        return v
    }

    // MARK: payments

    /// `payments list`: `[{id, payment_ref, reference, payer_name, amount, currency, unapplied_amount, allocations}]`.
    /// `status: unapplied` lists payments with money left to apply.
    public func payments(_ filter: ListFilter = ListFilter()) throws(LedgerError) -> [PaymentView] {
        try read { db in
            let ex = try Exponents(db)
            let rows = try Row.fetchAll(db, sql: """
                SELECT * FROM payments WHERE (?1 IS NULL OR customer_id = ?1) AND (?2 IS NULL OR (?2 = 'unapplied' AND applied_minor < amount_minor))
                ORDER BY rowid DESC LIMIT ?3
                """, arguments: [filter.customerID, filter.status, filter.limit])
            return try rows.map { try Ledger.paymentView($0, db, ex) }
        }
    }

    /// `payments show`.
    public func payment(_ id: String) throws(LedgerError) -> PaymentView {
        try read { db in
            guard let r = try Row.fetchOne(db, sql: "SELECT * FROM payments WHERE id = ?", arguments: [id]) else {
                throw LedgerError(.notFound, "payment \(id) does not exist; 'o2c payments list' shows the payments")
            }
            return try Ledger.paymentView(r, db, try Exponents(db))
        }
    }

    static func paymentView(_ r: Row, _ db: Database, _ ex: Exponents) throws -> PaymentView {
        let id: String = r["id"], cur: String = r["currency"]
        let allocs = try Row.fetchAll(db.cachedStatement(sql: "SELECT invoice_id, SUM(amount_minor) AS amount FROM allocations WHERE payment_id = ? AND reversed = 0 GROUP BY invoice_id ORDER BY MIN(id)"), arguments: [id])
        return PaymentView(
            id: id, paymentRef: r["payment_ref"], reference: r["reference"], payerName: r["payer_name"], payerAccount: r["payer_account"],
            customerID: r["customer_id"], date: r["value_date"], amount: ex.text(r["amount_minor"], cur), currency: cur,
            unappliedAmount: ex.text((r["amount_minor"] as Int64) - (r["applied_minor"] as Int64), cur),
            allocations: allocs.map { PaymentAllocationView(invoiceID: $0["invoice_id"], amount: ex.text($0["amount"], cur)) })
    }

    // MARK: audit and invariants

    /// Checks the audit log both ways (`o2c audit verify`): the hash chain is intact, and every
    /// record a journal entry, event, approval request or decision names is there and wrote it.
    /// With `expectHead` (a head hash kept elsewhere), that hash must be in the chain.
    public func verifyAudit(expectHead: String? = nil) throws(LedgerError) -> AuditVerification {
        try read { db in try Audit.verify(db, expectHead: expectHead) }
    }

    /// Checks every ledger invariant of SPEC §4; returns the violations (empty when all hold).
    public func invariantViolations() throws(LedgerError) -> [String] {
        try read { db in try Invariants.check(db) }
    }

    /// Counts of pending events by type (for the workflow and the demo summary).
    public func eventCounts() throws(LedgerError) -> [String: Int] {
        try read { db in
            var out: [String: Int] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT type, count(*) FROM events GROUP BY type") { out[r[0]] = r[1] }
            return out
        }
    }
}
