import Foundation
import O2CCore
import O2CDocuments
import O2CLedger

/// `o2c demo`: a morning of work on a demo ledger. The sales reps enter orders through the gate
/// (one over its customer's credit, one with a line short of stock), the preferred carrier is
/// flagged delayed, the bank's statement of the night is imported (`DemoBankFile`), and the
/// worker runs until no job is left; the report says what happened at each stage and what waits
/// for people. It reads what it needs from the ledger (customers,
/// reps, prices, stock), so it works on any ledger with sales reps among its users.
public struct DemoDay: Sendable {
    /// The ledger, behind the guardrails.
    public let ledger: Ledger
    /// The worker.
    public let worker: Worker
    /// How many routine orders to enter besides the two exceptions.
    public let routineOrders: Int
    /// How many payments the bank file holds (0: no bank file).
    public let bankPayments: Int

    /// The dunning levels: after the orders, a dunning run as of today (none: no run).
    public let dunning: DunningLevels?
    /// Whether the dunning run hands overdue invoices to the collections agent (a model is configured).
    public let dunningViaAgents: Bool
    /// Where the e-mail goes (for the summary), without secrets.
    public let mailDestination: String?

    /// A demo day.
    public init(ledger: Ledger, worker: Worker, routineOrders: Int = 6, bankPayments: Int = 25, dunning: DunningLevels? = nil,
                dunningViaAgents: Bool = false, mailDestination: String? = nil) {
        self.ledger = ledger
        self.worker = worker
        self.routineOrders = routineOrders
        self.bankPayments = bankPayments
        self.dunning = dunning
        self.dunningViaAgents = dunningViaAgents
        self.mailDestination = mailDestination
    }

    /// What was entered, and what the day came to.
    public struct Report: Sendable {
        /// Lines for people, stage by stage.
        public var lines: [String]
        /// Commands that carry the day's exceptions on (a person releasing the credit hold).
        public var nextSteps: [String]
        /// The same as data: orders, events per type, jobs, the new approval requests.
        public var json: JSONValue
    }

    private struct Customer {
        let id: String
        let currency: String
        let owner: String
        let availableMinor: Int64
    }

    private struct Product {
        let sku: String
        let priceMinor: Int64
        let available: Int64
        let alternatives: [String]
    }

    /// Runs the morning and reports.
    public func run() async throws -> Report {
        let ledger = self.ledger
        try await worker.start()
        let firstEvent = try ledger.lastEventID()
        let pendingBefore = Set(try ledger.approvalRequests(status: "pending").compactMap { $0["id"]?.stringValue })
        var notes: [String] = []

        // The preferred carrier is delayed this morning.
        let carriers = try ledger.carriers()
        if let preferred = carriers.first, let code = preferred["carrier"]?.stringValue {
            if preferred["delayed"]?.boolValue != true {
                try ledger.setCarrierStatus(code: code, delayed: true, actor: Actor(kind: .system, name: "demo"))
            }
            notes.append("Carrier \(code), the preferred one, is flagged delayed ('o2c carriers list').")
        }

        // Customers in good standing whose owner is a sales rep who can enter orders.
        let base = try ledger.baseCurrency()
        var customers: [Customer] = []
        for c in try ledger.customers() {
            let (id, owner, currency) = (c.id, c.owner, c.currency)
            guard let facts = try ledger.customerFacts(id), !facts.onHold, facts.maxDaysOverdue <= 30, facts.availableCredit.minor > 0,
                  try ledger.userRole(owner) == .salesRep
            else { continue }
            customers.append(Customer(id: id, currency: currency, owner: owner, availableMinor: facts.availableCredit.minor))
        }
        var entered: [(id: String, customer: String, rep: String, why: String)] = []
        var step = 0
        func enter(_ c: Customer, _ lines: [(String, Int64)], _ why: String) throws {
            step += 1
            let args: JSONValue = ["customer_id": .string(c.id),
                                   "lines": .array(lines.map { ["sku": .string($0.0), "quantity": .int($0.1)] }),
                                   "external_ref": .string("PO-DEMO-\(step)")]
            let key = "demo-day:\(ledger.clock.today().iso):\(step)"
            switch try ledger.submit(ActionRequest(action: .createOrder, args: args, actor: .user(c.owner), idempotencyKey: key)) {
            case .executed(let r): entered.append((r.id, c.id, c.owner, why))
            case .pendingApproval(let id, _): notes.append("An order for \(c.id) waits for approval as \(id).")
            case .denied(let rules): notes.append("An order for \(c.id) was denied: \(rules.map(\.message).joined(separator: "; "))")
            case .invalid(let m): notes.append("An order for \(c.id) was invalid: \(m.joined(separator: "; "))")
            }
        }
        func products(_ currency: String) throws -> [Product] {
            let exponent = (currency == base.code ? base : Currency.lookup(currency))?.exponent ?? 2
            return try ledger.products(currency: currency).compactMap { p in
                guard let sku = p["sku"]?.stringValue, let price = p["price"]?.stringValue,
                      let minor = try? Money.parseMinor(price, exponent: exponent), minor > 0 else { return nil }
                return Product(sku: sku, priceMinor: minor, available: Int64(p["available"]?.intValue ?? 0),
                               alternatives: (p["alternatives"]?.arrayValue ?? []).compactMap(\.stringValue))
            }
        }

        var used = Set<String>()
        // 1. An order over the customer's available credit (base currency, so no rate is needed).
        let baseCustomers = customers.filter { $0.currency == base.code }.sorted { $0.availableMinor < $1.availableMinor }
        let baseProducts = try products(base.code).filter { $0.available > 0 }.sorted { $0.priceMinor > $1.priceMinor }
        overLimit: for c in baseCustomers {
            for p in baseProducts {
                let quantity = c.availableMinor / p.priceMinor + 1
                if quantity <= p.available / 2 && quantity <= 10_000 {
                    try enter(c, [(p.sku, quantity)], "over its available credit")
                    used.insert(c.id)
                    break overLimit
                }
            }
        }
        // 2. An order with a line short of stock that has an in-stock alternative.
        shortLine: for c in customers where !used.contains(c.id) {
            let catalogue = try products(c.currency)
            let bySKU = Dictionary(catalogue.map { ($0.sku, $0) }, uniquingKeysWith: { a, _ in a })
            for p in catalogue.sorted(by: { $0.available < $1.available }) {
                let quantity = p.available + 4
                guard p.alternatives.contains(where: { (bySKU[$0]?.available ?? 0) >= quantity }),
                      p.priceMinor * quantity * 2 < c.availableMinor else { continue }
                try enter(c, [(p.sku, quantity)], "a line short of stock")
                used.insert(c.id)
                break shortLine
            }
        }
        // 3. Routine orders: a few units of well-stocked products.
        var routine = 0
        for c in customers where !used.contains(c.id) && routine < routineOrders {
            let stocked = try products(c.currency).filter { $0.available >= 50 }
            guard stocked.count >= 2 else { continue }
            let a = stocked[(routine * 7) % stocked.count], b = stocked[(routine * 7 + 3) % stocked.count]
            let lines = a.sku == b.sku ? [(a.sku, Int64(2 + routine % 4))] : [(a.sku, Int64(2 + routine % 4)), (b.sku, Int64(1 + routine % 3))]
            guard lines.reduce(Int64(0), { $0 + $1.1 * max(a.priceMinor, b.priceMinor) }) * 2 < c.availableMinor else { continue }
            try enter(c, lines, "routine")
            used.insert(c.id)
            routine += 1
        }

        // The bank's statement: each payment raises payment.received, which the worker matches.
        var bank: ImportReport?
        if let file = try DemoBankFile.make(ledger: ledger, payments: bankPayments) {
            do {
                bank = try PaymentImporter(ledger: ledger, actor: .workflow).importStatement(bytes: Array(file.xml.utf8), file: file.name)
            } catch {
                notes.append("The bank file was not imported: \(error.description)")
            }
        }

        var workerReport = try await worker.runUntilIdle()
        // Collections: the notices due today, then the worker again to deliver their e-mails.
        var dunningReport: DunningReport?
        if let dunning {
            let run = DunningRun(ledger: ledger, levels: dunning)
            let today = ledger.clock.today(), viaAgents = dunningViaAgents
            dunningReport = try await blocking { Result { try run.run(asOf: today, viaAgents: viaAgents) } }.get()
            workerReport.merge(try await worker.runUntilIdle())
        }
        return try report(entered: entered, notes: notes, firstEvent: firstEvent, pendingBefore: pendingBefore, bank: bank, worker: workerReport,
                          dunning: dunningReport)
    }

    private func report(entered: [(id: String, customer: String, rep: String, why: String)], notes: [String], firstEvent: Int64,
                        pendingBefore: Set<String>, bank: ImportReport?, worker: WorkerReport, dunning: DunningReport?) throws -> Report {
        let events = try ledger.events(after: firstEvent)
        var byType: [String: [WorkflowEvent]] = [:]
        for e in events { byType[e.type, default: []].append(e) }
        func ids(_ type: String) -> [String] { (byType[type] ?? []).map(\.subject) }
        let newPending = try ledger.approvalRequests(status: "pending").filter { !pendingBefore.contains($0["id"]?.stringValue ?? "") }
        var lines: [String] = []
        var nextSteps: [String] = []
        let reps = Set(entered.map(\.rep)).sorted()
        lines.append("Capture: \(entered.count) orders entered through the gate by the sales reps (\(reps.joined(separator: ", "))).")
        for o in entered where o.why != "routine" {
            let status = (try? ledger.order(o.id))?.status ?? "?"
            lines.append("  \(o.id) for \(o.customer): \(o.why) → \(status)")
        }
        let holds = ids("order.credit_hold")
        lines.append("Credit: \(holds.count) on credit hold\(holds.isEmpty ? "" : " (" + holds.joined(separator: ", ") + ")"); the credit-controller agent weighs each for a credit manager.")
        let short = byType["stock.short"] ?? []
        lines.append("Stock: \(ids("stock.reserved").count) reserved; \(short.count) short (stock.short)\(short.isEmpty ? "" : ": " + short.map(\.subject).joined(separator: ", ")); the fulfillment agent proposes an in-stock alternative.")
        let delayed = byType["carrier.delayed"] ?? []
        let swaps = Set(delayed.map { "\($0.payload["preferred"]?.stringValue ?? "?") → \($0.payload["chosen"]?.stringValue ?? "?")" }).sorted()
        lines.append("Shipping: \(ids("order.shipped").count) shipped; carrier.delayed recorded \(delayed.count) times\(swaps.isEmpty ? "" : " (" + swaps.joined(separator: ", ") + ")").")
        lines.append("Invoicing: \(ids("invoice.issued").count) invoices issued with tax, terms and due date, \(ids("invoice.sent").count) sent.")
        let mailed = try ids("invoice.sent").filter { try ledger.outbox(document: $0).contains { $0.kind == "invoice" && $0.status == .sent } }.count
        let notices = try ids("dunning.sent").filter { try ledger.outbox(document: $0).contains { $0.status == .sent } }.count
        lines.append("E-mail: \(mailed) invoices and \(notices) dunning notices mailed\(mailDestination.map { " to " + $0 } ?? "") ('o2c outbox list').")
        if let d = dunning {
            lines.append("Dunning (as of \(d.asOf.iso)): \(d.overdueInvoices) overdue invoices, \(d.disputedSkipped) disputed (not chased); "
                         + "\(d.count("sent")) notices sent, \(d.count("pending_approval")) drafted and waiting for approval, \(d.count("denied")) denied"
                         + (d.count("event") > 0 ? ", \(d.count("event")) handed to the collections agent" : "") + " ('o2c dunning worklist').")
        }
        let cashapp = Dictionary(grouping: worker.runs.filter { $0.job.kind == JobKind.cashApplication }, by: { $0.detail["outcome"]?.stringValue ?? "?" })
        let unmatched = (cashapp["unmatched"] ?? []).map(\.job.subject)
        if let bank {
            lines.append("Bank: \(bank.imported) payments imported from \(bank.file); cash application applied \((cashapp["applied"] ?? []).count) automatically, "
                         + "\((cashapp["pending_approval"] ?? []).count) wait for a finance manager (not an exact settlement), \(unmatched.count) left for review "
                         + "(payment.unmatched\(unmatched.isEmpty ? "" : ": " + unmatched.joined(separator: ", ")); the cash-application agent).")
        }
        let agentRuns = worker.runs.filter { $0.job.kind == JobKind.agent && $0.outcome == .done }
        lines.append("Agents: \(agentRuns.count) runs started by events (" + Dictionary(grouping: agentRuns, by: { $0.job.payload["agent"]?.stringValue ?? "?" })
            .map { "\($0.key) ×\($0.value.count)" }.sorted().joined(separator: ", ") + ").")
        lines.append("Worker: \(worker.eventsRouted) events routed, \(worker.count(.done)) jobs done, \(worker.count(.retrying)) retried, \(worker.count(.parked)) parked ('o2c jobs list').")
        lines += notes
        lines.append("Waiting for people: \(newPending.count) new request\(newPending.count == 1 ? "" : "s") in the approval queue.")
        // One line per kind of request (action, who asked, why), with its ids.
        var groups: [(key: String, ids: [String])] = []
        for a in newPending {
            let why = a["reason"]?.stringValue ?? a["rules"]?[0]?["message"]?.stringValue ?? ""
            let key = "\(a["action"]?.stringValue ?? "?") by \(a["actor"]?.stringValue ?? "?"): \(why.prefix(100))"
            let id = a["id"]?.stringValue ?? "?"
            if let k = groups.firstIndex(where: { $0.key == key }) { groups[k].ids.append(id) } else { groups.append((key, [id])) }
        }
        for g in groups { lines.append("  \(g.ids.joined(separator: ", ")) \(g.key)") }
        if let held = entered.first(where: { $0.why == "over its available credit" }) {
            nextSteps.append("o2c actions submit release.json --as carl   # release.json: {\"action\": \"release_credit_hold\", \"args\": {\"customer_id\": \"\(held.customer)\", \"order_id\": \"\(held.id)\", \"reason\": \"pays on time\"}}; then 'o2c worker --until-idle' ships and invoices it")
        }
        if let first = unmatched.first {
            nextSteps.append("o2c payments show \(first)   # why cash application left it for a person")
        }
        let json: JSONValue = [
            "orders": .array(entered.map { o in
                ["id": .string(o.id), "customer_id": .string(o.customer), "entered_by": .string(o.rep), "case": .string(o.why),
                 "status": (try? ledger.order(o.id)).map { .string($0.status) } ?? .null]
            }),
            "events": .object(JSONObject(byType.keys.sorted().map { ($0, .int(byType[$0]?.count ?? 0)) })),
            "jobs": ["done": .int(worker.count(.done)), "retried": .int(worker.count(.retrying)), "parked": .int(worker.count(.parked))],
            "mailed": ["invoices": .int(mailed), "dunning_notices": .int(notices)],
            "dunning": dunning?.json ?? .null,
            "approval_queue": .array(newPending.compactMap { $0["id"] }),
            "bank_file": bank.map { b in
                ["payments": .int(b.imported), "applied": .int((cashapp["applied"] ?? []).count),
                 "pending_approval": .int((cashapp["pending_approval"] ?? []).count), "unmatched": .int(unmatched.count)]
            } ?? .null,
        ]
        return Report(lines: lines, nextSteps: nextSteps, json: json)
    }
}
