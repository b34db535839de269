import Foundation
import O2CAgents
import O2CCore
import O2CDemo
import O2CLedger

/// The ledger a stress check runs against: a fresh SQLite file filled with the demo data (the
/// same company, customers and history as `o2c demo`), opened under the home folder's
/// guardrails at the demo's business date, in a temporary folder removed by `remove()`.
public struct StressLedger: Sendable {
    /// The demo's business date (2026-11-25).
    public static let asOf = BusinessDate(year: 2026, month: 11, day: 25) ?? BusinessDate(dayNumber: 0)

    /// The open ledger.
    public let ledger: Ledger
    /// The temporary folder holding the file.
    public let folder: String

    /// Creates the demo ledger in a new temporary folder and opens it with `home`'s policy.
    public static func make(home: O2CHome, label: String) throws -> StressLedger {
        let folder = NSTemporaryDirectory() + "o2c-stress-\(label)-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/demo.sqlite"
        let clock = ManualClock(date: asOf.adding(days: -200))
        do {
            let seeding = try Ledger.create(path: path, companyName: "Northwind Supplies Inc.", baseCurrency: "USD", clock: clock, policy: DemoData.policy)
            try seeding.setUp(DemoData.masterData(seed: DemoData.defaultSeed, asOf: asOf))
            _ = try DemoData.populate(seeding, clock: clock, seed: DemoData.defaultSeed, asOf: asOf)
            try DemoData.addUsers(seeding)
            let ledger = try Ledger.open(path: path, clock: ManualClock(date: asOf), policy: try home.policy())
            return StressLedger(ledger: ledger, folder: folder)
        } catch {
            try? FileManager.default.removeItem(atPath: folder)
            throw error
        }
    }

    /// Deletes the temporary folder (the ledger must not be used afterwards).
    public func remove() {
        try? FileManager.default.removeItem(atPath: folder)
    }
}
