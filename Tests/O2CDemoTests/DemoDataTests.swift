import Foundation
import GRDB
import O2CCore
import O2CDemo
import O2CLedger
import Testing

@Suite struct DemoDataTests {
    static let asOf = BusinessDate(iso: "2026-11-25") ?? BusinessDate(dayNumber: 0)

    /// A demo ledger built through the public API only, as `o2c init --demo` builds it.
    static func build(seed: UInt64) throws -> String {
        let path = NSTemporaryDirectory() + "o2c-demo-\(UUID().uuidString).sqlite"
        let clock = ManualClock(date: DemoData.historyStart(asOf: asOf))
        let ledger = try Ledger.create(path: path, companyName: "Northwind Supplies Inc.", baseCurrency: "USD", clock: clock, policy: DemoData.policy)
        try ledger.setUp(DemoData.masterData(seed: seed, asOf: asOf))
        _ = try DemoData.populate(ledger, clock: clock, seed: seed, asOf: asOf)
        try DemoData.addUsers(ledger)
        return path
    }

    /// Every row of every table, in storage order, as text; users' token hashes (random by
    /// design) are left out.
    static func content(_ path: String) throws -> [String: [String]] {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in
            var out: [String: [String]] = [:]
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            for table in tables {
                let rows = try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\"")
                out[table] = rows.map { row in
                    row.columnNames.filter { $0 != "token_hash" }.map { "\($0)=\(row[$0] as DatabaseValue)" }.joined(separator: "|")
                }
            }
            return out
        }
    }

    @Test func theSameSeedAndDateGiveTheSameLedgerRowForRow() throws {
        let a = try Self.build(seed: 42), b = try Self.build(seed: 42)
        let ca = try Self.content(a), cb = try Self.content(b)
        #expect(ca.keys.sorted() == cb.keys.sorted())
        for table in ca.keys.sorted() { #expect(ca[table] == cb[table], "table \(table) differs") }
        #expect((ca["orders"]?.count ?? 0) > 100 && (ca["audit_log"]?.count ?? 0) > 1000)
        #expect(ca["customers"]?.contains { $0.contains("id=\"C-001\"") && $0.contains("Acme Corp") } == true)
        let other = try Self.content(try Self.build(seed: 7))
        #expect(other["orders"] != ca["orders"], "another seed gives another history")
    }
}
