import O2CCore
import Testing

@Suite("Money, dates and JSON")
struct MoneyTests {
    @Test(arguments: [("1234.50", 2, Int64(123_450)), ("0.01", 2, 1), ("-3", 2, -300), ("10.500", 2, 1050), ("7", 0, 7), ("1.234", 3, 1234)])
    func parsesDecimalStrings(text: String, exponent: Int, minor: Int64) throws {
        #expect(try Money.parseMinor(text, exponent: exponent) == minor)
    }

    @Test(arguments: ["", "abc", "1.2.3", "1e5", "+1", "1.", ".5", "12.345", "99999999999999999999"])
    func refusesWhatIsNotAnAmount(text: String) {
        #expect(throws: MoneyError.self) { try Money.parseMinor(text, exponent: 2) }
    }

    /// `Money.format` as it was written before its digit-by-digit path, the reference.
    static func reference(_ minor: Int64, _ exponent: Int) -> String {
        var digits = String(minor.magnitude)
        if digits.count <= exponent { digits = String(repeating: "0", count: exponent - digits.count + 1) + digits }
        let body = exponent > 0 ? String(digits.dropLast(exponent)) + "." + String(digits.suffix(exponent)) : digits
        return minor < 0 ? "-" + body : body
    }

    @Test func formattingWithoutGroupingGivesTheReferenceTextForEveryExponentAndEdge() {
        var values: [Int64] = [0, 1, -1, 9, 10, 99, 100, -100, 101, 999, 1_000, 123_456_789, .max, .min, .max - 1, .min + 1]
        var x: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<500 {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17
            values.append(Int64(bitPattern: x) >> Int64(x % 60))
        }
        for exponent in 0...18 {
            for v in values { #expect(Money.format(minor: v, exponent: exponent) == Self.reference(v, exponent), "\(v) e\(exponent)") }
        }
        #expect(Money.format(minor: -5, exponent: 2) == "-0.05")
        #expect(Money.format(minor: 0, exponent: 0) == "0")
    }

    @Test func formatsWithTheCurrencyExponent() {
        #expect(Money(minor: 123_450, currency: Currency.lookup("USD")!).decimalString == "1234.50")
        #expect(Money(minor: -5, currency: Currency.lookup("USD")!).decimalString == "-0.05")
        #expect(Money(minor: 1500, currency: Currency.lookup("JPY")!).decimalString == "1500")
        #expect(Money(minor: 123_456_789, currency: Currency.lookup("USD")!).description == "1,234,567.89 USD")
    }

    @Test func businessDatesRoundTripAndCount() throws {
        let d = try #require(BusinessDate(iso: "2024-02-29"))
        #expect(d.iso == "2024-02-29")
        #expect(d.adding(days: 1).iso == "2024-03-01")
        #expect(BusinessDate(iso: "2023-02-29") == nil)
        #expect(try #require(BusinessDate(iso: "2026-11-25")).days(since: d) == 1000)
    }

    @Test func jsonKeepsNumbersExactAndReportsWhereItBroke() throws {
        let v = try JSONParser().parse(#"{"amount": 0.1, "n": [1, 2.50, -3e2], "s": "é\n\u00e9"}"#)
        #expect(v["amount"] == .number("0.1"))
        #expect(v["n"]?.arrayValue?[1] == .number("2.50"))
        #expect(v.canonical == #"{"amount":0.1,"n":[1,2.50,-3e2],"s":"é\né"}"#)
        do {
            _ = try JSONParser().parse("{\n  \"a\": 1,\n  \"b\": }")
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 3)
        }
        #expect(throws: JSONParseError.self) { try JSONParser().parse(String(repeating: "[", count: 100) + String(repeating: "]", count: 100)) }
        #expect(throws: JSONParseError.self) { try JSONParser().parse(#"{"a": 1, "a": 2}"#) }
    }
}
