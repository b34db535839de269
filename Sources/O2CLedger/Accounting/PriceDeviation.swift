import O2CCore

/// How far an order's prices lie below the price list (SPEC §4 "Prices"), in hundredths of a
/// percent, so the guardrails can treat a price below list like a discount of the same size.
/// Below list is positive, above list negative; a line without a list price has no deviation,
/// and then neither has the order (a rule reading it fails closed).
struct PriceDeviation {
    struct Line {
        let quantity: Int64
        let unitPriceMinor: Int64
        let listPriceMinor: Int64?
        let manual: Bool
    }

    /// Per line: hundredths of a percent below its list price; nil without a list price.
    let lineBelowE2: [Int64?]
    /// The order: (Σ quantity × list − Σ quantity × price) ÷ Σ quantity × list; nil when a line
    /// has no list price.
    let orderBelowE2: Int64?
    /// Whether any price was set by hand.
    let manual: Bool
    /// Lines priced at zero or less.
    let zeroPriceLines: Int

    init(_ lines: [Line]) {
        lineBelowE2 = lines.map { l in l.listPriceMinor.map { PriceDeviation.belowE2(price: Int128(l.unitPriceMinor), list: Int128($0)) } }
        manual = lines.contains { $0.manual }
        zeroPriceLines = lines.filter { $0.unitPriceMinor <= 0 }.count
        if lines.allSatisfy({ $0.listPriceMinor != nil }) {
            let list = lines.reduce(Int128(0)) { $0 + Int128($1.quantity) * Int128($1.listPriceMinor ?? 0) }
            let price = lines.reduce(Int128(0)) { $0 + Int128($1.quantity) * Int128($1.unitPriceMinor) }
            orderBelowE2 = PriceDeviation.belowE2(price: price, list: list)
        } else {
            orderBelowE2 = nil
        }
    }

    /// The largest line's deviation; nil when a line has no list price.
    var maxLineBelowE2: Int64? {
        lineBelowE2.contains(where: { $0 == nil }) ? nil : lineBelowE2.compactMap { $0 }.max()
    }

    /// (list − price) ÷ list in hundredths of a percent, half away from zero. A free item (list 0)
    /// priced at zero or more is not below its list. A price far above list is reported as the
    /// most negative value 64 bits hold, which no rule mistakes for "below".
    static func belowE2(price: Int128, list: Int128) -> Int64 {
        guard list > 0 else { return price < 0 ? 10_000 : 0 }
        return Int64(clamping: Rounding.divide((list - price) * 10_000, by: list))
    }

    /// The order facts `manual_price`, `zero_price_lines` and, when every line has a list price,
    /// `price_deviation_percent` (absent otherwise, so a rule reading it fails closed).
    var orderFacts: [(String, JSONValue)] {
        var out: [(String, JSONValue)] = [("manual_price", .bool(manual)), ("zero_price_lines", .int(zeroPriceLines))]
        if let orderBelowE2 { out.append(("price_deviation_percent", .number(Money.format(minor: orderBelowE2, exponent: 2)))) }
        return out
    }
}
