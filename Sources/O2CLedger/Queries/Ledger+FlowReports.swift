import GRDB
import O2CCore

extension Ledger {
    /// The stages `report cycle` measures.
    public static let cycleStages = ["order_to_invoice", "invoice_to_paid", "order_to_paid"]

    /// `report cycle`: median and 90th percentile of whole days per stage, over the invoices
    /// issued in `[from, asOf]` (all when `from` is nil): order date → invoice issue date for every
    /// invoice; invoice → paid and order → paid for invoices paid in full, paid on the date of
    /// the last allocation that is not reversed. Percentiles are nearest-rank.
    public func cycleReport(from: BusinessDate? = nil, asOf: BusinessDate? = nil) throws(LedgerError) -> JSONValue {
        let asOf = asOf ?? clock.today()
        return try read { db in
            var days: [[Int]] = [[], [], []]
            for r in try Row.fetchAll(db, sql: """
                SELECT o.order_date, i.issue_date,
                  CASE WHEN i.paid_minor = i.total_minor AND i.total_minor > 0 THEN
                    (SELECT MAX(a.applied_date) FROM allocations a WHERE a.invoice_id = i.id AND a.reversed = 0) END AS paid_date
                FROM invoices i JOIN orders o ON o.id = i.order_id WHERE i.issue_date >= ? AND i.issue_date <= ?
                """, arguments: [from?.iso ?? "0000-00-00", asOf.iso]) {
                guard let ordered = BusinessDate(iso: r[0]), let issued = BusinessDate(iso: r[1]) else { continue }
                days[0].append(issued.days(since: ordered))
                if let paid = (r[2] as String?).flatMap(BusinessDate.init(iso:)) {
                    days[1].append(paid.days(since: issued))
                    days[2].append(paid.days(since: ordered))
                }
            }
            return .object(JSONObject([
                ("as_of", .string(asOf.iso)), ("from", from.map { .string($0.iso) } ?? .null),
                ("stages", .array(zip(Ledger.cycleStages, days).map { name, d in
                    let s = d.sorted()
                    return .object(JSONObject([("stage", .string(name)), ("count", .int(s.count)),
                                               ("median_days", Ledger.percentile(s, 50).map { .int($0) } ?? .null),
                                               ("p90_days", Ledger.percentile(s, 90).map { .int($0) } ?? .null)]))
                })),
            ]))
        }
    }

    /// `report revenue`: per calendar month of the journal, revenue in base currency as the
    /// journal has it (credits minus debits on account 4000: invoices less credit notes), and per
    /// document currency the net invoiced and the net credited (credit notes less their tax).
    public func revenueReport(from: BusinessDate? = nil, asOf: BusinessDate? = nil) throws(LedgerError) -> JSONValue {
        let asOf = asOf ?? clock.today()
        return try read { db in
            let base = try Ledger.baseCurrency(db)
            let from = from?.iso ?? "0000-00-00"
            var months: [String: (base: Int64, byCurrency: [String: (invoiced: Int64, credited: Int64)])] = [:]
            for r in try Row.fetchAll(db, sql: """
                SELECT substr(e.entry_date, 1, 7), COALESCE(SUM(l.credit_minor - l.debit_minor), 0) FROM journal_entries e
                JOIN journal_lines l ON l.entry_id = e.id WHERE l.account = ? AND e.entry_date >= ? AND e.entry_date <= ? GROUP BY 1
                """, arguments: [Account.revenue.rawValue, from, asOf.iso]) {
                months[r[0], default: (0, [:])].base = r[1]
            }
            for r in try Row.fetchAll(db, sql: """
                SELECT substr(issue_date, 1, 7), currency, SUM(net_minor), 0 FROM invoices WHERE issue_date >= ?1 AND issue_date <= ?2 GROUP BY 1, 2
                UNION ALL
                SELECT substr(c.issue_date, 1, 7), i.currency, 0, SUM(c.amount_minor - c.tax_minor) FROM credit_notes c
                JOIN invoices i ON i.id = c.invoice_id WHERE c.issue_date >= ?1 AND c.issue_date <= ?2 GROUP BY 1, 2
                """, arguments: [from, asOf.iso]) {
                let month: String = r[0], currency: String = r[1], invoiced: Int64 = r[2], credited: Int64 = r[3]
                var m = months[month, default: (0, [:])]
                m.byCurrency[currency, default: (0, 0)].invoiced += invoiced
                m.byCurrency[currency, default: (0, 0)].credited += credited
                months[month] = m
            }
            let exponents = Dictionary(try Row.fetchAll(db, sql: "SELECT code, exponent FROM currencies").map { ($0[0] as String, $0[1] as Int) },
                                       uniquingKeysWith: { a, _ in a })
            func fmt(_ v: Int64, _ code: String) -> JSONValue { .string(Money.format(minor: v, exponent: exponents[code] ?? 2)) }
            return .object(JSONObject([
                ("as_of", .string(asOf.iso)), ("base_currency", .string(base.code)),
                ("months", .array(months.keys.sorted().map { month in
                    let m = months[month] ?? (0, [:])
                    return .object(JSONObject([
                        ("month", .string(month)), ("revenue_base", fmt(m.base, base.code)),
                        ("currencies", .array(m.byCurrency.keys.sorted().map { code in
                            let c = m.byCurrency[code] ?? (0, 0)
                            return .object(JSONObject([("currency", .string(code)), ("invoiced_net", fmt(c.invoiced, code)),
                                                       ("credited_net", fmt(c.credited, code)), ("revenue", fmt(c.invoiced - c.credited, code))]))
                        })),
                    ]))
                })),
            ]))
        }
    }

    /// `report forecast`: expected collections per week for the next `weeks` weeks, in base
    /// currency, from the open amounts of open invoices. Each invoice is expected on its due date
    /// plus its customer's median lateness (payment date − due date, negative when early) over
    /// the customer's invoices paid in full; a customer with none takes the company's median, and
    /// a company with none 0. An invoice whose expected date has passed is expected in the first
    /// week. Disputed invoices are not forecast: their open amount is reported apart. Week k
    /// covers `asOf + 7k ... asOf + 7k + 6`; what falls after the last week is `later`.
    public func forecastReport(weeks: Int = 13, asOf: BusinessDate? = nil) throws(LedgerError) -> JSONValue {
        let asOf = asOf ?? clock.today()
        return try read { db in
            let base = try Ledger.baseCurrency(db)
            var lateness: [String: [Int]] = [:]
            for r in try Row.fetchAll(db, sql: """
                SELECT i.customer_id, i.due_date, MAX(a.applied_date) FROM invoices i JOIN allocations a ON a.invoice_id = i.id AND a.reversed = 0
                WHERE i.paid_minor = i.total_minor AND i.total_minor > 0 AND i.issue_date <= ?1 GROUP BY i.id HAVING MAX(a.applied_date) <= ?1
                """, arguments: [asOf.iso]) {
                guard let due = BusinessDate(iso: r[1]), let paid = BusinessDate(iso: r[2]) else { continue }
                lateness[r[0], default: []].append(paid.days(since: due))
            }
            let companyLateness = Ledger.percentile(lateness.values.flatMap { $0 }.sorted(), 50) ?? 0
            var buckets = Array(repeating: Int64(0), count: weeks + 1)
            var counts = Array(repeating: 0, count: weeks + 1)
            var disputed: Int64 = 0, disputedCount = 0
            var basis: [String: Int] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT customer_id, due_date, open_base_minor, disputed FROM invoices WHERE open_minor > 0") {
                let customer: String = r[0], amount: Int64 = r[2]
                if r[3] as Bool { disputed += amount; disputedCount += 1; continue }
                let late = basis[customer] ?? lateness[customer].flatMap { Ledger.percentile($0.sorted(), 50) } ?? companyLateness
                basis[customer] = late
                let expected = (BusinessDate(iso: r[1]) ?? asOf).adding(days: late)
                let week = min(max(expected.days(since: asOf), 0) / 7, weeks)
                buckets[week] += amount
                counts[week] += 1
            }
            func fmt(_ v: Int64) -> JSONValue { .string(Money(minor: v, currency: base).decimalString) }
            return .object(JSONObject([
                ("as_of", .string(asOf.iso)), ("currency", .string(base.code)), ("company_median_lateness_days", .int(companyLateness)),
                ("weeks", .array((0..<weeks).map { k in
                    .object(JSONObject([("week", .int(k + 1)), ("from", .string(asOf.adding(days: 7 * k).iso)),
                                        ("to", .string(asOf.adding(days: 7 * k + 6).iso)), ("invoices", .int(counts[k])), ("expected", fmt(buckets[k]))]))
                })),
                ("later", fmt(buckets[weeks])), ("later_invoices", .int(counts[weeks])),
                ("disputed", fmt(disputed)), ("disputed_invoices", .int(disputedCount)),
                ("total", fmt(buckets.reduce(0, +) + disputed)),
            ]))
        }
    }

    /// The nearest-rank `p`th percentile of ascending `sorted`, nil when empty.
    static func percentile(_ sorted: [Int], _ p: Int) -> Int? {
        guard !sorted.isEmpty else { return nil }
        let rank = (p * sorted.count + 99) / 100
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}
