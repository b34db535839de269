import Foundation
import GRDB
import Testing
@testable import O2CLedger

/// The gate's lean statements bind their arguments themselves (`LeanArguments`): what they
/// store must be exactly what GRDB's own binding stores, for every kind of value.
@Suite("Lean statements")
struct LeanStatementTests {
    /// A scratch SQLite file with one table of every column kind.
    private static func scratch() throws -> DatabaseQueue {
        let dir = NSTemporaryDirectory() + "o2c-lean-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let q = try DatabaseQueue(path: dir + "/scratch.sqlite")
        try q.write { db in try db.execute(sql: "CREATE TABLE t (k INTEGER PRIMARY KEY, txt, num, flag, bytes)") }
        return q
    }

    static let texts = ["", "a", "SO-1001", "exactly15bytes!", "sixteen bytes ok", "Berliner Bau GmbH — Straße 7", "naïve café 日本語 🚚",
                        String(repeating: "long text ", count: 200), "before\0after", "\0", "tab\tnew\nline"]

    @Test(arguments: texts)
    func textIsStoredAsGRDBStoresIt(text: String) throws {
        let q = try Self.scratch()
        try q.write { db in
            try db.leanExec("INSERT INTO t (k, txt) VALUES (?, ?)", [1, text])
            try db.execute(sql: "INSERT INTO t (k, txt) VALUES (?, ?)", arguments: [2, text])
        }
        try q.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT txt, typeof(txt), length(CAST(txt AS BLOB)) FROM t ORDER BY k")
            #expect(rows.count == 2)
            #expect(rows[0] == rows[1], "lean: \(rows[0]), GRDB: \(rows[1])")
            #expect(rows[0][1] as String == "text")
            let back: String? = try db.leanValue("SELECT txt FROM t WHERE k = ?", [1])
            #expect(back == rows[1][0] as String)
        }
    }

    @Test func numbersFlagsBytesAndNullAreStoredAsGRDBStoresThem() throws {
        let q = try Self.scratch()
        let values: [(Int64, Int, Bool, Data?)] = [(.max, .min, true, Data([0, 1, 255])), (.min, 0, false, Data()), (0, 42, true, nil)]
        try q.write { db in
            for (k, v) in values.enumerated() {
                try db.leanExec("INSERT INTO t (k, txt, num, flag, bytes) VALUES (?, ?, ?, ?, ?)", [k * 2, v.0, v.1, v.2, v.3])
                try db.execute(sql: "INSERT INTO t (k, txt, num, flag, bytes) VALUES (?, ?, ?, ?, ?)", arguments: [k * 2 + 1, v.0, v.1, v.2, v.3])
            }
        }
        let rows = try q.read { db in
            try Row.fetchAll(db, sql: "SELECT txt, typeof(txt), num, typeof(num), flag, bytes, typeof(bytes) FROM t ORDER BY k")
        }
        #expect(rows.count == 6)
        for pair in stride(from: 0, to: rows.count, by: 2) {
            #expect(rows[pair] == rows[pair + 1], "lean: \(rows[pair]), GRDB: \(rows[pair + 1])")
        }
        #expect(rows[0][0] as Int64 == .max)
        #expect(rows[4][6] as String == "null")
    }

    @Test func theWrongNumberOfArgumentsIsRefusedAndNothingIsWritten() throws {
        let q = try Self.scratch()
        for arguments: LeanArguments in [[1], [1, "x", "extra"], []] {
            #expect(throws: DatabaseError.self) {
                try q.write { db in try db.leanExec("INSERT INTO t (k, txt) VALUES (?, ?)", arguments) }
            }
        }
        // A statement that was refused leaves no binding behind for the next use.
        try q.write { db in try db.leanExec("INSERT INTO t (k, txt) VALUES (?, ?)", [7, "ok"]) }
        let rows = try q.read { db in try Row.fetchAll(db, sql: "SELECT k, txt FROM t") }
        #expect(rows.count == 1)
        #expect(rows.first?[1] as String? == "ok")
    }

    @Test func aReusedStatementTakesItsNewArgumentsEachTime() throws {
        let q = try Self.scratch()
        try q.write { db in
            for k in 0..<50 { try db.leanExec("INSERT INTO t (k, txt) VALUES (?, ?)", [k, k.isMultiple(of: 2) ? "even \(k)" : nil]) }
        }
        let texts = try q.read { db in try (0..<50).map { k in try db.leanValue("SELECT txt FROM t WHERE k = ?", [k]) as String? } }
        #expect(texts == (0..<50).map { $0.isMultiple(of: 2) ? "even \($0)" : nil })
    }

    @Test func aLedgerWritesWithoutSecureDeleteAndWithItsOtherSettings() throws {
        let f = try Fixture()
        let settings = try f.ledger.write { db in
            try (Int.fetchOne(db, sql: "PRAGMA secure_delete"), Int.fetchOne(db, sql: "PRAGMA synchronous"), Int.fetchOne(db, sql: "PRAGMA cache_size"))
        }
        #expect(settings.0 == 0)
        #expect(settings.1 == 1)  // NORMAL
        #expect(settings.2 == -2000)
    }
}
