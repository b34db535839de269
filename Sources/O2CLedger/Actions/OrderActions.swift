import GRDB
import O2CCore

/// create_order, cancel_order, substitute_line, apply_discount.
enum OrderActions {
    struct PricedLine {
        let sku: String
        let quantity: Int64
        let unitPriceMinor: Int64
        /// The price list's price (nil when the product has none in this currency).
        let listPriceMinor: Int64?
        let priceSource: String
        let taxCategory: String
        let rateBP: Int64
    }

    static func create(_ args: Arguments, _ tx: LedgerTx) throws -> ActionResult {
        let customer = try tx.customer(args.string("customer_id"))
        try tx.noteCustomer(customer.id)
        let currency = try tx.currency(args.optionalString("currency") ?? customer.currency)
        let includeTax = try tx.db.leanValue("SELECT prices_include_tax FROM tax_regions WHERE code = ?", [customer.region]) ?? false
        var problems: [String] = []
        var lines: [PricedLine] = []
        for (k, line) in args.objects("lines").enumerated() {
            let sku = line.string("sku")
            do {
                lines.append(try price(sku: sku, quantity: line.int("quantity"), unitPrice: line.optionalString("unit_price"),
                                       currency: currency, region: customer.region, field: "lines[\(k)]", tx))
            } catch let e as Invalid {
                problems += e.messages
            }
        }
        if !problems.isEmpty { throw Invalid(messages: problems) }
        let math = try totals(lines.map { .init(quantity: $0.quantity, unitPriceMinor: $0.unitPriceMinor, taxCategory: $0.taxCategory, rateBP: $0.rateBP) },
                              discountE2: 0, pricesIncludeTax: includeTax)
        let rate = try tx.rateE9(currency, on: tx.today)
        let totalBase = try tx.toBase(math.total, currency, rateE9: rate, field: "lines")
        try tx.checkDocumentAmount(totalBase, field: "lines", what: "the order total")
        tx.noteAmount(Money(minor: math.total, currency: currency), base: totalBase)
        let deviation = PriceDeviation(lines.map { .init(quantity: $0.quantity, unitPriceMinor: $0.unitPriceMinor, listPriceMinor: $0.listPriceMinor,
                                                         manual: $0.priceSource == "manual") })
        tx.facts.order = JSONObject([("customer_id", .string(customer.id)), ("currency", .string(currency.code)),
                                     ("total", .string(Money(minor: math.total, currency: currency).decimalString))] + deviation.orderFacts)
        if let maxBelow = deviation.maxLineBelowE2 {
            tx.facts.extra["line"] = ["max_below_list_percent": .number(Money.format(minor: maxBelow, exponent: 2))]
        }

        let position = tx.facts.customer
        let overLimit = position.map { p in
            let (after, overflow) = p.exposure.minor.addingReportingOverflow(totalBase)
            return overflow || after > p.creditLimit.minor
        } ?? true
        let hold: String?
        if customer.onHold {
            hold = "customer \(customer.id) is on credit hold"
        } else if overLimit && !tx.approved {
            hold = "exposure would exceed the credit limit"
        } else {
            hold = nil
        }
        let id = try tx.nextID("SO")
        try tx.exec("""
            INSERT INTO orders (id, customer_id, status, currency, order_date, requested_date, external_ref, discount_e2, prices_include_tax,
                                net_minor, tax_minor, total_minor, total_base_minor, confirmed_at, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [id, customer.id, hold == nil ? "approved" : "credit_hold", currency.code, tx.today.iso, args.optionalString("requested_date"),
                  args.optionalString("external_ref"), includeTax, math.net, math.tax, math.total, totalBase,
                  hold == nil ? tx.nowText : nil, tx.nowText, tx.nowText])
        for (k, l) in lines.enumerated() {
            try tx.exec("""
                INSERT INTO order_lines (order_id, line_no, sku, quantity, unit_price_minor, list_price_minor, price_source, tax_category, tax_rate_bp, net_minor)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [id, k + 1, l.sku, l.quantity, l.unitPriceMinor, l.listPriceMinor, l.priceSource, l.taxCategory, l.rateBP, math.lineNets[k]])
        }
        tx.emit("order.received", subject: id, ["customer_id": .string(customer.id)])
        let total = Money(minor: math.total, currency: currency)
        if let hold {
            tx.emit("order.credit_hold", subject: id, ["customer_id": .string(customer.id), "reason": .string(hold)])
            return ActionResult(id: id, extra: ["status": "credit_hold"], summary: "order \(id) for \(customer.id), \(total), is on credit hold: \(hold)")
        }
        tx.emit("order.approved", subject: id, ["customer_id": .string(customer.id)])
        return ActionResult(id: id, extra: ["status": "approved"], summary: "order \(id) for \(customer.id), \(total), confirmed")
    }

    static func price(sku: String, quantity: Int64, unitPrice: String?, currency: Currency, region: String, field: String,
                      _ tx: LedgerTx) throws -> PricedLine {
        guard let p = try tx.row("SELECT tax_category, active FROM products WHERE sku = ?", [sku]) else {
            let all = try String.fetchAll(tx.db, sql: "SELECT sku FROM products")
            let hint = Suggest.closest(to: sku, in: all).map { "; did you mean '\($0)'?" } ?? "; 'o2c products list' shows the SKUs"
            throw Invalid("args.\(field).sku: unknown SKU '\(sku)'\(hint)")
        }
        guard p[1] as Bool else { throw Invalid("args.\(field).sku: \(sku) is discontinued; choose an alternative") }
        let category: String = p[0]
        guard let rate: Int64 = try tx.db.leanValue("SELECT rate_bp FROM tax_rates WHERE region = ? AND category = ?", [region, category])
        else { throw Invalid("no tax rate for category '\(category)' in region \(region); set one up before selling \(sku) there") }
        if quantity > tx.limits.lineQuantityMax {
            throw Invalid("args.\(field).quantity: \(quantity) units is more than the \(tx.limits.lineQuantityMax) a line may hold in this ledger")
        }
        let list: Int64? = try tx.db.leanValue("SELECT unit_price_minor FROM prices WHERE sku = ? AND currency = ?", [sku, currency.code])
        if let unitPrice {
            let minor = try tx.amount(unitPrice, currency, field: "\(field).unit_price")
            guard minor >= 0 else { throw Invalid("args.\(field).unit_price: a price cannot be negative, got \(unitPrice)") }
            return PricedLine(sku: sku, quantity: quantity, unitPriceMinor: minor, listPriceMinor: list, priceSource: "manual", taxCategory: category, rateBP: rate)
        }
        guard let list else { throw Invalid("args.\(field): \(sku) has no list price in \(currency.code); give a unit_price") }
        return PricedLine(sku: sku, quantity: quantity, unitPriceMinor: list, listPriceMinor: list, priceSource: "list", taxCategory: category, rateBP: rate)
    }

    /// The totals of lines; an amount beyond 64 bits is invalid, naming the line's quantity.
    static func totals(_ lines: [TaxCalculator.Line], discountE2: Int64, pricesIncludeTax: Bool, field: String = "lines") throws -> TaxCalculator.Result {
        do {
            return try TaxCalculator.compute(lines, discountE2: discountE2, pricesIncludeTax: pricesIncludeTax)
        } catch {
            if let k = error.line { throw Invalid("args.\(field)[\(k)].quantity: quantity × unit price exceeds what the ledger can hold") }
            throw Invalid("args.\(field): the order total exceeds what the ledger can hold")
        }
    }

    /// Recomputes an order's line nets and totals after a change of lines or discount.
    static func recompute(_ orderID: String, _ tx: LedgerTx) throws -> (total: Int64, totalBase: Int64) {
        guard let o = try tx.row("SELECT currency, discount_e2, prices_include_tax FROM orders WHERE id = ?", [orderID]) else {
            throw Invalid("order \(orderID) does not exist")
        }
        let currency = try tx.currency(o[0])
        let rows = try tx.rows("SELECT line_no, quantity, unit_price_minor, tax_category, tax_rate_bp FROM order_lines WHERE order_id = ? ORDER BY line_no", [orderID])
        let math = try totals(rows.map { .init(quantity: $0[1], unitPriceMinor: $0[2], taxCategory: $0[3], rateBP: $0[4]) },
                              discountE2: o[1], pricesIncludeTax: o[2])
        for (k, r) in rows.enumerated() {
            try tx.exec("UPDATE order_lines SET net_minor = ? WHERE order_id = ? AND line_no = ?", [math.lineNets[k], orderID, r[0] as Int64])
        }
        let totalBase = try tx.toBase(math.total, currency, rateE9: try tx.rateE9(currency, on: tx.today), field: "order_id")
        try tx.checkDocumentAmount(totalBase, field: "order_id", what: "the order total")
        try tx.exec("UPDATE orders SET net_minor = ?, tax_minor = ?, total_minor = ?, total_base_minor = ?, updated_at = ? WHERE id = ?",
                    [math.net, math.tax, math.total, totalBase, tx.nowText, orderID])
        return (math.total, totalBase)
    }

    static func cancel(_ args: Arguments, _ tx: LedgerTx) throws -> ActionResult {
        let order = try tx.order(args.string("order_id"))
        try tx.noteCustomer(order.customerID)
        tx.noteAmount(Money(minor: order.totalMinor, currency: try tx.currency(order.currency)), base: order.totalBaseMinor)
        switch order.status {
        case "shipped", "invoiced", "paid", "closed":
            throw Invalid("order \(order.id) is \(order.status) and cannot be cancelled; issue a credit note on its invoice instead")
        case "cancelled":
            throw Invalid("order \(order.id) is already cancelled")
        default: break
        }
        try releaseReservations(order.id, tx)
        try tx.exec("UPDATE orders SET status = 'cancelled', cancel_reason = ?, updated_at = ? WHERE id = ?", [args.string("reason"), tx.nowText, order.id])
        tx.emit("order.cancelled", subject: order.id, ["reason": .string(args.string("reason"))])
        return ActionResult(id: order.id, extra: ["status": "cancelled"], summary: "order \(order.id) cancelled")
    }

    static func releaseReservations(_ orderID: String, _ tx: LedgerTx) throws {
        for r in try tx.rows("""
            SELECT l.sku, r.warehouse, r.quantity FROM reservations r JOIN order_lines l ON l.order_id = r.order_id AND l.line_no = r.line_no
            WHERE r.order_id = ?
            """, [orderID])
        {
            try tx.exec("UPDATE stock SET reserved = reserved - ? WHERE sku = ? AND warehouse = ?", [r[2] as Int64, r[0] as String, r[1] as String])
        }
        try tx.exec("DELETE FROM reservations WHERE order_id = ?", [orderID])
    }

    static func substitute(_ args: Arguments, _ tx: LedgerTx) throws -> ActionResult {
        let order = try tx.order(args.string("order_id"))
        try tx.noteCustomer(order.customerID)
        guard ["received", "validated", "credit_hold", "approved"].contains(order.status) else {
            throw Invalid("order \(order.id) is \(order.status); lines can only be substituted before stock is reserved")
        }
        let sku = args.string("sku"), newSKU = args.string("new_sku")
        guard sku != newSKU else { throw Invalid("args.new_sku: is the same as args.sku (\(sku))") }
        let lines = try tx.rows("SELECT line_no FROM order_lines WHERE order_id = ? AND sku = ?", [order.id, sku])
        guard !lines.isEmpty else { throw Invalid("args.sku: order \(order.id) has no line with \(sku)") }
        let customer = try tx.customer(order.customerID)
        let priced = try price(sku: newSKU, quantity: 1, unitPrice: nil, currency: try tx.currency(order.currency),
                               region: customer.region, field: "new_sku", tx)
        for l in lines {
            try tx.exec("""
                UPDATE order_lines SET sku = ?, unit_price_minor = ?, list_price_minor = ?, price_source = 'list', tax_category = ?, tax_rate_bp = ?
                WHERE order_id = ? AND line_no = ?
                """, [newSKU, priced.unitPriceMinor, priced.listPriceMinor, priced.taxCategory, priced.rateBP, order.id, l[0] as Int64])
        }
        let (total, totalBase) = try recompute(order.id, tx)
        tx.noteAmount(Money(minor: total, currency: try tx.currency(order.currency)), base: totalBase)
        tx.emit("order.line_substituted", subject: order.id, ["sku": .string(sku), "new_sku": .string(newSKU), "reason": .string(args.string("reason"))])
        return ActionResult(id: order.id, extra: ["sku": .string(sku), "new_sku": .string(newSKU)],
                            summary: "order \(order.id): \(sku) replaced by \(newSKU)")
    }

    static func discount(_ args: Arguments, _ tx: LedgerTx) throws -> ActionResult {
        let order = try tx.order(args.string("order_id"))
        try tx.noteCustomer(order.customerID)
        guard ["received", "validated", "credit_hold", "approved", "reserved", "shipped"].contains(order.status) else {
            throw Invalid("order \(order.id) is \(order.status); a discount can only be set before it is invoiced")
        }
        let pct = args.percentHundredths("discount_percent")
        try tx.exec("UPDATE orders SET discount_e2 = ? WHERE id = ?", [pct, order.id])
        let (total, totalBase) = try recompute(order.id, tx)
        let currency = try tx.currency(order.currency)
        // The amount at stake is what the discount gives away, compared with no discount at all.
        try tx.exec("UPDATE orders SET discount_e2 = 0 WHERE id = ?", [order.id])
        let (undiscounted, undiscountedBase) = try recompute(order.id, tx)
        try tx.exec("UPDATE orders SET discount_e2 = ? WHERE id = ?", [pct, order.id])
        _ = try recompute(order.id, tx)
        tx.noteAmount(Money(minor: undiscounted - total, currency: currency), base: undiscountedBase - totalBase)
        tx.emit("order.discounted", subject: order.id, ["discount_percent": .number(Money.format(minor: pct, exponent: 2))])
        return ActionResult(id: order.id, extra: ["total": .string(Money.format(minor: total, exponent: currency.exponent))],
                            summary: "order \(order.id): \(Money.format(minor: pct, exponent: 2))% discount, total now \(Money(minor: total, currency: currency))")
    }
}
