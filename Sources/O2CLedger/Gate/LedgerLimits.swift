import O2CCore

/// Upper bounds on what one document may hold, so that no amount can come near what 64-bit
/// minor units hold: an action above them is `invalid`, naming the argument.
public struct LedgerLimits: Sendable, Hashable {
    /// The largest amount of one document (an order's total, a payment), in whole units of the
    /// base currency: 1,000,000,000.00 by default.
    public var documentAmountMaxUnits: Int64
    /// The most units one order line may hold: 1,000,000,000 by default (the action catalogue
    /// accepts at most 1,000,000 per line, so this only matters when set lower).
    public var lineQuantityMax: Int64

    /// Limits; the defaults suit any company.
    public init(documentAmountMaxUnits: Int64 = 1_000_000_000, lineQuantityMax: Int64 = 1_000_000_000) {
        self.documentAmountMaxUnits = documentAmountMaxUnits
        self.lineQuantityMax = lineQuantityMax
    }

    /// The document maximum in minor units of `base` (saturating: an absurd setting means no limit
    /// beyond what 64 bits hold).
    func documentAmountMaxMinor(_ base: Currency) -> Int64 {
        let (minor, overflow) = documentAmountMaxUnits.multipliedReportingOverflow(by: base.minorPerMajor)
        return overflow ? .max : max(minor, 0)
    }
}
