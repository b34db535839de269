import GRDB
import O2CCore

/// place_credit_hold, release_credit_hold, set_credit_limit.
enum CreditActions {
    static func placeHold(_ args: Arguments, _ tx: LedgerTx) throws -> ActionResult {
        let c = try tx.customer(args.string("customer_id"))
        try tx.noteCustomer(c.id)
        if let f = tx.facts.customer { tx.noteAmount(f.exposure, base: f.exposure.minor) }
        guard !c.onHold else { throw Invalid("customer \(c.id) is already on credit hold") }
        try tx.exec("UPDATE customers SET on_hold = 1, hold_reason = ? WHERE id = ?", [args.string("reason"), c.id])
        tx.emit("customer.credit_hold", subject: c.id, ["reason": .string(args.string("reason"))])
        return ActionResult(id: c.id, summary: "customer \(c.id) (\(c.name)) is on credit hold")
    }

    static func releaseHold(_ args: Arguments, _ tx: LedgerTx) throws -> ActionResult {
        let c = try tx.customer(args.string("customer_id"))
        try tx.noteCustomer(c.id)
        var extra = JSONObject()
        var summary: [String] = []
        if let orderID = args.optionalString("order_id") {
            let o = try tx.order(orderID)
            guard o.customerID == c.id else { throw Invalid("args.order_id: order \(o.id) belongs to \(o.customerID), not \(c.id)") }
            guard o.status == "credit_hold" else { throw Invalid("args.order_id: order \(o.id) is \(o.status), not on credit hold") }
            tx.noteAmount(Money(minor: o.totalMinor, currency: try tx.currency(o.currency)), base: o.totalBaseMinor)
            try tx.exec("UPDATE orders SET status = 'approved', confirmed_at = ?, updated_at = ? WHERE id = ?", [tx.nowText, tx.nowText, o.id])
            tx.emit("order.approved", subject: o.id, ["customer_id": .string(c.id), "released_by": .string(tx.actor.description)])
            extra["order_id"] = .string(o.id)
            summary.append("order \(o.id) confirmed")
        } else {
            if let f = tx.facts.customer { tx.noteAmount(f.exposure, base: f.exposure.minor) }
            guard c.onHold else { throw Invalid("customer \(c.id) is not on credit hold; to confirm an order held for credit, give its order_id") }
        }
        if c.onHold {
            try tx.exec("UPDATE customers SET on_hold = 0, hold_reason = NULL WHERE id = ?", [c.id])
            tx.emit("customer.hold_released", subject: c.id, ["reason": .string(args.string("reason"))])
            summary.insert("customer \(c.id) released from credit hold", at: 0)
        }
        return ActionResult(id: c.id, extra: extra, summary: summary.joined(separator: "; "))
    }

    static func setLimit(_ args: Arguments, _ tx: LedgerTx) throws -> ActionResult {
        let c = try tx.customer(args.string("customer_id"))
        try tx.noteCustomer(c.id)
        let limit = try tx.amount(args.string("credit_limit"), tx.base, field: "credit_limit")
        tx.noteAmount(Money(minor: limit, currency: tx.base), base: limit)
        try tx.exec("UPDATE customers SET credit_limit_minor = ? WHERE id = ?", [limit, c.id])
        tx.emit("customer.credit_limit_changed", subject: c.id, ["credit_limit": .string(Money(minor: limit, currency: tx.base).decimalString)])
        return ActionResult(id: c.id, summary: "credit limit of \(c.id) set to \(Money(minor: limit, currency: tx.base))")
    }
}
