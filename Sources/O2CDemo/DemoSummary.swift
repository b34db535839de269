import O2CCore
import O2CLedger

/// What the demo generator put in the ledger, read back from the ledger itself.
public struct DemoSummary: Sendable {
    /// Customers in the ledger.
    public var customers: Int
    /// Products in the ledger.
    public var products: Int
    /// Orders in the ledger.
    public var orders: Int
    /// Invoices in the ledger.
    public var invoices: Int
    /// Payments recorded.
    public var payments: Int
    /// Actions the demo submitted through the gate (all executed).
    public var actions: Int
    /// Every count, by kind and status (`{seed, as_of, customers, orders, orders_by_status, aging, ...}`).
    public var json: JSONValue
    /// A few lines for people.
    public var lines: [String]

    static func make(ledger: Ledger, plan: DemoPlan, seed: UInt64, heldCustomer: String, actions: [(String, Int)]) throws -> DemoSummary {
        let all = ListFilter(limit: 1_000_000)
        let customers = try ledger.customers(all)
        let products = try ledger.products()
        let orders = try ledger.orders(all)
        let invoices = try ledger.invoices(all)
        let payments = try ledger.payments(all)

        func tally(_ values: [String]) -> [(String, Int)] {
            var t: [String: Int] = [:]
            for v in values { t[v, default: 0] += 1 }
            return t.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        }
        func object(_ pairs: [(String, Int)]) -> JSONValue { .object(JSONObject(pairs.map { ($0.0, .int($0.1)) })) }
        func minor(_ v: String?) -> Int64 { v.flatMap { try? Money.parseMinor($0, exponent: 2) } ?? 0 }

        let bucketNames = ["current", "1-30", "31-60", "61-90", "91-120", "over_120"]
        var buckets = Array(repeating: 0, count: bucketNames.count)
        var openByCurrency: [String: Int64] = [:]
        var open = 0, overdue = 0, disputed = 0
        for i in invoices {
            if i.disputed { disputed += 1 }
            let amount = minor(i.openAmount)
            guard amount > 0 else { continue }
            open += 1
            openByCurrency[i.currency, default: 0] += amount
            let days = Int(i.daysOverdue)
            if days > 0 { overdue += 1 }
            let b = days <= 0 ? 0 : (days <= 30 ? 1 : (days <= 60 ? 2 : (days <= 90 ? 3 : (days <= 120 ? 4 : 5))))
            buckets[b] += 1
        }
        let unapplied = payments.filter { minor($0.unappliedAmount) > 0 }.count
        let onHold = customers.filter(\.onHold).map(\.id)
        let byCurrency = tally(customers.map(\.currency))
        let orderStatus = tally(orders.map(\.status))
        let invoiceStatus = tally(invoices.map(\.status))
        let totalActions = actions.reduce(0) { $0 + $1.1 }
        let openAR = openByCurrency.sorted { $0.key < $1.key }.map { ($0.key, Money.format(minor: $0.value, exponent: 2)) }
        let tight = plan.master.customers[plan.tightCustomer].id
        let held = heldCustomer
        let short = DemoPlan.shortSKUs

        let json: JSONValue = .object(JSONObject([
            ("seed", .number(String(seed))), ("as_of", .string(plan.asOf.iso)), ("history_start", .string(plan.start.iso)),
            ("base_currency", "USD"),
            ("customers", .int(customers.count)), ("customers_by_currency", object(byCurrency)),
            ("customers_on_hold", .array(onHold.map { .string($0) })),
            ("sales_reps", .array(DemoCatalog.reps.map { .string($0) })),
            ("products", .int(products.count)), ("short_skus", .array(short.map { .string($0) })),
            ("warehouses", .int(plan.master.warehouses.count)), ("carriers", .int(plan.master.carriers.count)),
            ("delayed_carriers", .array(plan.master.carriers.filter(\.delayed).map { .string($0.code) })),
            ("exchange_rates", .int(plan.master.currencies.reduce(0) { $0 + $1.rates.count })),
            ("orders", .int(orders.count)), ("orders_by_status", object(orderStatus)),
            ("invoices", .int(invoices.count)), ("invoices_by_status", object(invoiceStatus)),
            ("invoices_open", .int(open)), ("invoices_overdue", .int(overdue)), ("invoices_disputed", .int(disputed)),
            ("aging", object(Array(zip(bucketNames, buckets)))),
            ("open_receivables", .object(JSONObject(openAR.map { ($0.0, .string($0.1)) }))),
            ("payments", .int(payments.count)), ("payments_with_unapplied_cash", .int(unapplied)),
            ("actions", .int(totalActions)), ("actions_by_type", object(actions)),
            ("examples", .object(JSONObject([
                ("customer", "C-001"), ("product", "WID-100"), ("credit_hold_customer", .string(held)),
                ("credit_limit_cut_customer", .string(tight)),
            ]))),
        ]))

        func list(_ pairs: [(String, Int)]) -> String { pairs.map { "\($0.1) \($0.0)" }.joined(separator: ", ") }
        let agingText: String = zip(bucketNames, buckets).map { "\($0.0) \($0.1)" }.joined(separator: ", ")
        let arText: String = openAR.map { "\($0.1) \($0.0)" }.joined(separator: ", ")
        let reps: String = DemoCatalog.reps.joined(separator: ", ")
        let shortText: String = short.joined(separator: ", ")
        var lines: [String] = []
        lines.append("Demo ledger as of \(plan.asOf.iso) (seed \(seed)), history from \(plan.start.iso); \(totalActions) actions through the gate.")
        lines.append("\(customers.count) customers (\(list(byCurrency))) owned by \(reps); C-001 Acme Corp is in good standing.")
        lines.append("\(products.count) products in \(DemoCatalog.families.count) families, stock in \(plan.master.warehouses.count) warehouses; WID-100 well stocked; \(shortText) short (alternatives in stock).")
        lines.append("\(orders.count) orders: \(list(orderStatus)).")
        lines.append("\(invoices.count) invoices: \(open) open (\(overdue) overdue, \(disputed) disputed); aging \(agingText).")
        lines.append("Open receivables: \(arText).")
        lines.append("\(payments.count) payments recorded, \(unapplied) with unapplied cash waiting for cash application.")
        lines.append("Credit: \(held) on credit hold; \(tight)'s limit was cut and its newest order waits on credit hold; carrier DHL is flagged delayed.")
        return DemoSummary(customers: customers.count, products: products.count, orders: orders.count, invoices: invoices.count,
                           payments: payments.count, actions: totalActions, json: json, lines: lines)
    }
}
