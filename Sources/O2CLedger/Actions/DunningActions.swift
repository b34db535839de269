import Foundation
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
        let feeCurrency = try tx.currency(c.currency)
        let fee = try args.optionalString("fee").map { try tx.amount($0, feeCurrency, field: "fee") } ?? 0
        try tx.checkDocumentAmount(try tx.toBase(fee, feeCurrency, rateE9: try tx.rateE9(feeCurrency, on: tx.today), field: "fee"),
                                   field: "fee", what: "the dunning fee")
        // Whether to send is the guardrails' call (disputed invoices, frequency, final level);
        // the handler states the facts.
        let recent = try Int.fetchOne(tx.db.cachedStatement(sql: "SELECT count(*) FROM dunning_notices WHERE customer_id = ? AND sent_date > ?"),
                                      arguments: [c.id, tx.today.adding(days: -7).iso]) ?? 0
        let last = try String.fetchOne(tx.db.cachedStatement(sql: "SELECT MAX(sent_date) FROM dunning_notices WHERE customer_id = ?"), arguments: [c.id])
        // The same invoices chased within 7 days (a notice about one invoice never silences the others).
        let marks = Array(repeating: "?", count: ids.count).joined(separator: ", ")
        let sameInvoices = ids.isEmpty ? 0 : try Int.fetchOne(tx.db, sql: """
            SELECT count(DISTINCT n.id) FROM dunning_notices n JOIN dunning_notice_invoices ni ON ni.notice_id = n.id
            WHERE ni.invoice_id IN (\(marks)) AND n.sent_date > ?
            """, arguments: StatementArguments(ids + [tx.today.adding(days: -7).iso])) ?? 0
        tx.facts.extra["dunning"] = [
            "level": .int(level), "invoice_count": .int(ids.count), "disputed_count": .int(disputed),
            "notices_last_7_days": .int(recent), "invoice_notices_last_7_days": .int(sameInvoices),
            "fee": .number(Money.format(minor: fee, exponent: feeCurrency.exponent)),
            "days_since_last_notice": last.flatMap(BusinessDate.init(iso:)).map { .int(tx.today.days(since: $0)) } ?? .null,
        ]
        let id = try tx.nextID("DN")
        try tx.exec("""
            INSERT INTO dunning_notices (id, customer_id, level, subject, body, sent_date, created_at, fee_minor, fee_currency) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [id, c.id, level, args.optionalString("subject"), args.optionalString("body"), tx.today.iso, tx.nowText, fee, fee > 0 ? feeCurrency.code : nil])
        for inv in ids {
            try tx.exec("INSERT INTO dunning_notice_invoices (notice_id, invoice_id) VALUES (?, ?)", [id, inv])
            try tx.exec("UPDATE invoices SET dunning_level = max(dunning_level, ?), last_dunned_date = ? WHERE id = ?", [level, tx.today.iso, inv])
        }
        let mail = try noticeMail(tx, customer: c, ids: ids, level: Int(level), subject: args.optionalString("subject"), body: args.optionalString("body"),
                                  fee: fee > 0 ? Money(minor: fee, currency: feeCurrency) : nil)
        let mailID = try Outbox.queue(tx, kind: "dunning", documentID: id, customerID: c.id, subject: mail.subject, body: mail.body)
        tx.emit("dunning.sent", subject: id, ["customer_id": .string(c.id), "level": .int(level), "invoices": .array(ids.map { .string($0) }),
                                              "outbox_id": .string(mailID)])
        return ActionResult(id: id, extra: ["customer_id": .string(c.id), "outbox_id": .string(mailID)],
                            summary: "level-\(level) dunning notice \(id) to \(c.id) about \(ids.joined(separator: ", ")) (e-mail \(mailID) queued)")
    }

    /// The notice's e-mail: the subject and body given (a rendered level template, or the
    /// collections agent's checked wording), else a plain one listing the invoices from the
    /// ledger; a fee is stated by the ledger under the body, from what it recorded.
    static func noticeMail(_ tx: LedgerTx, customer c: LedgerTx.CustomerRow, ids: [String], level: Int, subject: String?, body: String?,
                           fee: Money?) throws -> (subject: String, body: String) {
        var text = body ?? ""
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            text = "Dear \(EmailAddress.headerText(c.name)),\n\nthe following invoices are past due:\n\n"
            for id in ids {
                let inv = try tx.invoice(id)
                text += "  \(inv.id): \(Money(minor: inv.openMinor, currency: try tx.currency(inv.currency))) open, due \(inv.dueDate.iso)\n"
            }
            text += "\nPlease arrange payment, or tell us if something is wrong.\n"
        }
        if let fee { text += "\n\nA dunning fee of \(fee) applies to this level-\(level) notice.\n" }
        let title = subject.map { EmailAddress.headerText($0) } ?? ""
        return (title.isEmpty ? "Payment reminder (level \(level)): \(ids.joined(separator: ", "))" : title, text)
    }
}
