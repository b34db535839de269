/// An amount of money: integer minor units and a currency. Never a floating-point value.
public struct Money: Sendable, Hashable, CustomStringConvertible {
    /// The amount in minor units (cents for USD).
    public let minor: Int64
    /// The currency the amount is in.
    public let currency: Currency

    /// Money from minor units.
    public init(minor: Int64, currency: Currency) {
        self.minor = minor
        self.currency = currency
    }

    /// Parses a decimal string such as `"1234.50"` in `currency`.
    /// Refuses more fraction digits than the currency has, signs other than a leading `-`,
    /// exponents, and values that do not fit.
    public init(parsing text: String, currency: Currency) throws(MoneyError) {
        self.minor = try Money.parseMinor(text, exponent: currency.exponent)
        self.currency = currency
    }

    /// The amount as a plain decimal string, `"1234.50"`.
    public var decimalString: String { Money.format(minor: minor, exponent: currency.exponent) }

    /// The amount with its currency, `"1,234.50 USD"`, for people.
    public var description: String { Money.format(minor: minor, exponent: currency.exponent, grouping: true) + " " + currency.code }

    /// Formats minor units as a decimal string with `exponent` fraction digits.
    public static func format(minor: Int64, exponent: Int, grouping: Bool = false) -> String {
        if !grouping, (0...18).contains(exponent) { return plain(minor: minor, exponent: exponent) }
        let negative = minor < 0
        let magnitude = minor.magnitude
        var digits = String(magnitude)
        if digits.count <= exponent {
            digits = String(repeating: "0", count: exponent - digits.count + 1) + digits
        }
        var intPart = String(digits.dropLast(exponent))
        let fracPart = String(digits.suffix(exponent))
        if grouping && intPart.count > 3 {
            var grouped = ""
            for (k, ch) in intPart.enumerated() {
                if k > 0 && (intPart.count - k) % 3 == 0 { grouped.append(",") }
                grouped.append(ch)
            }
            intPart = grouped
        }
        let body = exponent > 0 ? intPart + "." + fracPart : intPart
        return negative ? "-" + body : body
    }

    /// `format` without grouping, written digit by digit into the string's own buffer (an order
    /// read formats seven amounts; the string slicing cost two thousand instructions each).
    private static func plain(minor: Int64, exponent: Int) -> String {
        // At most 20 digits (19 and a leading zero), a point and a sign: 22 bytes.
        String(unsafeUninitializedCapacity: 32) { out in
            // The digits from the last one, at the end of the buffer, then moved to its start.
            var value = minor.magnitude
            var start = out.count
            var written = 0
            repeat {
                start -= 1
                out[start] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
                written += 1
                if written == exponent {
                    start -= 1
                    out[start] = UInt8(ascii: ".")
                }
            } while value > 0 || written <= exponent
            if minor < 0 {
                start -= 1
                out[start] = UInt8(ascii: "-")
            }
            let count = out.count - start
            for k in 0..<count { out[k] = out[start + k] }
            return count
        }
    }

    /// Parses a decimal string to minor units with `exponent` fraction digits.
    public static func parseMinor(_ text: String, exponent: Int) throws(MoneyError) -> Int64 {
        var chars = Substring(text.trimmingSpaces())
        guard !chars.isEmpty else { throw MoneyError.malformed(text) }
        var negative = false
        if chars.first == "-" {
            negative = true
            chars = chars.dropFirst()
        }
        let parts = chars.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let intPart = parts[0]
        let fracPart = parts.count > 1 ? parts[1] : ""
        guard !intPart.isEmpty, intPart.allSatisfy(\.isASCIIDigit), fracPart.allSatisfy(\.isASCIIDigit),
            !(parts.count > 1 && fracPart.isEmpty)
        else { throw MoneyError.malformed(text) }
        var frac = fracPart
        // Trailing zeros beyond the currency's exponent are harmless ("10.500" USD).
        while frac.count > exponent && frac.last == "0" { frac = frac.dropLast() }
        guard frac.count <= exponent else { throw MoneyError.tooPrecise(text, exponent: exponent) }
        let digits = String(intPart) + String(frac) + String(repeating: "0", count: exponent - frac.count)
        guard let value = Int64(digits) else { throw MoneyError.outOfRange(text) }
        return negative ? -value : value
    }

    /// The sum, or nil when it does not fit in 64-bit minor units or the currencies differ.
    public func adding(_ other: Money) -> Money? {
        guard currency == other.currency else { return nil }
        let (sum, overflow) = minor.addingReportingOverflow(other.minor)
        return overflow ? nil : Money(minor: sum, currency: currency)
    }

    /// The difference, or nil when it does not fit in 64-bit minor units or the currencies differ.
    public func subtracting(_ other: Money) -> Money? {
        guard currency == other.currency else { return nil }
        let (difference, overflow) = minor.subtractingReportingOverflow(other.minor)
        return overflow ? nil : Money(minor: difference, currency: currency)
    }
}

/// Why a money string could not be read.
public enum MoneyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not a decimal number.
    case malformed(String)
    /// More fraction digits than the currency has.
    case tooPrecise(String, exponent: Int)
    /// Too large to store.
    case outOfRange(String)

    public var description: String {
        switch self {
        case .malformed(let t): return "'\(t)' is not a decimal amount; write it like \"1234.50\""
        case .tooPrecise(let t, let e): return "'\(t)' has more than \(e) decimal places"
        case .outOfRange(let t): return "'\(t)' is too large"
        }
    }
}

extension Character {
    var isASCIIDigit: Bool { asciiValue.map { $0 >= 48 && $0 <= 57 } ?? false }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\n" || f == "\r" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\n" || l == "\r" { s = s.dropLast() }
        return String(s)
    }
}
