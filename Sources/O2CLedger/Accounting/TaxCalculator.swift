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

    static func compute(_ lines: [Line], discountE2: Int64, pricesIncludeTax: Bool) -> Result {
        let amounts = lines.map { $0.quantity * $0.unitPriceMinor }
        let discounted = amounts.map { $0 - Rounding.scale($0, by: discountE2, over: 10_000) }
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
            let sum = idx.reduce(Int64(0)) { $0 + discounted[$1] }
            let undiscounted = idx.reduce(Int64(0)) { $0 + amounts[$1] }
            if pricesIncludeTax {
                let tax = Rounding.scale(sum, by: rate, over: 10_000 + rate)
                let net = sum - tax
                let parts = Rounding.allocate(net, weights: idx.map { discounted[$0] })
                for (j, k) in idx.enumerated() { lineNets[k] = parts[j] }
                rates.append(RateTotal(category: category, rateBP: rate, taxableMinor: net, taxMinor: tax))
                undiscountedNet += undiscounted - Rounding.scale(undiscounted, by: rate, over: 10_000 + rate)
            } else {
                let tax = Rounding.scale(sum, by: rate, over: 10_000)
                rates.append(RateTotal(category: category, rateBP: rate, taxableMinor: sum, taxMinor: tax))
                undiscountedNet += undiscounted
            }
        }
        let net = lineNets.reduce(0, +)
        let tax = rates.reduce(Int64(0)) { $0 + $1.taxMinor }
        return Result(lineNets: lineNets, grossOfDiscountNet: max(undiscountedNet, net), net: net, tax: tax, rates: rates)
    }
}
