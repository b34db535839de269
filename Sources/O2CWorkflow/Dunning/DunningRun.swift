import Foundation
import O2CCore
import O2CLedger

/// `o2c dunning run`: raises the notices that are due on a date. Per invoice: open, past due,
/// not disputed (disputed invoices are never chased), past the start of a level above the one it
/// was last dunned at, and at least that level's minimum interval after its last notice. The
/// invoices due are grouped per customer and level, one notice each. Without a model the level's
/// template is rendered with the ledger's amounts and submitted as `send_dunning_notice` through
/// the gate as `system:workflow` (guardrails and the queue apply; the outbox row is written with
/// it); with agents (`viaAgents`) an `invoice.overdue` event is recorded per invoice and level
/// instead, which starts the collections agent. A level with `credit_hold` also submits
/// `place_credit_hold`. Every submission carries a key derived from the customer, level and
/// invoices, so a run repeated (after a crash, or twice a day) sends nothing twice.
public struct DunningRun: Sendable {
    /// One notice that is due.
    public struct Notice: Sendable {
        /// The customer.
        public let customerID: String
        /// The customer's name.
        public let customerName: String
        /// Whether the customer is on credit hold already.
        public let customerOnHold: Bool
        /// The level.
        public let level: DunningLevel
        /// The invoices it is about.
        public let invoices: [OverdueInvoice]
    }

    /// The ledger.
    public let ledger: Ledger
    /// The levels.
    public let levels: DunningLevels
    /// Who submits.
    public let actor: Actor

    /// A run over `ledger`.
    public init(ledger: Ledger, levels: DunningLevels, actor: Actor = .workflow) {
        self.ledger = ledger
        self.levels = levels
        self.actor = actor
    }

    /// The notices due on `asOf` for `overdue` (pure: the plan only); also how many overdue
    /// invoices were left alone because they are disputed.
    public static func plan(_ overdue: [OverdueInvoice], levels: DunningLevels, asOf: BusinessDate) -> (notices: [Notice], disputed: Int) {
        var groups: [String: [OverdueInvoice]] = [:], order: [String] = [], disputed = 0
        var levelOf: [String: DunningLevel] = [:]
        for inv in overdue {
            if inv.disputed { disputed += 1; continue }
            guard let level = levels.reached(daysPastDue: inv.daysPastDue), level.level > inv.dunningLevel else { continue }
            if let last = inv.lastDunnedDate, asOf.days(since: last) < level.minIntervalDays { continue }
            let key = "\(inv.customerID)\u{1F}\(level.level)"
            if groups[key] == nil { order.append(key); levelOf[key] = level }
            groups[key, default: []].append(inv)
        }
        let notices = order.compactMap { key -> Notice? in
            guard let invs = groups[key], let first = invs.first, let level = levelOf[key] else { return nil }
            return Notice(customerID: first.customerID, customerName: first.customerName, customerOnHold: first.customerOnHold, level: level, invoices: invs)
        }
        return (notices, disputed)
    }

    /// The template values of a notice: this customer's invoices from the ledger and nothing else.
    public static func values(_ n: Notice, company: String, asOf: BusinessDate, fee: Money?) -> [String: Any] {
        var totals: [String: Int64] = [:], currencies: [String: Currency] = [:]
        for inv in n.invoices { totals[inv.currency.code, default: 0] += inv.openMinor; currencies[inv.currency.code] = inv.currency }
        let total = totals.keys.sorted().compactMap { code in currencies[code].map { Money(minor: totals[code] ?? 0, currency: $0).description } }
        return [
            "company": company, "customer_id": n.customerID, "customer_name": EmailAddress.headerText(n.customerName), "level": n.level.level,
            "as_of": asOf.iso, "invoice_count": n.invoices.count, "total_open": total.joined(separator: " + "),
            "fee": fee.map(\.description) ?? "",
            "invoices": n.invoices.map { inv -> [String: Any] in
                ["id": inv.id, "open": inv.open.description, "total": Money(minor: inv.totalMinor, currency: inv.currency).description,
                 "due_date": inv.dueDate.iso, "days_past_due": inv.daysPastDue]
            },
        ]
    }

    /// Runs the notices due on `asOf`; with `viaAgents` records `invoice.overdue` events instead
    /// of sending templates.
    public func run(asOf: BusinessDate, viaAgents: Bool = false) throws -> DunningReport {
        let overdue = try ledger.overdueInvoices(asOf: asOf)
        let (notices, disputed) = Self.plan(overdue, levels: levels, asOf: asOf)
        let company = try ledger.companyName()
        var report = DunningReport(asOf: asOf, overdueInvoices: overdue.count, disputedSkipped: disputed)
        for n in notices {
            let ids = n.invoices.map(\.id)
            let fingerprint = StableHash.fnv1aHex(ids.joined(separator: ","))
            var line = DunningReport.Line(customerID: n.customerID, level: n.level.level, invoiceIDs: ids, outcome: "", detail: "")
            if viaAgents {
                for inv in n.invoices {
                    _ = try ledger.recordEvent(type: "invoice.overdue", subject: inv.id, payload: [
                        "customer_id": .string(inv.customerID), "level": .int(n.level.level), "days_past_due": .int(inv.daysPastDue),
                        "open_amount": .string(inv.open.decimalString), "currency": .string(inv.currency.code),
                    ], key: "invoice.overdue:\(inv.id):\(n.level.level)", actor: actor)
                }
                line.outcome = "event"
                line.detail = "invoice.overdue recorded for the collections agent"
            } else {
                let currency = n.invoices[0].currency
                guard let feeMinor = Self.feeMinor(n.level.fee, in: currency) else {
                    line.outcome = "invalid"
                    line.detail = "the level-\(n.level.level) fee \(n.level.fee) cannot be charged in \(currency.code) (\(currency.exponent) decimals); change it in the levels file"
                    report.lines.append(line)
                    continue
                }
                let fee = feeMinor > 0 ? Money(minor: feeMinor, currency: currency) : nil
                var args: [(String, JSONValue)] = [("customer_id", .string(n.customerID)), ("invoice_ids", .array(ids.map { .string($0) })),
                                                   ("level", .int(n.level.level))]
                do {
                    let mail = try n.level.render(Self.values(n, company: company, asOf: asOf, fee: fee))
                    args += [("subject", .string(String(mail.subject.prefix(200)))), ("body", .string(String(mail.body.prefix(20_000))))]
                } catch {
                    line.outcome = "invalid"
                    line.detail = "the level-\(n.level.level) template does not render: \(error)"
                    report.lines.append(line)
                    continue
                }
                if let fee { args.append(("fee", .string(fee.decimalString))) }
                let outcome = try ledger.submit(ActionRequest(action: .sendDunningNotice, args: .object(JSONObject(args)), actor: actor,
                                                              idempotencyKey: "dunning:\(n.customerID):L\(n.level.level):\(fingerprint)"))
                (line.outcome, line.detail) = Self.describe(outcome)
            }
            // A hold follows a notice that stands (sent, waiting for a person, or handed to the
            // agents), never one the gate refused: the customer would be held without being told.
            if n.level.creditHold && !n.customerOnHold && ["sent", "pending_approval", "event"].contains(line.outcome) {
                let outcome = try ledger.submit(ActionRequest(action: .placeCreditHold, args: [
                    "customer_id": .string(n.customerID),
                    "reason": .string("Dunning level \(n.level.level): \(ids.joined(separator: ", ")) past due"),
                ], actor: actor, idempotencyKey: "dunning:hold:\(n.customerID):L\(n.level.level):\(fingerprint)"))
                line.hold = Self.describe(outcome).outcome
            }
            report.lines.append(line)
        }
        return report
    }

    /// A level's fee in minor units of `currency`: "10.00" is 10 yen in a currency without
    /// decimals; nil when the fee has more decimals than the currency can hold.
    public static func feeMinor(_ fee: String, in currency: Currency) -> Int64? {
        if let minor = try? Money.parseMinor(fee, exponent: currency.exponent) { return minor }
        guard currency.exponent < 4, let fine = try? Money.parseMinor(fee, exponent: 4) else { return nil }
        var scale: Int64 = 1
        for _ in currency.exponent..<4 { scale *= 10 }
        return fine % scale == 0 ? fine / scale : nil
    }

    static func describe(_ outcome: GateOutcome) -> (outcome: String, detail: String) {
        switch outcome {
        case .executed(let r): return ("sent", r.summary)
        case .pendingApproval(let id, let rules): return ("pending_approval", rules.isEmpty ? id : "\(id) (\(rules.map(\.message).joined(separator: "; ")))")
        case .denied(let rules): return ("denied", rules.map { "\($0.name): \($0.message)" }.joined(separator: "; "))
        case .invalid(let messages): return ("invalid", messages.joined(separator: "; "))
        }
    }
}
