import O2CCore
import O2CDemo
import O2CLedger

/// The demo ledger scenarios and benchmarks start from (seed 42, as of 2026-11-25).
enum DemoLedger {
    static let asOf = BusinessDate(year: 2026, month: 11, day: 25) ?? BusinessDate(dayNumber: 0)

    static func create(path: String) throws {
        let clock = ManualClock(date: asOf.adding(days: -200))
        let ledger = try Ledger.create(path: path, companyName: "Northwind Supplies Inc.", baseCurrency: "USD", clock: clock, policy: DemoData.policy)
        try ledger.setUp(DemoData.masterData(seed: DemoData.defaultSeed, asOf: asOf))
        _ = try DemoData.populate(ledger, clock: clock, seed: DemoData.defaultSeed, asOf: asOf)
        try DemoData.addUsers(ledger)
    }
}
