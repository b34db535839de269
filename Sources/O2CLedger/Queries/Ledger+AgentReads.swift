import GRDB
import O2CCore

/// Reads the agents' tools need beyond the listings.
extension Ledger {
    /// Carriers with their preference and delay flag.
    public func carriers() throws(LedgerError) -> [JSONValue] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT code, name, preferred_rank, delayed FROM carriers ORDER BY preferred_rank").map { r in
                ["carrier": .string(r["code"]), "name": .string(r["name"]), "preferred_rank": .int(r["preferred_rank"] as Int64),
                 "delayed": .bool(r["delayed"])]
            }
        }
    }

    /// A customer's payment behaviour: recent invoices with when they were paid and how late.
    public func paymentHistory(customerID: String, limit: Int = 20) throws(LedgerError) -> JSONValue {
        let today = clock.today()
        return try read { db in
            guard try Row.fetchOne(db, sql: "SELECT 1 FROM customers WHERE id = ?", arguments: [customerID]) != nil else {
                throw LedgerError(.notFound, "customer \(customerID) does not exist")
            }
            let ex = try Exponents(db)
            var lateDays: [Int] = []
            let rows = try Row.fetchAll(db, sql: """
                SELECT i.id, i.currency, i.total_minor, i.open_minor, i.issue_date, i.due_date, i.status, i.disputed,
                  (SELECT MAX(applied_date) FROM allocations a WHERE a.invoice_id = i.id AND reversed = 0) AS paid_on
                FROM invoices i WHERE i.customer_id = ? ORDER BY i.rowid DESC LIMIT ?
                """, arguments: [customerID, limit])
            let invoices: [JSONValue] = rows.map { r in
                let due = BusinessDate(iso: r["due_date"]) ?? today
                let paidOn = (r["paid_on"] as String?).flatMap(BusinessDate.init(iso:))
                let open: Int64 = r["open_minor"]
                var late: JSONValue = .null
                if open == 0, let paidOn {
                    let d = max(0, paidOn.days(since: due))
                    lateDays.append(d)
                    late = .int(d)
                } else if open > 0 {
                    late = .int(max(0, today.days(since: due)))
                }
                return ["invoice_id": .string(r["id"]), "currency": .string(r["currency"]), "total": ex.fmt(r["total_minor"], r["currency"]),
                        "open_amount": ex.fmt(open, r["currency"]), "issue_date": .string(r["issue_date"]), "due_date": .string(due.iso),
                        "status": .string(r["status"]), "disputed": .bool(r["disputed"]),
                        "paid_on": paidOn.map { .string($0.iso) } ?? .null, "days_late": late]
            }
            let average: JSONValue = lateDays.isEmpty ? .null
                : .number(Money.format(minor: Int64(Rounding.divide(Int128(lateDays.reduce(0, +)) * 10, by: Int128(lateDays.count))), exponent: 1))
            let notices = try Int.fetchOne(db, sql: "SELECT count(*) FROM dunning_notices WHERE customer_id = ?", arguments: [customerID]) ?? 0
            return ["customer_id": .string(customerID), "invoices": .array(invoices), "average_days_late_when_paid": average,
                    "dunning_notices_sent": .int(notices)]
        }
    }
}

extension Ledger {
    /// The company's name.
    public func companyName() throws(LedgerError) -> String {
        try read { db in try String.fetchOne(db.cachedStatement(sql: "SELECT name FROM company WHERE id = 1")) ?? "the company" }
    }
}
