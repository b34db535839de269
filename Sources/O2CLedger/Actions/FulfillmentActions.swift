import GRDB
import O2CCore

/// reserve_stock, ship_order.
enum FulfillmentActions {
    static func reserve(_ args: Arguments, _ tx: LedgerTx) throws -> ActionResult {
        let o = try tx.order(args.string("order_id"))
        try tx.noteCustomer(o.customerID)
        tx.noteAmount(Money(minor: o.totalMinor, currency: try tx.currency(o.currency)), base: o.totalBaseMinor)
        let c = try tx.customer(o.customerID)
        guard !c.onHold else { throw Invalid("customer \(c.id) is on credit hold; no stock is reserved until the hold is released") }
        switch o.status {
        case "approved": break
        case "credit_hold": throw Invalid("order \(o.id) is on credit hold; a credit manager must release it (release_credit_hold with order_id) first")
        case "reserved": throw Invalid("order \(o.id) already has its stock reserved")
        default: throw Invalid("order \(o.id) is \(o.status); only a confirmed (approved) order can reserve stock")
        }
        guard o.confirmed else { throw Invalid("order \(o.id) is not confirmed") }
        var shortages: [String] = []
        var plan: [(line: Int64, sku: String, warehouse: String, qty: Int64)] = []
        for l in try tx.rows("SELECT line_no, sku, quantity FROM order_lines WHERE order_id = ? ORDER BY line_no", [o.id]) {
            let lineNo: Int64 = l[0], sku: String = l[1]
            var need: Int64 = l[2]
            let stock = try tx.rows("SELECT warehouse, on_hand - reserved FROM stock WHERE sku = ? AND on_hand > reserved ORDER BY on_hand - reserved DESC, warehouse", [sku])
            for s in stock where need > 0 {
                let take = min(need, s[1] as Int64)
                plan.append((lineNo, sku, s[0], take))
                need -= take
            }
            if need > 0 {
                let available = (l[2] as Int64) - need
                let alts = try tx.rows("""
                    SELECT a.alt_sku, COALESCE(SUM(s.on_hand - s.reserved), 0) AS avail FROM product_alternatives a
                    LEFT JOIN stock s ON s.sku = a.alt_sku WHERE a.sku = ? GROUP BY a.alt_sku HAVING avail >= ? ORDER BY a.rank LIMIT 3
                    """, [sku, l[2] as Int64]).map { "\($0[0] as String) (\($0[1] as Int64) available)" }
                shortages.append(Ledger.shortageMessagePrefix + "\(sku) for order \(o.id): need \(l[2] as Int64), available \(available)"
                                 + (alts.isEmpty ? "" : "; in-stock alternatives: \(alts.joined(separator: ", "))"))
            }
        }
        if !shortages.isEmpty { throw Invalid(messages: shortages) }
        for p in plan {
            try tx.exec("INSERT INTO reservations (order_id, line_no, warehouse, quantity) VALUES (?, ?, ?, ?)", [o.id, p.line, p.warehouse, p.qty])
            try tx.exec("UPDATE stock SET reserved = reserved + ? WHERE sku = ? AND warehouse = ?", [p.qty, p.sku, p.warehouse])
        }
        try tx.exec("UPDATE orders SET status = 'reserved', updated_at = ? WHERE id = ?", [tx.nowText, o.id])
        tx.emit("stock.reserved", subject: o.id)
        return ActionResult(id: o.id, extra: ["status": "reserved"], summary: "stock reserved for order \(o.id)")
    }

    static func ship(_ args: Arguments, _ tx: LedgerTx) throws -> ActionResult {
        let o = try tx.order(args.string("order_id"))
        try tx.noteCustomer(o.customerID)
        tx.noteAmount(Money(minor: o.totalMinor, currency: try tx.currency(o.currency)), base: o.totalBaseMinor)
        let c = try tx.customer(o.customerID)
        guard !c.onHold else { throw Invalid("customer \(c.id) is on credit hold; nothing ships until the hold is released") }
        guard o.status == "reserved" else {
            throw Invalid("order \(o.id) is \(o.status); only an order with reserved stock can ship (reserve_stock first)")
        }
        let carrier: String
        if let wanted = args.optionalString("carrier") {
            guard try tx.row("SELECT 1 FROM carriers WHERE code = ?", [wanted]) != nil else {
                let all = try String.fetchAll(tx.db, sql: "SELECT code FROM carriers ORDER BY preferred_rank")
                throw Invalid("args.carrier: unknown carrier '\(wanted)'; known: \(all.joined(separator: ", "))")
            }
            carrier = wanted
        } else {
            let ranked = try tx.rows("SELECT code, delayed FROM carriers ORDER BY delayed, preferred_rank")
            guard let best = ranked.first else { throw Invalid("no carrier is set up") }
            carrier = best[0]
            // The preferred carrier (first by rank) is delayed and an on-time one was chosen instead.
            if let preferred = try tx.row("SELECT code, delayed FROM carriers ORDER BY preferred_rank LIMIT 1"), preferred[1] as Bool,
               !(best[1] as Bool), (preferred[0] as String) != carrier {
                tx.emit("carrier.delayed", subject: o.id, ["preferred": .string(preferred[0]), "chosen": .string(carrier)])
            }
        }
        for r in try tx.rows("""
            SELECT l.sku, r.warehouse, r.quantity FROM reservations r JOIN order_lines l ON l.order_id = r.order_id AND l.line_no = r.line_no
            WHERE r.order_id = ?
            """, [o.id])
        {
            try tx.exec("UPDATE stock SET on_hand = on_hand - ?, reserved = reserved - ? WHERE sku = ? AND warehouse = ?",
                        [r[2] as Int64, r[2] as Int64, r[0] as String, r[1] as String])
        }
        try tx.exec("DELETE FROM reservations WHERE order_id = ?", [o.id])
        let id = try tx.nextID("SH")
        try tx.exec("INSERT INTO shipments (id, order_id, carrier, tracking_ref, ship_date, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                    [id, o.id, carrier, args.optionalString("tracking_ref"), tx.today.iso, tx.nowText])
        try tx.exec("UPDATE orders SET status = 'shipped', updated_at = ? WHERE id = ?", [tx.nowText, o.id])
        tx.emit("order.shipped", subject: o.id, ["shipment_id": .string(id), "carrier": .string(carrier)])
        return ActionResult(id: o.id, extra: ["shipment_id": .string(id), "carrier": .string(carrier)], summary: "order \(o.id) shipped with \(carrier) (\(id))")
    }
}

extension Ledger {
    /// How each message of a `reserve_stock` refused for short stock begins (one per short line),
    /// so the workflow tells a shortage from other reasons.
    public static let shortageMessagePrefix = "not enough stock of "
}
