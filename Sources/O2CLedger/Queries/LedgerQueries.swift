import GRDB
import O2CCore

/// Read models of the ledger. Reads never write.
enum LedgerQueries {
    static func customerFacts(_ db: Database, id: String, base: Currency, today: BusinessDate) throws -> CustomerFacts? {
        try customerPosition(db, id: id, base: base, today: today)?.facts
    }

    /// A customer's credit position with its name and payment terms, in one statement (the gate
    /// reads both for most actions).
    static func customerPosition(_ db: Database, id: String, base: Currency, today: BusinessDate)
        throws -> (facts: CustomerFacts, name: String, termsDays: Int)? {
        guard let r = try db.leanRow("""
            SELECT c.id, c.currency, c.region, c.owner, c.on_hold, c.credit_limit_minor,
              (SELECT COALESCE(SUM(open_base_minor), 0) FROM invoices INDEXED BY invoices_open WHERE customer_id = c.id AND open_minor > 0) AS open_ar,
              (SELECT COALESCE(SUM(total_base_minor), 0) FROM orders INDEXED BY orders_uninvoiced
                 WHERE customer_id = c.id AND confirmed_at IS NOT NULL AND invoice_id IS NULL AND status <> 'cancelled') AS uninvoiced,
              (SELECT COALESCE(SUM(open_base_minor), 0) FROM invoices INDEXED BY invoices_open WHERE customer_id = c.id AND open_minor > 0 AND due_date < ?1) AS overdue,
              (SELECT MIN(due_date) FROM invoices INDEXED BY invoices_open WHERE customer_id = c.id AND open_minor > 0 AND due_date < ?1) AS oldest_due,
              c.name, c.payment_terms_days
            FROM customers c WHERE c.id = ?2
            """, [today.iso, id])
        else { return nil }
        let oldest: String? = r[9]
        let days = oldest.flatMap(BusinessDate.init(iso:)).map { today.days(since: $0) } ?? 0
        // Both sums are zero or more; should they ever exceed 64 bits together, the exposure is
        // the largest there is (a customer that large is over any limit: fail closed).
        let (exposure, overflow) = (r[6] as Int64).addingReportingOverflow(r[7] as Int64)
        let facts = CustomerFacts(id: r[0], currency: r[1], region: r[2], owner: r[3], onHold: r[4],
                                  creditLimit: Money(minor: r[5], currency: base),
                                  exposure: Money(minor: overflow ? .max : exposure, currency: base),
                                  overdueAmount: Money(minor: r[8], currency: base), maxDaysOverdue: days)
        return (facts, r[10], r[11])
    }
}
