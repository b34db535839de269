import GRDB
import O2CCore

/// One proposed order line to check against the price list.
public struct PriceCheckLine: Sendable {
    /// The product.
    public let sku: String
    /// Units.
    public let quantity: Int64
    /// A price set by hand (decimal string), or nil for the list price.
    public let unitPrice: String?

    /// A line.
    public init(sku: String, quantity: Int64, unitPrice: String?) {
        self.sku = sku
        self.quantity = quantity
        self.unitPrice = unitPrice
    }
}

extension Ledger {
    /// Checks proposed order lines against the price list of `currency` (the `validate_pricing`
    /// tool): every line's list price, given price and percent below list, every problem (unknown
    /// SKU, no list price, a zero or negative price, an amount too large), and the facts the
    /// guardrails will see for such an order (`order.price_deviation_percent`,
    /// `line.max_below_list_percent`, `order.manual_price`, `order.zero_price_lines`).
    public func priceCheck(currency code: String, lines: [PriceCheckLine]) throws(LedgerError) -> JSONValue {
        try read { db in
            guard let exponent = try Int.fetchOne(db, sql: "SELECT exponent FROM currencies WHERE code = ?", arguments: [code]) else {
                throw LedgerError(.badRequest, "currency \(code) is not set up in this ledger")
            }
            let currency = Currency(code: code, exponent: exponent)
            var checked: [JSONValue] = []
            var deviations: [JSONValue] = []
            var priced: [PriceDeviation.Line] = []
            for (k, line) in lines.enumerated() {
                var o: JSONObject = ["line": .int(k), "sku": .string(line.sku), "quantity": .int(Int(clamping: line.quantity))]
                var problem: String?
                let known = try Row.fetchOne(db, sql: "SELECT 1 FROM products WHERE sku = ?", arguments: [line.sku]) != nil
                let list = try Int64.fetchOne(db, sql: "SELECT unit_price_minor FROM prices WHERE sku = ? AND currency = ?", arguments: [line.sku, code])
                o["list_price"] = list.map { .string(Money(minor: $0, currency: currency).decimalString) } ?? .null
                var price = list
                if let given = line.unitPrice {
                    do throws(MoneyError) {
                        price = try Money.parseMinor(given, exponent: exponent)
                        o["unit_price"] = .string(given)
                    } catch {
                        problem = "unit_price: \(error.description) for \(code)"
                        price = nil
                    }
                }
                if !known {
                    problem = "unknown SKU"
                } else if list == nil {
                    problem = problem ?? "no list price in \(code)" + (line.unitPrice == nil ? "; give a unit_price" : "")
                }
                if let p = price {
                    if p <= 0 { problem = problem ?? "a price of zero or less" }
                    if line.quantity.multipliedReportingOverflow(by: p).overflow { problem = problem ?? "quantity × unit price exceeds what the ledger can hold" }
                    priced.append(.init(quantity: line.quantity, unitPriceMinor: p, listPriceMinor: list, manual: line.unitPrice != nil))
                    if let list {
                        let below = PriceDeviation.belowE2(price: Int128(p), list: Int128(list))
                        o["below_list_percent"] = .number(Money.format(minor: below, exponent: 2))
                        if below != 0 { problem = problem ?? (below > 0 ? "below the list price" : "above the list price") }
                    }
                }
                o["price_source"] = .string(line.unitPrice == nil ? "list" : "manual")
                if let problem {
                    o["problem"] = .string(problem)
                    deviations.append(.object(o))
                }
                checked.append(.object(o))
            }
            let deviation = PriceDeviation(priced)
            var out: JSONObject = ["currency": .string(code), "lines": .array(checked), "deviations": .array(deviations), "ok": .bool(deviations.isEmpty)]
            if priced.count == lines.count {
                for (key, value) in deviation.orderFacts { out[key] = value }
                if let maxBelow = deviation.maxLineBelowE2 { out["max_below_list_percent"] = .number(Money.format(minor: maxBelow, exponent: 2)) }
            }
            return .object(out)
        }
    }
}
