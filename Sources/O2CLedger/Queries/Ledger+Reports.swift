import GRDB
import O2CCore

extension Ledger {
    /// The aging buckets by days past due.
    public static let agingBuckets = ["current", "1-30", "31-60", "61-90", "91-120", "120+"]

    static func bucket(daysPastDue d: Int) -> Int {
        switch d {
        case ...0: return 0
        case 1...30: return 1
        case 31...60: return 2
        case 61...90: return 3
        case 91...120: return 4
        default: return 5
        }
    }

    /// `report aging`: open receivables in base currency by days past due, per customer and in total.
    public func agingReport(asOf: BusinessDate? = nil, owner: String? = nil) throws(LedgerError) -> JSONValue {
        let asOf = asOf ?? clock.today()
        return try read { db in
            let base = try Ledger.baseCurrency(db)
            var totals = Array(repeating: Int64(0), count: 6)
            var perCustomer: [(String, String, [Int64])] = []
            var index: [String: Int] = [:]
            for r in try Row.fetchAll(db, sql: """
                SELECT i.customer_id, c.name, i.due_date, i.open_base_minor FROM invoices i JOIN customers c ON c.id = i.customer_id
                WHERE i.open_minor > 0 AND (?1 IS NULL OR c.owner = ?1) ORDER BY length(i.customer_id), i.customer_id
                """, arguments: [owner]) {
                let cid: String = r[0]
                let due = BusinessDate(iso: r[2]) ?? asOf
                let b = Ledger.bucket(daysPastDue: asOf.days(since: due))
                let amount: Int64 = r[3]
                if index[cid] == nil {
                    index[cid] = perCustomer.count
                    perCustomer.append((cid, r[1], Array(repeating: 0, count: 6)))
                }
                perCustomer[index[cid] ?? 0].2[b] += amount
                totals[b] += amount
            }
            func fmt(_ v: Int64) -> JSONValue { .string(Money(minor: v, currency: base).decimalString) }
            func buckets(_ v: [Int64]) -> JSONValue {
                .object(JSONObject(zip(Ledger.agingBuckets, v).map { ($0, fmt($1)) }))
            }
            return .object(JSONObject([
                ("as_of", .string(asOf.iso)), ("currency", .string(base.code)),
                ("buckets", buckets(totals)), ("total", fmt(totals.reduce(0, +))),
                ("customers", .array(perCustomer.map { c in
                    ["customer_id": .string(c.0), "name": .string(c.1), "buckets": buckets(c.2), "total": fmt(c.2.reduce(0, +))]
                })),
            ]))
        }
    }

    /// `report dso --days N`: days sales outstanding = receivables ÷ credit sales of the last N days × N.
    public func dsoReport(days: Int, asOf: BusinessDate? = nil) throws(LedgerError) -> JSONValue {
        let asOf = asOf ?? clock.today()
        return try read { db in
            let base = try Ledger.baseCurrency(db)
            let ar = try Int64.fetchOne(db, sql: "SELECT COALESCE(SUM(open_base_minor), 0) FROM invoices WHERE issue_date <= ?", arguments: [asOf.iso]) ?? 0
            let sales = try Int64.fetchOne(db, sql: "SELECT COALESCE(SUM(total_base_minor), 0) FROM invoices WHERE issue_date > ? AND issue_date <= ?",
                                           arguments: [asOf.adding(days: -days).iso, asOf.iso]) ?? 0
            let dsoTenths: JSONValue = sales > 0
                ? Int64(exactly: Rounding.divide(Int128(ar) * Int128(days) * 10, by: Int128(sales))).map { .number(Money.format(minor: $0, exponent: 1)) } ?? .null
                : .null
            return .object(JSONObject([
                ("as_of", .string(asOf.iso)), ("days", .int(days)), ("currency", .string(base.code)),
                ("receivables", .string(Money(minor: ar, currency: base).decimalString)),
                ("credit_sales", .string(Money(minor: sales, currency: base).decimalString)), ("dso", dsoTenths),
            ]))
        }
    }

    /// `report trial-balance`: each account's balance on the debit or credit side, from the journal.
    public func trialBalance() throws(LedgerError) -> JSONValue {
        try read { db in
            let base = try Ledger.baseCurrency(db)
            var totalDebit: Int64 = 0, totalCredit: Int64 = 0
            var accounts: [JSONValue] = []
            for r in try Row.fetchAll(db, sql: """
                SELECT a.code, a.name, COALESCE(SUM(l.debit_minor), 0) AS d, COALESCE(SUM(l.credit_minor), 0) AS c
                FROM accounts a LEFT JOIN journal_lines l ON l.account = a.code GROUP BY a.code ORDER BY a.code
                """) {
                let net = (r["d"] as Int64) - (r["c"] as Int64)
                let debit = max(net, 0), credit = max(-net, 0)
                totalDebit += debit
                totalCredit += credit
                accounts.append(["account": .string(r["code"]), "name": .string(r["name"]),
                                 "debit": .string(Money(minor: debit, currency: base).decimalString),
                                 "credit": .string(Money(minor: credit, currency: base).decimalString)])
            }
            return .object(JSONObject([
                ("balanced", .bool(totalDebit == totalCredit)), ("currency", .string(base.code)),
                ("total_debit", .string(Money(minor: totalDebit, currency: base).decimalString)),
                ("total_credit", .string(Money(minor: totalCredit, currency: base).decimalString)),
                ("accounts", .array(accounts)),
            ]))
        }
    }
}
