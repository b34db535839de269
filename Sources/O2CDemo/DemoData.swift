import O2CCore
import O2CLedger

/// Why the demo could not be generated. Any gate outcome other than `executed` during the demo
/// is a bug of the generator; the messages say which step and what the gate answered.
public struct DemoDataError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, one message per failed step (the first few).
    public let messages: [String]
    /// How many steps failed in all.
    public let failedSteps: Int

    public var description: String {
        "the demo generator hit \(failedSteps) problem(s): " + messages.joined(separator: " | ")
    }
}

/// The demo data set of `o2c init --demo` (SPEC §12): reference data and six months of history,
/// generated deterministically from a seed, entered through the gate.
public enum DemoData {
    /// The seed used when none is given.
    public static let defaultSeed: UInt64 = 42

    /// The actor every demo action is submitted as.
    public static let actor = Actor(kind: .system, name: "demo")

    /// The built-in policy the history is loaded under, as a data migration would be: no rule
    /// files, the standard role permissions, the workflow (`system`) allowed. Pass it to
    /// `Ledger.create` for a ledger that `populate` fills.
    public static var policy: GuardrailPolicy { GuardrailSet.empty.policy() }

    /// The first business date of the history (about 180 days before `asOf`). Create the
    /// ledger with `ManualClock(date: DemoData.historyStart(asOf:))` so that no record of the
    /// demo is dated before the company and its reference data.
    public static func historyStart(asOf: BusinessDate) -> BusinessDate {
        asOf.adding(days: -DemoPlan.historyDays - 1)
    }

    /// Reference data generated deterministically from the seed: 3 currencies with weekly rates,
    /// 3 tax regions, 56 customers (C-001 "Acme Corp" among them), 200 products (WID-100 among
    /// them), stock in 2 warehouses sized for the history plus a few hundred more orders (except
    /// GAD-104, SNS-106 and VLV-112, deliberately short), 3 carriers (DHL flagged delayed).
    public static func masterData(seed: UInt64, asOf: BusinessDate) -> MasterData {
        DemoPlan(seed: seed, asOf: asOf).master
    }

    /// Creates the history through the gate only (`ledger.submit` as `system:demo`), moving
    /// `clock` (the ManualClock the ledger was created with) through the business dates of the
    /// ~180 days up to `asOf`, where it is left. Loads `masterData(seed:asOf:)` first when the
    /// ledger has no customer C-001 yet. The ledger must have base currency USD and no orders yet;
    /// whatever its policy, the history goes through the gate under `DemoData.policy`.
    ///
    /// Throws `DemoDataError` when any action is not executed, `LedgerError` when storage fails.
    public static func populate(_ ledger: Ledger, clock: ManualClock, seed: UInt64, asOf: BusinessDate) throws -> DemoSummary {
        guard (ledger.clock as? ManualClock) === clock else {
            throw DemoDataError(messages: ["the ledger must be created with the ManualClock given to populate, so the demo can move its time"], failedSteps: 1)
        }
        let base = try ledger.baseCurrency()
        guard base.code == "USD" else {
            throw DemoDataError(messages: ["the demo company keeps its books in USD, but this ledger's base currency is \(base.code)"], failedSteps: 1)
        }
        guard try ledger.orders(ListFilter(limit: 1)).isEmpty else {
            throw DemoDataError(messages: ["the ledger already has orders; the demo history goes into a new ledger (o2c init --demo with a new --db)"], failedSteps: 1)
        }
        let plan = DemoPlan(seed: seed, asOf: asOf)
        let ledger = ledger.with(policy: policy)
        if try ledger.customerFacts("C-001") == nil {
            if clock.today() > plan.start { clock.set(date: historyStart(asOf: asOf)) }
            try ledger.setUp(plan.master, actor: actor)
        }
        let runner = DemoRunner(ledger: ledger, clock: clock, plan: plan, seed: seed)
        try runner.run()
        if !runner.problems.isEmpty {
            throw DemoDataError(messages: Array(runner.problems.prefix(20)), failedSteps: runner.problems.count)
        }
        return try DemoSummary.make(ledger: ledger, plan: plan, seed: seed, heldCustomer: runner.heldCustomer, actions: runner.actionCounts)
    }
}

/// Plays a demo plan through the gate in date order.
final class DemoRunner {
    enum Step {
        case create(Int), discount(Int), substitute(Int), reserve(Int), cancel(Int), ship(Int), invoice(Int)
        case pay(Int), dispute(Int), notice(Int), cutLimit, tightOrder, hold
    }

    struct Event {
        let date: BusinessDate
        let seq: Int
        let step: Step
    }

    let ledger: Ledger
    let clock: ManualClock
    let plan: DemoPlan
    let seed: UInt64
    var problems: [String] = []
    var heldCustomer = ""
    var actionCounts: [(String, Int)] = []
    private var counts: [ActionName: Int] = [:]
    private var orderID: [String?]
    private var invoiceID: [String?]
    private var invoiceTotal: [Int64]
    private var paymentSerial = 0
    private var currentDay: BusinessDate?
    private var secondsIntoDay = 0
    private var timeRNG: DemoRandom

    init(ledger: Ledger, clock: ManualClock, plan: DemoPlan, seed: UInt64) {
        self.ledger = ledger
        self.clock = clock
        self.plan = plan
        self.seed = seed
        orderID = Array(repeating: nil, count: plan.orders.count)
        invoiceID = Array(repeating: nil, count: plan.orders.count)
        invoiceTotal = Array(repeating: 0, count: plan.orders.count)
        timeRNG = DemoRandom(seed: seed, stream: "clock")
    }

    /// The timeline, sorted by date; same-day events keep the order they were planned in.
    func timeline() -> [Event] {
        var events: [Event] = []
        func add(_ date: BusinessDate, _ step: Step) { events.append(Event(date: date, seq: events.count, step: step)) }
        for (k, o) in plan.orders.enumerated() {
            add(o.date, .create(k))
            if o.discountE2 != nil { add(o.date, .discount(k)) }
            if o.substitution != nil { add(o.date, .substitute(k)) }
            if let d = o.reserveDate { add(d, .reserve(k)) }
            if let c = o.cancel { add(c.date, .cancel(k)) }
            if let d = o.shipDate { add(d, .ship(k)) }
            if let d = o.invoiceDate { add(d, .invoice(k)) }
        }
        for (k, p) in plan.payments.enumerated() { add(p.date, .pay(k)) }
        for (k, o) in plan.orders.enumerated() { if let d = o.dispute { add(d.date, .dispute(k)) } }
        for (k, n) in plan.notices.enumerated() { add(n.date, .notice(k)) }
        add(plan.asOf, .cutLimit)
        add(plan.asOf, .tightOrder)
        add(plan.asOf, .hold)
        return events.sorted { ($0.date, $0.seq) < ($1.date, $1.seq) }
    }

    func run() throws {
        for e in timeline() {
            move(to: e.date)
            try perform(e.step)
        }
        if clock.today() != plan.asOf { clock.set(date: plan.asOf) }
        actionCounts = counts.map { ($0.key.rawValue, $0.value) }.sorted { $0.0 < $1.0 }
    }

    /// Business hours: the first event of a day happens at 08:00 UTC, later ones a few minutes apart.
    private func move(to date: BusinessDate) {
        if currentDay != date {
            clock.set(date: date)
            clock.advance(seconds: -4 * 3600)
            currentDay = date
            secondsIntoDay = 8 * 3600
        }
        let step = timeRNG.int(20...240)
        if secondsIntoDay + step < 22 * 3600 {
            clock.advance(seconds: step)
            secondsIntoDay += step
        }
    }

    @discardableResult
    private func submit(_ action: ActionName, _ args: JSONValue, _ what: String) throws -> ActionResult? {
        counts[action, default: 0] += 1
        let outcome = try ledger.submit(ActionRequest(action: action, args: args, actor: DemoData.actor))
        guard case .executed(let result) = outcome else {
            problems.append("\(what) on \(clock.today().iso): \(action.rawValue) was \(outcome.name): \(outcome.messages.joined(separator: "; "))")
            return nil
        }
        return result
    }

    private func order(_ k: Int, _ what: String) -> String? {
        if let id = orderID[k] { return id }
        problems.append("\(what) of planned order #\(k) skipped: the order was not created")
        return nil
    }

    private func invoice(_ k: Int, _ what: String) -> String? {
        if let id = invoiceID[k] { return id }
        problems.append("\(what) of planned order #\(k) skipped: it has no invoice")
        return nil
    }

    private func money(_ minor: Int64) -> JSONValue { .string(Money.format(minor: minor, exponent: 2)) }

    private func perform(_ step: Step) throws {
        switch step {
        case .create(let k):
            let o = plan.orders[k]
            guard let r = try createOrder(o, "order #\(k)") else { return }
            orderID[k] = r.id
            if r.extra["status"]?.stringValue != "approved" {
                problems.append("order #\(k) (\(r.id)) was not confirmed: \(r.summary)")
            }
        case .discount(let k):
            let o = plan.orders[k]
            guard let id = order(k, "discount"), let pct = o.discountE2 else { return }
            try submit(.applyDiscount, ["order_id": .string(id), "discount_percent": .number(Money.format(minor: pct, exponent: 2)),
                                        "reason": .string(o.discountReason)], "discount on \(id)")
        case .substitute(let k):
            guard let id = order(k, "substitution"), let s = plan.orders[k].substitution else { return }
            try submit(.substituteLine, ["order_id": .string(id), "sku": .string(s.sku), "new_sku": .string(s.newSKU),
                                         "reason": .string("\(s.sku) is out of stock; the customer accepted \(s.newSKU)")], "substitution on \(id)")
        case .reserve(let k):
            guard let id = order(k, "reservation") else { return }
            try submit(.reserveStock, ["order_id": .string(id)], "reservation of \(id)")
        case .cancel(let k):
            guard let id = order(k, "cancellation"), let c = plan.orders[k].cancel else { return }
            try submit(.cancelOrder, ["order_id": .string(id), "reason": .string(c.reason)], "cancellation of \(id)")
        case .ship(let k):
            guard let id = order(k, "shipment") else { return }
            let o = plan.orders[k]
            try submit(.shipOrder, ["order_id": .string(id), "carrier": .string(o.carrier), "tracking_ref": .string(o.trackingRef)], "shipment of \(id)")
        case .invoice(let k):
            guard let id = order(k, "invoice") else { return }
            guard let r = try submit(.issueInvoice, ["order_id": .string(id)], "invoice of \(id)") else { return }
            invoiceID[k] = r.id
            guard let total = r.extra["total"]?.stringValue, let minor = try? Money.parseMinor(total, exponent: 2) else {
                problems.append("invoice \(r.id) of \(id) came back without a total")
                return
            }
            invoiceTotal[k] = minor
            try submit(.sendInvoice, ["invoice_id": .string(r.id)], "sending of \(r.id)")
        case .pay(let p):
            try pay(plan.payments[p])
        case .dispute(let k):
            guard let id = invoice(k, "dispute"), let d = plan.orders[k].dispute else { return }
            try submit(.markDisputed, ["invoice_id": .string(id), "reason": .string(d.reason)], "dispute of \(id)")
        case .notice(let n):
            let notice = plan.notices[n]
            var ids: [String] = []
            for k in notice.orders { if let id = invoice(k, "dunning notice") { ids.append(id) } }
            guard !ids.isEmpty else { return }
            let customer = plan.master.customers[notice.customer]
            let list = ids.joined(separator: ", ")
            let subject = ["Reminder: invoice \(list) is overdue", "Second reminder: invoice \(list) is still unpaid",
                           "Final notice before collection: invoice \(list)"][notice.level - 1]
            let body = "Dear \(customer.name) accounts team,\n\nour records show invoice \(list) as unpaid past its due date. "
                + "Please arrange payment or tell us if anything is wrong with it.\n\nKind regards,\nAccounts Receivable"
            try submit(.sendDunningNotice, ["customer_id": .string(customer.id), "invoice_ids": .array(ids.map { .string($0) }),
                                            "level": .int(notice.level), "subject": .string(subject), "body": .string(body)],
                       "level-\(notice.level) dunning of \(customer.id)")
        case .cutLimit:
            let id = plan.master.customers[plan.tightCustomer].id
            guard let facts = try ledger.customerFacts(id) else {
                problems.append("customer \(id) is missing")
                return
            }
            let limit = (facts.exposure.minor + 100_000) / 100_000 * 100_000 + 100_000
            try submit(.setCreditLimit, ["customer_id": .string(id), "credit_limit": money(limit),
                                         "reason": .string("payment behaviour reviewed: limit reduced to the current exposure plus a small margin")],
                       "credit limit of \(id)")
        case .tightOrder:
            guard let o = plan.tightOrder, let r = try createOrder(o, "credit-hold order") else { return }
            if r.extra["status"]?.stringValue != "credit_hold" {
                problems.append("order \(r.id) for \(plan.master.customers[o.customer].id) was meant to land on credit hold: \(r.summary)")
            }
        case .hold:
            // The customer with the most money overdue, among those more than 90 days late when there are any.
            var worst: (id: String, amount: Int64, days: Int)?
            for (c, customer) in plan.master.customers.enumerated() where c != 0 && c != plan.tightCustomer {
                guard let f = try ledger.customerFacts(customer.id), f.maxDaysOverdue > 0, !f.onHold else { continue }
                let candidate = (id: customer.id, amount: f.overdueAmount.minor, days: f.maxDaysOverdue)
                guard let current = worst else {
                    worst = candidate
                    continue
                }
                if (candidate.days > 90 ? 1 : 0, candidate.amount) > (current.days > 90 ? 1 : 0, current.amount) { worst = candidate }
            }
            guard let worst else {
                problems.append("no customer is more than 90 days overdue to put on credit hold")
                return
            }
            heldCustomer = worst.id
            try submit(.placeCreditHold, ["customer_id": .string(worst.id),
                                          "reason": .string("\(money(worst.amount).stringValue ?? "") USD overdue, oldest invoice \(worst.days) days past due; on hold until a payment plan is agreed")],
                       "credit hold of \(worst.id)")
        }
    }

    private func createOrder(_ o: DemoPlan.Order, _ what: String) throws -> ActionResult? {
        let customer = plan.master.customers[o.customer]
        let lines: [JSONValue] = o.lines.map { l in
            var line = JSONObject([("sku", .string(l.sku)), ("quantity", .int(l.quantity))])
            if let p = l.unitPriceMinor { line["unit_price"] = money(p) }
            return .object(line)
        }
        return try submit(.createOrder, ["customer_id": .string(customer.id), "lines": .array(lines),
                                         "requested_date": .string(o.requestedDate.iso), "external_ref": .string(o.externalRef)], what)
    }

    private func pay(_ p: DemoPlan.Payment) throws {
        var allocations: [(String, Int64)] = []
        for (k, share) in zip(p.orders, p.shares) {
            guard let id = invoice(k, "payment") else { return }
            let total = invoiceTotal[k]
            let amount: Int64
            switch share {
            case .full: amount = total
            case .percent(let pct): amount = max(1, total * pct / 100)
            case .lessFee(let fee): amount = total > fee * 3 ? total - fee : max(1, total / 2)
            }
            allocations.append((id, amount))
        }
        guard let first = p.orders.first else { return }
        let o = plan.orders[first]
        let customer = plan.master.customers[o.customer]
        let amount = allocations.reduce(Int64(0)) { $0 + $1.1 } + p.extraMinor
        let ids = allocations.map(\.0)
        let refs = p.orders.map { plan.orders[$0].externalRef }
        let reference: String?
        if p.applied {
            switch p.style {
            case 0: reference = ids.joined(separator: " ")
            case 1: reference = (ids.count > 1 ? "Invoices " : "Invoice ") + ids.joined(separator: ", ")
            case 2: reference = "\(ids.joined(separator: ", ")) / \(refs.joined(separator: ", "))"
            case 3: reference = "Payment for \(refs.joined(separator: ", "))"
            case 4: reference = nil
            default: reference = "inv \(ids.joined(separator: " + ")) thank you"
            }
        } else {
            switch p.style {
            case 0: reference = ids.joined(separator: " ")
            case 1: reference = nil
            case 2: reference = "Payment \(monthName(p.date)) deliveries"
            default:
                let digits = ids.map { $0.replacingOccurrences(of: "INV-", with: "") }.joined(separator: " ")
                reference = customer.currency == "EUR" ? "Rechnung Nr \(digits)" : "Inv no \(digits)"
            }
        }
        paymentSerial += 1
        let c = p.date.components
        let serial = String(paymentSerial)
        let paymentRef = "BNK-\(c.year)\(c.month < 10 ? "0" : "")\(c.month)\(c.day < 10 ? "0" : "")\(c.day)-" + String(repeating: "0", count: max(0, 5 - serial.count)) + serial
        var args = JSONObject([
            ("amount", money(amount)), ("currency", .string(customer.currency)), ("date", .string(p.date.iso)),
            ("payer_name", .string(payerName(customer.name, style: p.payerStyle))), ("payer_account", .string(account(o.customer))),
            ("payment_ref", .string(paymentRef)),
        ])
        if let reference { args["reference"] = .string(reference) }
        guard let r = try submit(.recordPayment, .object(args), "payment \(paymentRef) from \(customer.id)"), p.applied else { return }
        try submit(.applyPayment, ["payment_id": .string(r.id),
                                   "allocations": .array(allocations.map { ["invoice_id": .string($0.0), "amount": money($0.1)] })],
                   "application of \(r.id) to \(ids.joined(separator: ", "))")
    }

    private func monthName(_ d: BusinessDate) -> String {
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"][d.components.month - 1]
    }

    private func payerName(_ name: String, style: Int) -> String {
        switch style {
        case 1: return name.uppercased()
        case 2:
            let words = name.split(separator: " ")
            let legal: Set<String> = ["GmbH", "AG", "KG", "Ltd", "plc", "LLC", "Inc.", "Co."]
            if words.count > 1, let last = words.last, legal.contains(String(last)) { return words.dropLast().joined(separator: " ") }
            return name
        default: return name
        }
    }

    /// The customer's bank account as its bank reports it: an IBAN for EUR and GBP payers.
    private func account(_ c: Int) -> String {
        var rng = DemoRandom(seed: seed, stream: "account-\(c)")
        func digits(_ n: Int) -> String { String((0..<n).map { _ in Character(String(rng.int(0...9))) }) }
        switch plan.master.customers[c].currency {
        case "EUR": return Self.iban("DE", digits(8) + digits(10))
        case "GBP": return Self.iban("GB", "NWBK" + digits(6) + digits(8))
        default: return "ACH \(digits(9)) \(digits(10))"
        }
    }

    /// An IBAN with correct check digits (ISO 13616, mod 97).
    static func iban(_ country: String, _ bban: String) -> String {
        var remainder = 0
        for ch in (bban + country + "00").unicodeScalars {
            let v = ch.properties.numericType != nil ? Int(ch.value) - 48 : Int(ch.value) - 55
            for d in String(v).utf8 { remainder = (remainder * 10 + Int(d) - 48) % 97 }
        }
        let check = 98 - remainder
        return country + (check < 10 ? "0" : "") + String(check) + bban
    }
}
