import O2CCore

/// Tax and totals of an order or invoice, exact to the minor unit.
///
/// The rounding rule (one place, documented in docs/LEDGER.md):
/// - line amount = quantity × unit price, exact; an order discount is taken off each line
///   and rounded half away from zero per line;
/// - tax is computed once per tax rate over the sum of the lines at that rate
///   (as EN 16931 does), rounded half away from zero;
/// - prices without tax: total = Σ line nets + Σ tax;
/// - prices with tax included: per rate, tax = round(gross × r / (1 + r)), net = gross − tax,
///   and the net is spread over the lines by largest remainder, so Σ line nets + tax = gross.
/// So an invoice's total always equals its lines plus its tax, with no cent lost.
struct TaxCalculator {
    struct Line {
        let quantity: Int64
        let unitPriceMinor: Int64
        let taxCategory: String
        let rateBP: Int64
    }

    struct RateTotal: Equatable {
        let category: String
        let rateBP: Int64
        let taxableMinor: Int64
        let taxMinor: Int64
    }

    struct Result {
        /// Each line's net amount (tax excluded), after discount.
        let lineNets: [Int64]
        /// The undiscounted net total, tax excluded.
        let grossOfDiscountNet: Int64
        let net: Int64
        let tax: Int64
        let rates: [RateTotal]
        var total: Int64 { net + tax }
    }

    /// An amount that does not fit in 64-bit minor units: `line` is the line whose quantity ×
    /// unit price overflowed, nil when a sum did.
    struct Overflow: Error {
        let line: Int?
    }

    /// Every product and sum is checked; nothing is clamped.
    static func compute(_ lines: [Line], discountE2: Int64, pricesIncludeTax: Bool) throws(Overflow) -> Result {
        var amounts: [Int64] = []
        amounts.reserveCapacity(lines.count)
        for (k, l) in lines.enumerated() {
            let (amount, overflow) = l.quantity.multipliedReportingOverflow(by: l.unitPriceMinor)
            if overflow { throw Overflow(line: k) }
            amounts.append(amount)
        }
        var discounted: [Int64] = []
        for a in amounts {
            guard let off = Rounding.scale(a, by: discountE2, over: 10_000) else { throw Overflow(line: nil) }
            discounted.append(try sub(a, off))
        }
        var lineNets = discounted
        var rates: [RateTotal] = []
        var groups: [String: [Int]] = [:]
        var order: [String] = []
        for (k, l) in lines.enumerated() {
            let key = "\(l.taxCategory)|\(l.rateBP)"
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(k)
        }
        var undiscountedNet: Int64 = 0
        for key in order {
            let idx = groups[key] ?? []
            let rate = lines[idx[0]].rateBP
            let category = lines[idx[0]].taxCategory
            let sum = try total(idx.map { discounted[$0] })
            let undiscounted = try total(idx.map { amounts[$0] })
            if pricesIncludeTax {
                guard let tax = Rounding.scale(sum, by: rate, over: 10_000 + rate),
                      let undiscountedTax = Rounding.scale(undiscounted, by: rate, over: 10_000 + rate)
                else { throw Overflow(line: nil) }
                let net = try sub(sum, tax)
                let parts = Rounding.allocate(net, weights: idx.map { discounted[$0] })
                for (j, k) in idx.enumerated() { lineNets[k] = parts[j] }
                rates.append(RateTotal(category: category, rateBP: rate, taxableMinor: net, taxMinor: tax))
                undiscountedNet = try add(undiscountedNet, try sub(undiscounted, undiscountedTax))
            } else {
                guard let tax = Rounding.scale(sum, by: rate, over: 10_000) else { throw Overflow(line: nil) }
                rates.append(RateTotal(category: category, rateBP: rate, taxableMinor: sum, taxMinor: tax))
                undiscountedNet = try add(undiscountedNet, undiscounted)
            }
        }
        let net = try total(lineNets)
        let tax = try total(rates.map(\.taxMinor))
        _ = try add(net, tax)  // the total must fit too
        return Result(lineNets: lineNets, grossOfDiscountNet: max(undiscountedNet, net), net: net, tax: tax, rates: rates)
    }

    static func total(_ values: [Int64]) throws(Overflow) -> Int64 {
        var sum: Int64 = 0
        for v in values { sum = try add(sum, v) }
        return sum
    }

    private static func add(_ a: Int64, _ b: Int64) throws(Overflow) -> Int64 {
        let (r, overflow) = a.addingReportingOverflow(b)
        if overflow { throw Overflow(line: nil) }
        return r
    }

    private static func sub(_ a: Int64, _ b: Int64) throws(Overflow) -> Int64 {
        let (r, overflow) = a.subtractingReportingOverflow(b)
        if overflow { throw Overflow(line: nil) }
        return r
    }
}
