import O2CCore
import O2CLedger

/// The people of the demo company and the work the demo leaves for them in the approval queue.
extension DemoData {
    /// `(name, role, approval limit)`: four sales reps (the customers' owners), a sales manager,
    /// an AR clerk, two credit managers (one with a 25,000.00 limit), two finance managers
    /// (one with a 5,000.00 limit) and an admin.
    public static let users: [(String, Role, String?)] = [
        ("sam", .salesRep, nil), ("rita", .salesRep, nil), ("omar", .salesRep, nil), ("lena", .salesRep, nil),
        ("mia", .salesManager, nil), ("arlo", .arClerk, nil), ("dana", .creditManager, "25000.00"), ("carl", .creditManager, nil),
        ("fiona", .financeManager, nil), ("fred", .financeManager, "5000.00"), ("alice", .admin, nil),
    ]

    /// Adds the demo users (their tokens are not kept; `o2c users token NAME` issues one).
    public static func addUsers(_ ledger: Ledger) throws {
        for (name, role, limit) in users { _ = try ledger.addUser(name: name, role: role, approvalLimit: limit) }
    }

    /// Proposes, through the gate and the guardrails of `ledger`, the kind of work agents and
    /// people would leave for approvers; returns one line per request (and any other outcome).
    public static func proposeWork(_ ledger: Ledger) throws -> [String] {
        var lines: [String] = []
        func propose(_ action: ActionName, _ args: JSONValue, by actor: Actor, reason: String) throws {
            let outcome = try ledger.submit(ActionRequest(action: action, args: args, actor: actor, reason: reason))
            switch outcome {
            case .pendingApproval(let id, let rules):
                lines.append("\(id): \(action.rawValue) by \(actor) waits for approval (\(rules.map(\.name).joined(separator: ", ")))")
            default:
                lines.append("\(action.rawValue) by \(actor): \(outcome.name) — \(outcome.messages.joined(separator: "; "))")
            }
        }
        let overdue = try ledger.invoices(ListFilter(status: "overdue", limit: 100_000))
            .filter { !$0.disputed }
        let byCustomer = Dictionary(grouping: overdue, by: \.customerID)
        func days(_ i: InvoiceView) -> Int { Int(i.daysOverdue) }
        let worst = byCustomer.keys.sorted().compactMap { id -> (String, Int)? in
            guard let facts = try? ledger.customerFacts(id), !facts.onHold else { return nil }
            return (id, facts.maxDaysOverdue)
        }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }

        // 1. The credit controller wants the worst payer on hold.
        if let (customer, maxDays) = worst.first {
            try propose(.placeCreditHold, ["customer_id": .string(customer), "reason": .string("oldest invoice \(maxDays) days overdue")],
                        by: .agent("credit-controller", runID: "RUN-DEMO-1"), reason: "Invoices up to \(maxDays) days overdue and no payment promise.")
        }
        // 2. A sales rep books an order for a customer with invoices more than 30 days overdue.
        if let (customer, _) = worst.dropFirst().first(where: { $0.1 > 30 }),
           case let owner = try ledger.customer(customer).owner {
            try propose(.createOrder, ["customer_id": .string(customer), "lines": [["sku": "WID-100", "quantity": 12]]],
                        by: .user(owner), reason: "Customer asked for a rush delivery.")
        }
        // 3. Collections wants to send a final notice on a long-overdue account.
        if let (customer, _) = worst.first(where: { $0.1 > 75 }),
           let ids = byCustomer[customer]?.filter({ days($0) > 75 }).map(\.id), !ids.isEmpty {
            try propose(.sendDunningNotice, ["customer_id": .string(customer), "invoice_ids": .array(ids.map { .string($0) }), "level": 3,
                                             "subject": "Final notice", "body": "Final notice before we pass the account to our credit team."],
                        by: .agent("collections", runID: "RUN-DEMO-2"), reason: "Two reminders went unanswered.")
        }
        // 4. Collections proposes writing off most of the oldest invoice (two finance managers).
        let old = overdue.filter { days($0) > 90 }
        func openMinor(_ i: InvoiceView) -> Int64 { (try? Money.parseMinor(i.openAmount, exponent: 2)) ?? 0 }
        if let oldest = old.max(by: { (openMinor($0), $1.id) < (openMinor($1), $0.id) }), case let (id, openMinor) = (oldest.id, openMinor(oldest)), openMinor > 0 {
            let amount = Money.format(minor: openMinor, exponent: 2)
            try propose(.writeOff, ["invoice_id": .string(id), "amount": .string(amount), "reason": "Customer unreachable for 120+ days"],
                        by: .agent("collections", runID: "RUN-DEMO-3"), reason: "No contact since the final notice.")
        }
        // 5. Order intake offers a 10% discount to keep a large order (a sales manager decides).
        if let id = try ledger.orders(ListFilter(status: "approved", limit: 50)).last?.id {
            try propose(.applyDiscount, ["order_id": .string(id), "discount_percent": 10, "reason": "Matches a competitor's quote"],
                        by: .agent("order-intake", runID: "RUN-DEMO-4"), reason: "The customer forwarded a competitor's quote 10% lower.")
        }
        // 6. Cash application found a payment that only partly settles an invoice.
        if let payment = try ledger.payments(ListFilter(status: "unapplied", limit: 100)).last,
           case let (pid, currency, amount) = (payment.id, payment.currency, payment.unappliedAmount),
           let invoice = try ledger.invoices(ListFilter(status: "open", limit: 100_000)).first(where: {
               $0.currency == currency
                   && ((try? Money.parseMinor($0.openAmount, exponent: 2)) ?? 0) > ((try? Money.parseMinor(amount, exponent: 2)) ?? 0)
           }), case let iid = invoice.id {
            try propose(.applyPayment, ["payment_id": .string(pid), "allocations": [["invoice_id": .string(iid), "amount": .string(amount)]]],
                        by: .agent("cash-application", runID: "RUN-DEMO-5"), reason: "Payer name and amount suggest this invoice; the payment is short.")
        }
        return lines
    }
}
