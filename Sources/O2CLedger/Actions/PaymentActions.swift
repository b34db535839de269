import GRDB
import O2CCore

/// record_payment, apply_payment, unapply_payment.
enum PaymentActions {
    struct PaymentRow {
        let id: String
        let customerID: String?
        let currency: String
        let amountMinor: Int64
        let appliedMinor: Int64
        let rateE9: Int64
        let unappliedBaseMinor: Int64
    }

    static func payment(_ id: String, _ tx: LedgerTx) throws -> PaymentRow {
        guard let r = try tx.row("SELECT id, customer_id, currency, amount_minor, applied_minor, rate_e9, unapplied_base_minor FROM payments WHERE id = ?", [id]) else {
            throw Invalid("args.payment_id: payment \(id) does not exist; 'o2c payments list' shows the payments")
        }
        return PaymentRow(id: r[0], customerID: r[1], currency: r[2], amountMinor: r[3], appliedMinor: r[4], rateE9: r[5], unappliedBaseMinor: r[6])
    }

    static func record(_ args: Arguments, _ tx: LedgerTx) throws -> ActionResult {
        let currency = try tx.currency(args.string("currency"))
        let amount = try tx.amount(args.string("amount"), currency, field: "amount")
        guard let date = args.date("date") else { throw Invalid("args.date must be a date like 2026-11-25") }
        if let cid = args.optionalString("customer_id") {
            _ = try tx.customer(cid)
            try tx.noteCustomer(cid)
        }
        if let ref = args.optionalString("payment_ref"),
           let existing: String = try tx.db.leanValue("SELECT id FROM payments WHERE payment_ref = ?", [ref]) {
            throw Invalid("args.payment_ref: \(ref) is already recorded as \(existing)")
        }
        let rate = try tx.rateE9(currency, on: date)
        let base = try tx.toBase(amount, currency, rateE9: rate, field: "amount")
        try tx.checkDocumentAmount(base, field: "amount", what: "the payment")
        tx.noteAmount(Money(minor: amount, currency: currency), base: base)
        let id = try tx.nextID("PAY")
        try tx.exec("""
            INSERT INTO payments (id, payment_ref, customer_id, amount_minor, currency, value_date, payer_name, payer_account, reference,
                                  structured_reference, end_to_end_id, rate_e9, amount_base_minor, unapplied_base_minor, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [id, args.optionalString("payment_ref"), args.optionalString("customer_id"), amount, currency.code, date.iso,
                  args.optionalString("payer_name"), args.optionalString("payer_account"), args.optionalString("reference"),
                  args.optionalString("structured_reference"), args.optionalString("end_to_end_id"), rate, base, base, tx.nowText])
        tx.post("payment \(id) received", source: ("payment", id), date: date, [.debit(.bank, base), .credit(.unappliedCash, base)])
        tx.emit("payment.received", subject: id, ["amount": .string(Money(minor: amount, currency: currency).decimalString), "currency": .string(currency.code)])
        return ActionResult(id: id, summary: "payment \(id) of \(Money(minor: amount, currency: currency)) recorded")
    }

    static func apply(_ args: Arguments, _ tx: LedgerTx) throws -> ActionResult {
        var pay = try payment(args.string("payment_id"), tx)
        let currency = try tx.currency(pay.currency)
        var seen = Set<String>()
        var problems: [String] = []
        var plan: [(LedgerTx.InvoiceRow, Int64)] = []
        for (k, a) in args.objects("allocations").enumerated() {
            let field = "allocations[\(k)]"
            do {
                let inv = try tx.invoice(a.string("invoice_id"), field: "\(field).invoice_id")
                guard seen.insert(inv.id).inserted else { throw Invalid("args.\(field).invoice_id: \(inv.id) appears twice; give one amount per invoice") }
                guard inv.currency == pay.currency else {
                    throw Invalid("args.\(field): invoice \(inv.id) is in \(inv.currency) but payment \(pay.id) is in \(pay.currency); apply payments to invoices of the same currency")
                }
                if let payer = pay.customerID, payer != inv.customerID {
                    throw Invalid("args.\(field): invoice \(inv.id) belongs to \(inv.customerID), but payment \(pay.id) is from \(payer)")
                }
                let amount = try tx.amount(a.string("amount"), currency, field: "\(field).amount")
                guard amount <= inv.openMinor else {
                    throw Invalid("args.\(field).amount: \(Money(minor: amount, currency: currency)) is more than the \(Money(minor: inv.openMinor, currency: currency)) open on \(inv.id); leave the rest as unapplied cash")
                }
                plan.append((inv, amount))
            } catch let e as Invalid {
                problems += e.messages
            }
        }
        if !problems.isEmpty { throw Invalid(messages: problems) }
        let customers = Set(plan.map(\.0.customerID))
        if customers.count > 1 { throw Invalid("args.allocations: the invoices belong to different customers (\(customers.sorted().joined(separator: ", ")))") }
        let total = try tx.sum(plan.map(\.1), field: "allocations")
        let unapplied = pay.amountMinor - pay.appliedMinor
        guard total <= unapplied else {
            throw Invalid("args.allocations add up to \(Money(minor: total, currency: currency)) but payment \(pay.id) has only \(Money(minor: unapplied, currency: currency)) unapplied")
        }
        if let first = plan.first { try tx.noteCustomer(first.0.customerID) }
        tx.noteAmount(Money(minor: total, currency: currency), base: try tx.toBase(total, currency, rateE9: pay.rateE9, field: "allocations"))
        let shortPaid = plan.filter { $0.1 < $0.0.openMinor }.count
        tx.facts.extra["payment"] = [
            "id": .string(pay.id), "amount": .string(Money(minor: pay.amountMinor, currency: currency).decimalString),
            "unapplied_after": .string(Money(minor: unapplied - total, currency: currency).decimalString),
            "short_paid_invoices": .int(shortPaid),
            "exact": .bool(shortPaid == 0 && unapplied == total),
        ]
        for (inv, amount) in plan {
            let arBase = try InvoiceActions.reduceOpen(inv, amount: amount, column: "paid_minor", tx)
            let appliedAfter = pay.appliedMinor + amount
            let cashBase = appliedAfter == pay.amountMinor
                ? pay.unappliedBaseMinor
                : min(max(try tx.toBase(amount, currency, rateE9: pay.rateE9, field: "allocations"), 0), pay.unappliedBaseMinor)
            try tx.exec("UPDATE payments SET applied_minor = ?, unapplied_base_minor = unapplied_base_minor - ?, customer_id = COALESCE(customer_id, ?) WHERE id = ?",
                        [appliedAfter, cashBase, inv.customerID, pay.id])
            try tx.exec("INSERT INTO allocations (payment_id, invoice_id, amount_minor, ar_base_minor, cash_base_minor, applied_date) VALUES (?, ?, ?, ?, ?, ?)",
                        [pay.id, inv.id, amount, arBase, cashBase, tx.today.iso])
            tx.post("payment \(pay.id) applied to \(inv.id)", source: ("allocation", pay.id), [
                .debit(.unappliedCash, cashBase),
                .credit(.receivables, arBase),
                .credit(.fxGainLoss, cashBase - arBase),
            ])
            pay = PaymentRow(id: pay.id, customerID: pay.customerID ?? inv.customerID, currency: pay.currency, amountMinor: pay.amountMinor,
                             appliedMinor: appliedAfter, rateE9: pay.rateE9, unappliedBaseMinor: pay.unappliedBaseMinor - cashBase)
        }
        tx.emit("payment.applied", subject: pay.id, ["invoices": .array(plan.map { .string($0.0.id) })])
        return ActionResult(id: pay.id, extra: ["invoice_ids": .array(plan.map { .string($0.0.id) })],
                            summary: "payment \(pay.id): \(Money(minor: total, currency: currency)) applied to \(plan.map(\.0.id).joined(separator: ", "))")
    }

    static func unapply(_ args: Arguments, _ tx: LedgerTx) throws -> ActionResult {
        let pay = try payment(args.string("payment_id"), tx)
        let inv = try tx.invoice(args.string("invoice_id"))
        try tx.noteCustomer(inv.customerID)
        let currency = try tx.currency(pay.currency)
        let allocs = try tx.rows("SELECT id, amount_minor, ar_base_minor, cash_base_minor FROM allocations WHERE payment_id = ? AND invoice_id = ? AND reversed = 0",
                                 [pay.id, inv.id])
        guard !allocs.isEmpty else { throw Invalid("payment \(pay.id) is not applied to \(inv.id)") }
        let amount = try tx.sum(allocs.map { $0[1] }, field: "invoice_id")
        let arBase = try tx.sum(allocs.map { $0[2] }, field: "invoice_id")
        let cashBase = try tx.sum(allocs.map { $0[3] }, field: "invoice_id")
        tx.noteAmount(Money(minor: amount, currency: currency), base: cashBase)
        let openAfter = inv.openMinor + amount
        let status = LedgerTx.invoiceStatus(total: inv.totalMinor, paid: inv.paidMinor - amount, open: openAfter)
        try tx.exec("UPDATE invoices SET paid_minor = paid_minor - ?, open_minor = open_minor + ?, open_base_minor = open_base_minor + ?, status = ? WHERE id = ?",
                    [amount, amount, arBase, status, inv.id])
        try tx.exec("UPDATE payments SET applied_minor = applied_minor - ?, unapplied_base_minor = unapplied_base_minor + ? WHERE id = ?", [amount, cashBase, pay.id])
        try tx.exec("UPDATE allocations SET reversed = 1 WHERE payment_id = ? AND invoice_id = ? AND reversed = 0", [pay.id, inv.id])
        try tx.exec("UPDATE orders SET status = 'invoiced', updated_at = ? WHERE id = ? AND status IN ('paid', 'closed')", [tx.nowText, inv.orderID])
        tx.post("payment \(pay.id) unapplied from \(inv.id)", source: ("allocation", pay.id), [
            .debit(.receivables, arBase),
            .credit(.unappliedCash, cashBase),
            .debit(.fxGainLoss, cashBase - arBase),
        ])
        tx.emit("payment.unapplied", subject: pay.id, ["invoice_id": .string(inv.id)])
        return ActionResult(id: pay.id, extra: ["invoice_id": .string(inv.id)],
                            summary: "payment \(pay.id): \(Money(minor: amount, currency: currency)) taken back from \(inv.id)")
    }
}
