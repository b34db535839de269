import GRDB
import O2CCore

/// send_dunning_notice.
enum DunningActions {
    static func send(_ args: Arguments, _ tx: LedgerTx) throws -> ActionResult {
        let c = try tx.customer(args.string("customer_id"))
        try tx.noteCustomer(c.id)
        let level = args.int("level")
        var problems: [String] = []
        var ids: [String] = []
        var openBase: Int64 = 0
        var disputed = 0
        for (k, id) in args.strings("invoice_ids").enumerated() {
            do {
                let inv = try tx.invoice(id, field: "invoice_ids[\(k)]")
                guard inv.customerID == c.id else { throw Invalid("args.invoice_ids[\(k)]: \(inv.id) belongs to \(inv.customerID), not \(c.id)") }
                guard inv.openMinor > 0 else { throw Invalid("args.invoice_ids[\(k)]: \(inv.id) has nothing open") }
                if inv.disputed { disputed += 1 }
                guard inv.dueDate < tx.today else { throw Invalid("args.invoice_ids[\(k)]: \(inv.id) is not overdue (due \(inv.dueDate.iso))") }
                guard !ids.contains(inv.id) else { throw Invalid("args.invoice_ids[\(k)]: \(inv.id) appears twice") }
                ids.append(inv.id)
                openBase = try tx.sum([openBase, inv.openBaseMinor], field: "invoice_ids")
            } catch let e as Invalid {
                problems += e.messages
            }
        }
        if !problems.isEmpty { throw Invalid(messages: problems) }
        tx.noteAmount(Money(minor: openBase, currency: tx.base), base: openBase)
        // Whether to send is the guardrails' call (disputed invoices, frequency, final level);
        // the handler states the facts.
        let recent = try Int.fetchOne(tx.db.cachedStatement(sql: "SELECT count(*) FROM dunning_notices WHERE customer_id = ? AND sent_date > ?"),
                                      arguments: [c.id, tx.today.adding(days: -7).iso]) ?? 0
        let last = try String.fetchOne(tx.db.cachedStatement(sql: "SELECT MAX(sent_date) FROM dunning_notices WHERE customer_id = ?"), arguments: [c.id])
        tx.facts.extra["dunning"] = [
            "level": .int(level), "invoice_count": .int(ids.count), "disputed_count": .int(disputed),
            "notices_last_7_days": .int(recent),
            "days_since_last_notice": last.flatMap(BusinessDate.init(iso:)).map { .int(tx.today.days(since: $0)) } ?? .null,
        ]
        let id = try tx.nextID("DN")
        try tx.exec("INSERT INTO dunning_notices (id, customer_id, level, subject, body, sent_date, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [id, c.id, level, args.optionalString("subject"), args.optionalString("body"), tx.today.iso, tx.nowText])
        for inv in ids {
            try tx.exec("INSERT INTO dunning_notice_invoices (notice_id, invoice_id) VALUES (?, ?)", [id, inv])
            try tx.exec("UPDATE invoices SET dunning_level = max(dunning_level, ?), last_dunned_date = ? WHERE id = ?", [level, tx.today.iso, inv])
        }
        tx.emit("dunning.sent", subject: id, ["customer_id": .string(c.id), "level": .int(level), "invoices": .array(ids.map { .string($0) })])
        return ActionResult(id: id, extra: ["customer_id": .string(c.id)], summary: "level-\(level) dunning notice \(id) to \(c.id) about \(ids.joined(separator: ", "))")
    }
}
