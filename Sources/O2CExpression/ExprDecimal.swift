/// An exact fixed-point decimal: an `Int64` count of millionths (6 fractional digits, range about ±9.2e12).
public struct ExprDecimal: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Number of fractional digits stored exactly.
    public static let scale = 6
    /// `10^scale`, the value of `1` in scaled units.
    public static let unit: Int64 = 1_000_000
    /// Zero.
    public static let zero = ExprDecimal(scaledValue: 0)
    /// Largest whole number that can be represented (9_223_372_036_854).
    public static let maxInteger: Int64 = Int64.max / 1_000_000

    /// The value multiplied by `10^6` (e.g. `1.5` is stored as `1_500_000`).
    public let scaledValue: Int64

    private static let powersOfTen: [Int64] = [
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000,
        10_000_000_000, 100_000_000_000, 1_000_000_000_000, 10_000_000_000_000,
        100_000_000_000_000, 1_000_000_000_000_000, 10_000_000_000_000_000,
        100_000_000_000_000_000, 1_000_000_000_000_000_000,
    ]

    /// Creates a decimal from its raw scaled representation (value × 10^6).
    public init(scaledValue: Int64) {
        self.scaledValue = scaledValue
    }

    /// Creates a decimal from money minor units and a currency exponent, e.g. `(123450, 2)` is `1234.50`; nil on overflow or precision loss.
    public init?(minorUnits: Int64, scale: Int) {
        guard scale >= 0, scale <= 18 else { return nil }
        if scale <= ExprDecimal.scale {
            let factor = ExprDecimal.powersOfTen[ExprDecimal.scale - scale]
            let (v, overflow) = minorUnits.multipliedReportingOverflow(by: factor)
            guard !overflow else { return nil }
            self.scaledValue = v
        } else {
            let divisor = ExprDecimal.powersOfTen[scale - ExprDecimal.scale]
            guard minorUnits % divisor == 0 else { return nil }
            self.scaledValue = minorUnits / divisor
        }
    }

    /// Creates a decimal from a whole number; nil if outside ±`maxInteger`.
    public init?(integer: Int64) {
        let (v, overflow) = integer.multipliedReportingOverflow(by: ExprDecimal.unit)
        guard !overflow else { return nil }
        self.scaledValue = v
    }

    /// Parses `[+-]digits[.digits]` with at most 6 fractional digits (e.g. "1234.50", "-0.05"); nil otherwise.
    public init?(string: String) {
        var utf8 = Array(string.utf8)
        var negative = false
        if let first = utf8.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            utf8.removeFirst()
        }
        guard let value = ExprDecimal.parseUnsigned(utf8[...]) else { return nil }
        if negative {
            self.scaledValue = 0 - value.scaledValue  // cannot overflow: value is non-negative
        } else {
            self = value
        }
    }

    /// Parses unsigned `digits[.digits]` bytes; nil on bad syntax, more than 6 decimals, or overflow.
    static func parseUnsigned(_ bytes: ArraySlice<UInt8>) -> ExprDecimal? {
        var intPart: Int64 = 0
        var fracPart: Int64 = 0
        var fracDigits = 0
        var sawDot = false
        var digitsBeforeDot = 0
        for b in bytes {
            if b == UInt8(ascii: ".") {
                guard !sawDot else { return nil }
                sawDot = true
                continue
            }
            guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return nil }
            let digit = Int64(b &- UInt8(ascii: "0"))
            if sawDot {
                fracDigits += 1
                guard fracDigits <= scale else { return nil }
                fracPart = fracPart * 10 + digit
            } else {
                digitsBeforeDot += 1
                let (m, o1) = intPart.multipliedReportingOverflow(by: 10)
                let (s, o2) = m.addingReportingOverflow(digit)
                guard !o1, !o2 else { return nil }
                intPart = s
            }
        }
        guard digitsBeforeDot > 0, !sawDot || fracDigits > 0 else { return nil }
        let (scaledInt, o1) = intPart.multipliedReportingOverflow(by: unit)
        guard !o1 else { return nil }
        let frac = fracPart * powersOfTen[scale - fracDigits]
        let (total, o2) = scaledInt.addingReportingOverflow(frac)
        guard !o2 else { return nil }
        return ExprDecimal(scaledValue: total)
    }

    /// True when the value has no fractional part.
    public var isInteger: Bool { scaledValue % ExprDecimal.unit == 0 }

    /// The whole-number value when `isInteger`, else nil.
    public var integerValue: Int64? { isInteger ? scaledValue / ExprDecimal.unit : nil }

    /// The value expressed in minor units for a currency exponent (e.g. scale 2 → cents); nil if not exact or overflowing.
    public func minorUnits(scale: Int) -> Int64? {
        guard scale >= 0, scale <= 18 else { return nil }
        if scale <= ExprDecimal.scale {
            let divisor = ExprDecimal.powersOfTen[ExprDecimal.scale - scale]
            guard scaledValue % divisor == 0 else { return nil }
            return scaledValue / divisor
        }
        let (v, o) = scaledValue.multipliedReportingOverflow(by: ExprDecimal.powersOfTen[scale - ExprDecimal.scale])
        return o ? nil : v
    }

    /// Approximate `Double` value, for display only.
    public var doubleValue: Double { Double(scaledValue) / Double(ExprDecimal.unit) }

    /// Exact sum; nil on overflow.
    public func adding(_ other: ExprDecimal) -> ExprDecimal? {
        let (v, o) = scaledValue.addingReportingOverflow(other.scaledValue)
        return o ? nil : ExprDecimal(scaledValue: v)
    }

    /// Exact difference; nil on overflow.
    public func subtracting(_ other: ExprDecimal) -> ExprDecimal? {
        let (v, o) = scaledValue.subtractingReportingOverflow(other.scaledValue)
        return o ? nil : ExprDecimal(scaledValue: v)
    }

    /// Negation; nil on overflow.
    public func negated() -> ExprDecimal? {
        let (v, o) = Int64(0).subtractingReportingOverflow(scaledValue)
        return o ? nil : ExprDecimal(scaledValue: v)
    }

    /// Product truncated toward zero to 6 decimals; nil on overflow.
    public func multiplying(by other: ExprDecimal) -> ExprDecimal? {
        let negative = (scaledValue < 0) != (other.scaledValue < 0)
        let (hi, lo) = scaledValue.magnitude.multipliedFullWidth(by: other.scaledValue.magnitude)
        guard hi < UInt64(ExprDecimal.unit) else { return nil }
        let q = UInt64(ExprDecimal.unit).dividingFullWidth((hi, lo)).quotient
        return ExprDecimal.signed(q, negative: negative)
    }

    /// Quotient truncated toward zero to 6 decimals; nil on division by zero or overflow.
    public func dividing(by other: ExprDecimal) -> ExprDecimal? {
        guard other.scaledValue != 0 else { return nil }
        let negative = (scaledValue < 0) != (other.scaledValue < 0)
        let divisor = other.scaledValue.magnitude
        let (hi, lo) = scaledValue.magnitude.multipliedFullWidth(by: UInt64(ExprDecimal.unit))
        guard hi < divisor else { return nil }
        let q = divisor.dividingFullWidth((hi, lo)).quotient
        return ExprDecimal.signed(q, negative: negative)
    }

    /// Exact remainder with the sign of the dividend (like `%` on integers); nil on division by zero.
    public func remainder(dividingBy other: ExprDecimal) -> ExprDecimal? {
        guard other.scaledValue != 0 else { return nil }
        let (r, o) = scaledValue.remainderReportingOverflow(dividingBy: other.scaledValue)
        return o ? ExprDecimal.zero : ExprDecimal(scaledValue: r)
    }

    private static func signed(_ magnitude: UInt64, negative: Bool) -> ExprDecimal? {
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return ExprDecimal(scaledValue: Int64(bitPattern: (~magnitude) &+ 1))
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return ExprDecimal(scaledValue: Int64(magnitude))
    }

    /// Orders by numeric value.
    public static func < (lhs: ExprDecimal, rhs: ExprDecimal) -> Bool {
        lhs.scaledValue < rhs.scaledValue
    }

    /// Canonical text without trailing fractional zeros, e.g. "1234.5", "-0.05", "7".
    public var description: String {
        let magnitude = scaledValue.magnitude
        let unit = UInt64(ExprDecimal.unit)
        let whole = magnitude / unit
        var frac = magnitude % unit
        var text = scaledValue < 0 ? "-" + String(whole) : String(whole)
        if frac != 0 {
            var digits = 6
            while frac % 10 == 0 {
                frac /= 10
                digits -= 1
            }
            let fracText = String(frac)
            text += "." + String(repeating: "0", count: digits - fracText.count) + fracText
        }
        return text
    }
}
