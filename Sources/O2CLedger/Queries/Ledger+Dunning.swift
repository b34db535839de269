import Foundation
import GRDB
import O2CCore

/// What dunning reads: the open invoices past due, with their dunning state, and each
/// customer's payment behaviour. One indexed query each, so a run over 100,000 invoices is a
/// scan, not 100,000 look-ups.
extension Ledger {
    /// Open invoices due before `asOf` (disputed ones included, marked), by customer, then due
    /// date; optionally of one customer.
    public func overdueInvoices(asOf: BusinessDate, customerID: String? = nil) throws(LedgerError) -> [OverdueInvoice] {
        try read { db in
            let rows = try Row.fetchCursor(db.cachedStatement(sql: """
                SELECT i.id, i.customer_id, c.name, c.owner, c.on_hold, i.currency, cur.exponent, i.total_minor, i.open_minor, i.open_base_minor,
                       i.due_date, i.dunning_level, i.last_dunned_date, i.disputed
                FROM invoices i JOIN customers c ON c.id = i.customer_id JOIN currencies cur ON cur.code = i.currency
                WHERE i.open_minor > 0 AND i.due_date < ?1 AND (?2 IS NULL OR i.customer_id = ?2)
                ORDER BY i.customer_id, i.due_date, i.id
                """), arguments: [asOf.iso, customerID])
            var out: [OverdueInvoice] = []
            while let r = try rows.next() {
                let due = BusinessDate(iso: r[10]) ?? asOf
                out.append(OverdueInvoice(
                    id: r[0], customerID: r[1], customerName: r[2], owner: r[3], customerOnHold: r[4],
                    currency: Currency(code: r[5], exponent: r[6]), totalMinor: r[7], openMinor: r[8], openBaseMinor: r[9], dueDate: due,
                    daysPastDue: asOf.days(since: due), dunningLevel: r[11], lastDunnedDate: (r[12] as String?).flatMap(BusinessDate.init(iso:)),
                    disputed: r[13]))
            }
            return out
        }
    }

    /// Per customer with paid invoices: how many, and how many days late they were paid on
    /// average (last allocation date − due date, 0 when on time).
    public func paymentBehaviour() throws(LedgerError) -> [String: (paidInvoices: Int, averageDaysLate: Double)] {
        try read { db in
            var out: [String: (Int, Double)] = [:]
            for r in try Row.fetchAll(db, sql: """
                SELECT i.customer_id, count(*), avg(max(0, julianday(a.last) - julianday(i.due_date)))
                FROM invoices i JOIN (SELECT invoice_id, max(applied_date) AS last FROM allocations WHERE reversed = 0 GROUP BY invoice_id) a
                  ON a.invoice_id = i.id
                WHERE i.open_minor = 0 GROUP BY i.customer_id
                """) {
                out[r[0]] = (r[1], r[2] ?? 0)
            }
            return out
        }
    }

    /// The dunning notices of a customer (or all), newest first, with their invoices and fee.
    public func dunningNotices(customerID: String? = nil, limit: Int = 100) throws(LedgerError) -> [JSONValue] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT n.id, n.customer_id, n.level, n.subject, n.sent_date, n.fee_minor, n.fee_currency,
                       (SELECT group_concat(invoice_id, ',') FROM dunning_notice_invoices WHERE notice_id = n.id),
                       (SELECT id FROM outbox WHERE kind = 'dunning' AND document_id = n.id ORDER BY seq LIMIT 1)
                FROM dunning_notices n WHERE (?1 IS NULL OR n.customer_id = ?1) ORDER BY n.rowid DESC LIMIT ?2
                """, arguments: [customerID, max(1, min(limit, 10_000))]).map { r in
                let feeCode: String? = r[6]
                let fee = feeCode.flatMap(Currency.lookup).map { Money(minor: r[5], currency: $0).decimalString }
                return .object(JSONObject([
                    ("id", .string(r[0])), ("customer_id", .string(r[1])), ("level", .int(r[2] as Int)),
                    ("subject", (r[3] as String?).map { .string($0) } ?? .null), ("sent_date", .string(r[4])),
                    ("fee", fee.map { .string($0) } ?? .null), ("fee_currency", feeCode.map { .string($0) } ?? .null),
                    ("invoice_ids", .array(((r[7] as String?) ?? "").split(separator: ",").map { .string(String($0)) })),
                    ("outbox_id", (r[8] as String?).map { .string($0) } ?? .null),
                ]))
            }
        }
    }
}

/// An open invoice past its due date, as dunning sees it.
public struct OverdueInvoice: Sendable, Equatable {
    /// `INV-n`.
    public let id: String
    /// Its customer.
    public let customerID: String
    /// The customer's name.
    public let customerName: String
    /// The sales rep who owns the customer.
    public let owner: String
    /// Whether the customer is on credit hold.
    public let customerOnHold: Bool
    /// Its currency.
    public let currency: Currency
    /// Its total.
    public let totalMinor: Int64
    /// What is still open.
    public let openMinor: Int64
    /// What is still open, in base currency.
    public let openBaseMinor: Int64
    /// When it was due.
    public let dueDate: BusinessDate
    /// Days past due on the as-of date.
    public let daysPastDue: Int
    /// The highest level it was dunned at (0: never).
    public let dunningLevel: Int
    /// When its last notice went out.
    public let lastDunnedDate: BusinessDate?
    /// Whether the customer disputes it (never chased).
    public let disputed: Bool

    /// The open amount as money.
    public var open: Money { Money(minor: openMinor, currency: currency) }
}
