/// A calendar date without a time zone (`2026-11-25`), as business documents use.
public struct BusinessDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public let dayNumber: Int

    /// A date from its day number since 1970-01-01.
    public init(dayNumber: Int) { self.dayNumber = dayNumber }

    /// A date from year, month and day; nil when it does not exist.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= BusinessDate.daysIn(month: month, year: year),
            (1900...9999).contains(year)
        else { return nil }
        dayNumber = BusinessDate.days(year: year, month: month, day: day)
    }

    /// Parses an ISO 8601 date, `YYYY-MM-DD`.
    public init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The date `n` days later (earlier when negative).
    public func adding(days n: Int) -> BusinessDate { BusinessDate(dayNumber: dayNumber + n) }

    /// Days from `other` to this date.
    public func days(since other: BusinessDate) -> Int { dayNumber - other.dayNumber }

    /// Year, month and day.
    public var components: (year: Int, month: Int, day: Int) {
        // Civil-from-days (Howard Hinnant's algorithm).
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }

    /// `YYYY-MM-DD`.
    public var iso: String {
        let c = components
        if (0...9999).contains(c.year) {
            // The common case without building Strings piece by piece (the gate writes several per action).
            return String(unsafeUninitializedCapacity: 10) { out in
                ISODigits.writeDate(c, into: out)
                return 10
            }
        }
        func pad(_ v: Int, _ w: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, w - s.count)) + s
        }
        return "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2))"
    }

    public var description: String { iso }

    public static func < (a: BusinessDate, b: BusinessDate) -> Bool { a.dayNumber < b.dayNumber }

    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// Zero-padded decimal digits written straight into a buffer, for ISO dates and timestamps.
enum ISODigits {
    /// Writes the last `width` decimal digits of `value` (0 or more) at `offset`.
    static func write(_ value: Int, width: Int, into out: UnsafeMutableBufferPointer<UInt8>, at offset: Int) {
        var v = value
        for k in stride(from: offset + width - 1, through: offset, by: -1) {
            out[k] = UInt8(truncatingIfNeeded: 0x30 + v % 10)
            v /= 10
        }
    }

    /// Writes `YYYY-MM-DD` (a year of 0 to 9999) into the first ten bytes.
    static func writeDate(_ c: (year: Int, month: Int, day: Int), into out: UnsafeMutableBufferPointer<UInt8>) {
        write(c.year, width: 4, into: out, at: 0)
        out[4] = UInt8(ascii: "-")
        write(c.month, width: 2, into: out, at: 5)
        out[7] = UInt8(ascii: "-")
        write(c.day, width: 2, into: out, at: 8)
    }
}
