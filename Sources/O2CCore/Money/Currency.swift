/// An ISO 4217 currency with the number of digits of its minor unit.
public struct Currency: Sendable, Hashable, CustomStringConvertible {
    /// The three-letter code, upper case (`USD`).
    public let code: String
    /// Digits after the decimal point (2 for USD, 0 for JPY).
    public let exponent: Int

    /// A currency from its code and exponent.
    public init(code: String, exponent: Int) {
        self.code = code
        self.exponent = exponent
    }

    public var description: String { code }

    /// The ISO 4217 currencies o2c knows, by code.
    public static let known: [String: Currency] = {
        var table: [String: Currency] = [:]
        for (code, exp) in [
            ("USD", 2), ("EUR", 2), ("GBP", 2), ("CHF", 2), ("CAD", 2), ("AUD", 2), ("NZD", 2),
            ("SEK", 2), ("NOK", 2), ("DKK", 2), ("PLN", 2), ("CZK", 2), ("HUF", 2), ("SGD", 2),
            ("HKD", 2), ("CNY", 2), ("INR", 2), ("MXN", 2), ("BRL", 2), ("ZAR", 2), ("JPY", 0),
            ("KRW", 0), ("ISK", 0), ("BHD", 3), ("KWD", 3), ("JOD", 3), ("OMR", 3), ("TND", 3),
        ] {
            table[code] = Currency(code: code, exponent: exp)
        }
        return table
    }()

    /// Looks a currency up by its code; nil when the code is not ISO 4217 or not known.
    public static func lookup(_ code: String) -> Currency? { known[code] }

    /// 10 to the power of the exponent.
    public var minorPerMajor: Int64 {
        var v: Int64 = 1
        for _ in 0..<exponent { v *= 10 }
        return v
    }
}
