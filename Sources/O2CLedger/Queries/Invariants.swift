import GRDB
import O2CCore

/// The invariants of SPEC §4, checked against the database as it is.
enum Invariants {
    static func check(_ db: Database) throws -> [String] {
        var v: [String] = []
        for r in try Row.fetchAll(db, sql: """
            SELECT entry_id, SUM(debit_minor) d, SUM(credit_minor) c FROM journal_lines GROUP BY entry_id HAVING d <> c LIMIT 5
            """) {
            v.append("journal entry \(r["entry_id"] as Int64) does not balance: debits \(r["d"] as Int64) ≠ credits \(r["c"] as Int64)")
        }
        let ar = try Int64.fetchOne(db, sql: "SELECT COALESCE(SUM(debit_minor - credit_minor), 0) FROM journal_lines WHERE account = ?", arguments: [Account.receivables.rawValue]) ?? 0
        let open = try Int64.fetchOne(db, sql: "SELECT COALESCE(SUM(open_base_minor), 0) FROM invoices") ?? 0
        if ar != open { v.append("accounts receivable \(ar) ≠ sum of open invoice balances \(open) (base minor units)") }
        let unapplied = try Int64.fetchOne(db, sql: "SELECT COALESCE(SUM(credit_minor - debit_minor), 0) FROM journal_lines WHERE account = ?", arguments: [Account.unappliedCash.rawValue]) ?? 0
        let unappliedDocs = try Int64.fetchOne(db, sql: "SELECT COALESCE(SUM(unapplied_base_minor), 0) FROM payments") ?? 0
        if unapplied != unappliedDocs { v.append("unapplied cash account \(unapplied) ≠ sum of unapplied payments \(unappliedDocs)") }
        for r in try Row.fetchAll(db, sql: "SELECT sku, warehouse, on_hand, reserved FROM stock WHERE on_hand < 0 OR reserved < 0 OR reserved > on_hand LIMIT 5") {
            v.append("stock of \(r["sku"] as String) in \(r["warehouse"] as String): on hand \(r["on_hand"] as Int64), reserved \(r["reserved"] as Int64)")
        }
        for r in try Row.fetchAll(db, sql: """
            SELECT s.sku, s.warehouse, s.reserved, COALESCE((SELECT SUM(r.quantity) FROM reservations r JOIN order_lines l
              ON l.order_id = r.order_id AND l.line_no = r.line_no WHERE l.sku = s.sku AND r.warehouse = s.warehouse), 0) AS held
            FROM stock s WHERE s.reserved <> held LIMIT 5
            """) {
            v.append("stock of \(r["sku"] as String) in \(r["warehouse"] as String): reserved \(r["reserved"] as Int64) but reservations hold \(r["held"] as Int64)")
        }
        for r in try Row.fetchAll(db, sql: """
            SELECT p.id, p.amount_minor, p.applied_minor, COALESCE((SELECT SUM(amount_minor) FROM allocations a WHERE a.payment_id = p.id AND reversed = 0), 0) AS alloc
            FROM payments p WHERE p.applied_minor > p.amount_minor OR p.applied_minor <> alloc LIMIT 5
            """) {
            v.append("payment \(r["id"] as String): applied \(r["applied_minor"] as Int64) of \(r["amount_minor"] as Int64), allocations \(r["alloc"] as Int64)")
        }
        for r in try Row.fetchAll(db, sql: """
            SELECT i.id, i.total_minor, i.paid_minor, i.net_minor, i.tax_minor, i.open_minor, i.open_base_minor,
              (SELECT COALESCE(SUM(net_minor), 0) FROM invoice_lines l WHERE l.invoice_id = i.id) AS lines,
              (SELECT COALESCE(SUM(tax_minor), 0) FROM invoice_taxes t WHERE t.invoice_id = i.id) AS taxes,
              (SELECT COALESCE(SUM(amount_minor), 0) FROM allocations a WHERE a.invoice_id = i.id AND reversed = 0) AS alloc
            FROM invoices i
            WHERE i.paid_minor > i.total_minor OR i.total_minor <> lines + taxes OR i.tax_minor <> taxes OR i.paid_minor <> alloc
               OR (i.open_minor = 0) <> (i.open_base_minor = 0 OR i.open_minor = 0) OR i.open_base_minor < 0
            LIMIT 5
            """) {
            v.append("invoice \(r["id"] as String): total \(r["total_minor"] as Int64), lines \(r["lines"] as Int64) + tax \(r["taxes"] as Int64), paid \(r["paid_minor"] as Int64), allocations \(r["alloc"] as Int64), open base \(r["open_base_minor"] as Int64)")
        }
        for r in try Row.fetchAll(db, sql: """
            SELECT i.id, i.total_base_minor, i.tax_base_minor, (SELECT SUM(debit_minor) FROM journal_lines jl JOIN journal_entries je ON je.id = jl.entry_id
              WHERE je.source_type = 'invoice' AND je.source_id = i.id AND jl.account = ?) AS posted
            FROM invoices i WHERE i.total_minor > 0 AND (posted IS NULL OR posted <> i.total_base_minor) LIMIT 5
            """, arguments: [Account.receivables.rawValue]) {
            v.append("invoice \(r["id"] as String): base total \(r["total_base_minor"] as Int64) but receivables posted \((r["posted"] as Int64?) ?? 0)")
        }
        let keys = try Int.fetchOne(db, sql: "SELECT count(*) FROM (SELECT idempotency_key FROM audit_log WHERE idempotency_key IS NOT NULL GROUP BY idempotency_key HAVING count(*) > 1)") ?? 0
        if keys > 0 { v.append("\(keys) idempotency keys took effect more than once") }
        return v
    }
}
