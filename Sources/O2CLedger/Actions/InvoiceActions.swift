import GRDB
import O2CCore

/// issue_invoice, send_invoice, mark_disputed, issue_credit_note, write_off.
enum InvoiceActions {
    static func issue(_ args: Arguments, _ tx: LedgerTx) throws -> ActionResult {
        let o = try tx.order(args.string("order_id"))
        try tx.noteCustomer(o.customerID)
        guard o.status == "shipped" else {
            throw Invalid(o.status == "invoiced" || o.status == "paid" || o.status == "closed"
                          ? "order \(o.id) is already invoiced"
                          : "order \(o.id) is \(o.status); only a shipped order is invoiced")
        }
        let c = try tx.customer(o.customerID)
        let currency = try tx.currency(o.currency)
        let lines = try tx.rows("""
            SELECT l.line_no, l.sku, p.name, l.quantity, l.unit_price_minor, l.tax_category, l.tax_rate_bp
            FROM order_lines l JOIN products p ON p.sku = l.sku WHERE l.order_id = ? ORDER BY l.line_no
            """, [o.id])
        let math = try OrderActions.totals(lines.map { .init(quantity: $0[3], unitPriceMinor: $0[4], taxCategory: $0[5], rateBP: $0[6]) },
                                           discountE2: o.discountE2, pricesIncludeTax: o.includeTax, field: "order_id")
        let rate = try tx.rateE9(currency, on: tx.today)
        let totalBase = try tx.toBase(math.total, currency, rateE9: rate, field: "order_id")
        try tx.checkDocumentAmount(totalBase, field: "order_id", what: "the invoice total")
        let taxBase = try tx.toBase(math.tax, currency, rateE9: rate, field: "order_id")
        let netBase = totalBase - taxBase
        let discountBase = try tx.toBase(math.grossOfDiscountNet - math.net, currency, rateE9: rate, field: "order_id")
        tx.noteAmount(Money(minor: math.total, currency: currency), base: totalBase)
        let id = try tx.nextID("INV")
        let due = tx.today.adding(days: c.termsDays)
        try tx.exec("""
            INSERT INTO invoices (id, order_id, customer_id, currency, issue_date, due_date, prices_include_tax, net_minor, tax_minor, total_minor,
                                  open_minor, rate_e9, total_base_minor, tax_base_minor, open_base_minor, status, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [id, o.id, c.id, currency.code, tx.today.iso, due.iso, o.includeTax, math.net, math.tax, math.total, math.total, rate,
                  totalBase, taxBase, totalBase, math.total == 0 ? "paid" : "open", tx.nowText])
        for (k, l) in lines.enumerated() {
            try tx.exec("""
                INSERT INTO invoice_lines (invoice_id, line_no, sku, description, quantity, unit_price_minor, tax_category, tax_rate_bp, net_minor)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [id, l[0] as Int64, l[1] as String, l[2] as String, l[3] as Int64, l[4] as Int64, l[5] as String, l[6] as Int64, math.lineNets[k]])
        }
        for r in math.rates {
            try tx.exec("INSERT INTO invoice_taxes (invoice_id, tax_category, tax_rate_bp, taxable_minor, tax_minor) VALUES (?, ?, ?, ?, ?)",
                        [id, r.category, r.rateBP, r.taxableMinor, r.taxMinor])
        }
        try tx.exec("UPDATE orders SET status = 'invoiced', invoice_id = ?, updated_at = ? WHERE id = ?", [id, tx.nowText, o.id])
        tx.post("invoice \(id)", source: ("invoice", id), [
            .debit(.receivables, totalBase),
            .debit(.salesDiscounts, discountBase),
            .credit(.revenue, netBase + discountBase),
            .credit(.taxPayable, taxBase),
        ])
        tx.emit("invoice.issued", subject: id, ["order_id": .string(o.id), "customer_id": .string(c.id), "due_date": .string(due.iso)])
        let total = Money(minor: math.total, currency: currency)
        return ActionResult(id: id, extra: ["order_id": .string(o.id), "total": .string(total.decimalString)],
                            summary: "invoice \(id) for order \(o.id): \(total), due \(due.iso)")
    }

    static func send(_ args: Arguments, _ tx: LedgerTx) throws -> ActionResult {
        let inv = try tx.invoice(args.string("invoice_id"))
        try tx.noteCustomer(inv.customerID)
        try tx.exec("UPDATE invoices SET sent_at = ? WHERE id = ?", [tx.nowText, inv.id])
        let mail = try Outbox.invoiceMail(tx, invoiceID: inv.id)
        let mailID = try Outbox.queue(tx, kind: "invoice", documentID: inv.id, customerID: inv.customerID, subject: mail.subject, body: mail.body)
        tx.emit("invoice.sent", subject: inv.id, ["customer_id": .string(inv.customerID), "outbox_id": .string(mailID)])
        return ActionResult(id: inv.id, extra: ["outbox_id": .string(mailID)], summary: "invoice \(inv.id) sent (e-mail \(mailID) queued)")
    }

    static func dispute(_ args: Arguments, _ tx: LedgerTx) throws -> ActionResult {
        let inv = try tx.invoice(args.string("invoice_id"))
        try tx.noteCustomer(inv.customerID)
        guard inv.openMinor > 0 else { throw Invalid("invoice \(inv.id) has nothing open to dispute") }
        guard !inv.disputed else { throw Invalid("invoice \(inv.id) is already disputed") }
        try tx.exec("UPDATE invoices SET disputed = 1, dispute_reason = ? WHERE id = ?", [args.string("reason"), inv.id])
        tx.emit("invoice.disputed", subject: inv.id, ["reason": .string(args.string("reason"))])
        return ActionResult(id: inv.id, summary: "invoice \(inv.id) marked as disputed")
    }

    /// Takes `amount` off an invoice's open balance and returns the base amount removed from
    /// receivables: the remaining base balance when the invoice closes, else the amount at the
    /// invoice's rate (never more than what is open).
    static func reduceOpen(_ inv: LedgerTx.InvoiceRow, amount: Int64, column: String, _ tx: LedgerTx) throws -> Int64 {
        let currency = try tx.currency(inv.currency)
        let openAfter = inv.openMinor - amount
        let arBase = openAfter == 0 ? inv.openBaseMinor : min(max(try tx.toBase(amount, currency, rateE9: inv.rateE9, field: "amount"), 0), inv.openBaseMinor)
        let paid = inv.paidMinor + (column == "paid_minor" ? amount : 0)
        let status = LedgerTx.invoiceStatus(total: inv.totalMinor, paid: paid, open: openAfter)
        try tx.exec("""
            UPDATE invoices SET \(column) = \(column) + ?, open_minor = open_minor - ?, open_base_minor = open_base_minor - ?, status = ?
            WHERE id = ?
            """, [amount, amount, arBase, status, inv.id])
        if openAfter == 0 {
            try tx.exec("UPDATE orders SET status = ?, updated_at = ? WHERE id = ?", [status == "paid" ? "paid" : "closed", tx.nowText, inv.orderID])
            tx.emit(status == "paid" ? "invoice.paid" : "invoice.closed", subject: inv.id, ["customer_id": .string(inv.customerID)])
        }
        return arBase
    }

    /// The invoice and the amount a credit note or write-off takes off its open balance (which it
    /// may not exceed), noted as the amount at stake.
    static func amountOffOpen(_ args: Arguments, _ tx: LedgerTx) throws -> (LedgerTx.InvoiceRow, Currency, Int64) {
        let inv = try tx.invoice(args.string("invoice_id"))
        try tx.noteCustomer(inv.customerID)
        let currency = try tx.currency(inv.currency)
        let amount = try tx.amount(args.string("amount"), currency, field: "amount")
        guard amount <= inv.openMinor else {
            throw Invalid("args.amount: \(Money(minor: amount, currency: currency)) is more than the \(Money(minor: inv.openMinor, currency: currency)) open on \(inv.id)")
        }
        tx.noteAmount(Money(minor: amount, currency: currency), base: try tx.toBase(amount, currency, rateE9: inv.rateE9, field: "amount"))
        return (inv, currency, amount)
    }

    static func creditNote(_ args: Arguments, _ tx: LedgerTx) throws -> ActionResult {
        let (inv, currency, amount) = try amountOffOpen(args, tx)
        // amount ≤ open ≤ total, so the tax part is at most the invoice's tax.
        let taxPart = inv.totalMinor > 0 ? Rounding.scale(amount, by: inv.taxMinor, over: inv.totalMinor) ?? inv.taxMinor : 0
        let arBase = try reduceOpen(inv, amount: amount, column: "credited_minor", tx)
        let taxBase = min(try tx.toBase(taxPart, currency, rateE9: inv.rateE9, field: "amount"), arBase)
        let id = try tx.nextID("CN")
        try tx.exec("INSERT INTO credit_notes (id, invoice_id, amount_minor, tax_minor, amount_base_minor, reason, issue_date) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [id, inv.id, amount, taxPart, arBase, args.string("reason"), tx.today.iso])
        tx.post("credit note \(id) on \(inv.id)", source: ("credit_note", id), [
            .debit(.revenue, arBase - taxBase),
            .debit(.taxPayable, taxBase),
            .credit(.receivables, arBase),
        ])
        tx.emit("credit_note.issued", subject: id, ["invoice_id": .string(inv.id)])
        return ActionResult(id: id, extra: ["invoice_id": .string(inv.id)],
                            summary: "credit note \(id): \(Money(minor: amount, currency: currency)) on \(inv.id)")
    }

    static func writeOff(_ args: Arguments, _ tx: LedgerTx) throws -> ActionResult {
        let (inv, currency, amount) = try amountOffOpen(args, tx)
        let arBase = try reduceOpen(inv, amount: amount, column: "written_off_minor", tx)
        let id = try tx.nextID("WO")
        try tx.exec("INSERT INTO write_offs (id, invoice_id, amount_minor, amount_base_minor, reason, write_off_date) VALUES (?, ?, ?, ?, ?, ?)",
                    [id, inv.id, amount, arBase, args.string("reason"), tx.today.iso])
        tx.post("write-off \(id) on \(inv.id)", source: ("write_off", id), [.debit(.badDebt, arBase), .credit(.receivables, arBase)])
        tx.emit("invoice.written_off", subject: inv.id, ["write_off_id": .string(id)])
        return ActionResult(id: inv.id, extra: ["write_off_id": .string(id)],
                            summary: "\(Money(minor: amount, currency: currency)) of \(inv.id) written off (\(id))")
    }
}
