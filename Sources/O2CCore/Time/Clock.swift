import Foundation

/// The source of "now" for the ledger; injected so tests and the demo control time.
public protocol LedgerClock: Sendable {
    /// The current instant.
    func now() -> Date
}

extension LedgerClock {
    /// Today's business date in UTC.
    public func today() -> BusinessDate {
        BusinessDate(dayNumber: Int((now().timeIntervalSince1970 / 86_400).rounded(.down)))
    }
}

/// The system's wall clock.
public struct SystemClock: LedgerClock {
    /// The wall clock.
    public init() {}
    public func now() -> Date { Date() }
}

/// A clock that stays where it is put; for tests, the demo generator and benchmarks.
public final class ManualClock: LedgerClock, Sendable {
    private let current: Locked<Date>

    /// A clock showing `start`.
    public init(_ start: Date) { current = Locked(start) }

    /// A clock showing midday UTC of `date`.
    public convenience init(date: BusinessDate) {
        self.init(ManualClock.midday(date))
    }

    public func now() -> Date { current.withLock { $0 } }

    /// Moves the clock forward by `seconds`.
    public func advance(seconds: Int) { current.withLock { $0 = $0.addingTimeInterval(Double(seconds)) } }

    /// Sets the clock to midday UTC of `date`.
    public func set(date: BusinessDate) { current.withLock { $0 = ManualClock.midday(date) } }

    private static func midday(_ date: BusinessDate) -> Date { Date(timeIntervalSince1970: Double(date.dayNumber) * 86_400 + 43_200) }
}

extension Date {
    /// ISO 8601 timestamp in UTC with milliseconds, `2026-11-25T10:00:00.000Z`.
    public var iso8601: String {
        let ms = Int64((timeIntervalSince1970 * 1000).rounded(.down))
        let day = Int(ms >= 0 ? ms / 86_400_000 : (ms - 86_399_999) / 86_400_000)
        let rest = ms - Int64(day) * 86_400_000
        let h = rest / 3_600_000
        let m = (rest / 60_000) % 60
        let s = (rest / 1000) % 60
        let milli = rest % 1000
        let date = BusinessDate(dayNumber: day)
        let c = date.components
        if (0...9999).contains(c.year) {
            return String(unsafeUninitializedCapacity: 24) { out in
                ISODigits.writeDate(c, into: out)
                out[10] = UInt8(ascii: "T")
                ISODigits.write(Int(h), width: 2, into: out, at: 11)
                out[13] = UInt8(ascii: ":")
                ISODigits.write(Int(m), width: 2, into: out, at: 14)
                out[16] = UInt8(ascii: ":")
                ISODigits.write(Int(s), width: 2, into: out, at: 17)
                out[19] = UInt8(ascii: ".")
                ISODigits.write(Int(milli), width: 3, into: out, at: 20)
                out[23] = UInt8(ascii: "Z")
                return 24
            }
        }
        func pad(_ v: Int64, _ w: Int) -> String {
            let t = String(v)
            return String(repeating: "0", count: max(0, w - t.count)) + t
        }
        return "\(date.iso)T\(pad(h, 2)):\(pad(m, 2)):\(pad(s, 2)).\(pad(milli, 3))Z"
    }
}
