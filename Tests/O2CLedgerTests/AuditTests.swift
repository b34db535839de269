import Foundation
import GRDB
import O2CCore
import Testing
@testable import O2CLedger

@Suite("The audit log")
struct AuditTests {
    @Test func everyExecutedActionIsAuditedAndTheChainVerifies() throws {
        let f = try Fixture()
        _ = try f.invoicedOrder(customer: "C-001", lines: [["sku": "WID-100", "quantity": 1]])
        let v = try f.ledger.verifyAudit()
        #expect(v.ok)
        #expect(v.records == 2 + 4)  // init, master data, four actions
    }

    /// The record hash is fixed by the file format: SHA-256 over each field as an 8-byte
    /// big-endian length and its UTF-8 bytes, then `on_behalf_of=` when there is one. The
    /// expected values were computed outside o2c (Python's hashlib), so a change in how the
    /// fields are laid out fails here before it breaks every existing ledger's chain.
    @Test func theRecordHashIsTheDocumentedSHA256OfTheLengthPrefixedFields() {
        #expect(Audit.digest(seq: 1, at: "2025-01-01T00:00:00.000Z", actor: "system:workflow", runID: nil, onBehalfOf: nil, action: "init",
                             args: "{}", result: "{}", idempotencyKey: nil, approvalID: nil, prev: Audit.genesis)
                == "deaa1fe1fe90e94812350f743a0104f6a2e732cf6eefc401fee459fe0a8d6a1c")
        #expect(Audit.digest(seq: 42, at: "2026-03-16T09:00:00.000Z", actor: "agent:sales-assistant", runID: "run-7", onBehalfOf: "rep1",
                             action: "create_order", args: #"{"customer_id":"C-1","note":"Grüße"}"#, result: #"{"id":"SO-1001"}"#,
                             idempotencyKey: "key-1", approvalID: "APR-3", prev: String(repeating: "ab", count: 32))
                == "0404898318b56135c67e18beead29c587246fe6e849ce8cd79d8fb1878862b3f")
    }

    @Test(arguments: ["args", "result", "actor", "at"])
    func editingAnAuditRowByHandIsDetectedAndNamed(column: String) throws {
        let f = try Fixture()
        _ = try f.invoicedOrder(customer: "C-001", lines: [["sku": "WID-100", "quantity": 1]])
        let q = try DatabaseQueue(path: f.path)
        // The log is append-only: a plain UPDATE is refused.
        #expect(throws: DatabaseError.self) { try q.write { db in try db.execute(sql: "UPDATE audit_log SET \(column) = 'x' WHERE seq = 4") } }
        // Someone who drops the guard and edits the file is still caught.
        try q.write { db in
            try db.execute(sql: "DROP TRIGGER audit_log_no_update")
            try db.execute(sql: "UPDATE audit_log SET \(column) = \(column) || ' ' WHERE seq = 4")
        }
        let v = try f.ledger.verifyAudit()
        #expect(!v.ok)
        #expect(v.firstBroken == 4)
    }

    @Test func deletingAnAuditRowIsDetected() throws {
        let f = try Fixture()
        _ = try f.invoicedOrder(customer: "C-001", lines: [["sku": "WID-100", "quantity": 1]])
        let q = try DatabaseQueue(path: f.path)
        try q.write { db in
            try db.execute(sql: "DROP TRIGGER audit_log_no_delete")
            try db.execute(sql: "DELETE FROM audit_log WHERE seq = 3")
        }
        let v = try f.ledger.verifyAudit()
        #expect(v.firstBroken == 3)
    }

    /// Deletes the last `n` audit records behind the triggers' back, as someone editing the file would.
    static func cutTail(_ f: Fixture, _ n: Int) throws {
        try f.raw.write { db in
            try db.execute(sql: "DROP TRIGGER IF EXISTS audit_log_no_delete")
            try db.execute(sql: "DELETE FROM audit_log WHERE seq > (SELECT MAX(seq) FROM audit_log) - ?", arguments: [n])
        }
    }

    @Test(arguments: [1, 2, 4])
    func cuttingTheLastRecordsIsDetectedAndNamed(n: Int) throws {
        let f = try Fixture()
        _ = try f.invoicedOrder(customer: "C-001", lines: [["sku": "WID-100", "quantity": 1]])
        let before = try f.ledger.verifyAudit()
        #expect(before.ok && before.records == 6)
        try Self.cutTail(f, n)
        let v = try f.ledger.verifyAudit()
        #expect(!v.ok)
        #expect(v.firstBroken == Int64(6 - n + 1))
        #expect(v.problem?.contains("records from \(6 - n + 1) on were removed") == true, "\(v.problem ?? "")")
        #expect(v.records == 6 - n)
    }

    @Test func cuttingTheRecordOfAParkedRequestOrADecisionIsDetected() throws {
        let f = try Fixture()
        try f.addUsers([("ada", .admin, nil)])
        let id = try #require(try f.submit(.placeCreditHold, ["customer_id": "C-001", "reason": "r"], as: .agent("credit-controller")).approvalID)
        let parked: Int64? = try f.scalar("SELECT audit_seq FROM approvals WHERE id = ?", [id])
        let action: String? = try f.scalar("SELECT action FROM audit_log WHERE seq = ?", [parked])
        #expect(action == "approval.parked")
        try Self.cutTail(f, 1)
        let v = try f.ledger.verifyAudit()
        #expect(!v.ok)
        #expect(v.problem?.contains("approval request \(id)") == true, "\(v.problem ?? "")")

        let g = try Fixture()
        try g.addUsers([("ada", .admin, nil)])
        let other = try #require(try g.submit(.placeCreditHold, ["customer_id": "C-001", "reason": "r"], as: .agent("credit-controller")).approvalID)
        guard case .rejected = try g.ledger.reject(other, by: "ada", note: "no") else { Issue.record("not rejected"); return }
        #expect(try g.ledger.verifyAudit().ok)
        // The rejection wrote a decision record and a status record; cut both.
        try Self.cutTail(g, 2)
        let w = try g.ledger.verifyAudit()
        #expect(!w.ok)
        #expect(w.problem?.contains("reject of \(other) by ada") == true, "\(w.problem ?? "")")
    }

    @Test func aDocumentPointingAtARecordThatDidNotWriteItIsDetected() throws {
        let f = try Fixture()
        _ = try f.invoicedOrder(customer: "C-001", lines: [["sku": "WID-100", "quantity": 1]])
        try f.raw.write { db in try db.execute(sql: "UPDATE journal_entries SET audit_seq = 1") }
        let v = try f.ledger.verifyAudit()
        #expect(!v.ok)
        #expect(v.problem?.contains("a init record that did not write it") == true, "\(v.problem ?? "")")
    }

    @Test func theHeadHashAnchorsWhatNoDocumentNames() throws {
        let f = try Fixture()
        _ = try f.invoicedOrder(customer: "C-001", lines: [["sku": "WID-100", "quantity": 1]])
        _ = try f.ledger.addUser(name: "zed", role: .arClerk, approvalLimit: nil)
        let anchored = try #require(try f.ledger.verifyAudit().headHash)
        #expect(anchored.count == 64)
        #expect(try f.ledger.verifyAudit(expectHead: anchored).ok)
        // The log may grow after the anchor.
        _ = try f.ledger.addUser(name: "amy", role: .arClerk, approvalLimit: nil)
        #expect(try f.ledger.verifyAudit(expectHead: anchored).ok)
        // Cutting records no document names passes the plain check, not the anchored one.
        try Self.cutTail(f, 2)
        #expect(try f.ledger.verifyAudit().ok)
        let v = try f.ledger.verifyAudit(expectHead: anchored)
        #expect(!v.ok)
        #expect(v.problem?.contains("anchored head") == true)
        #expect(v.json["head_hash"] != .null)
        #expect(v.json["first_broken"] != nil)
    }

    @Test func aLedgerOfAnEarlierVersionOpensAndItsAuditLogStillVerifies() throws {
        // A ledger written by o2c before migration 0004: the first three migrations and one record.
        let dir = NSTemporaryDirectory() + "o2c-old-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/old.sqlite"
        let queue = try DatabaseQueue(path: path)
        var migrator = DatabaseMigrator()
        migrator.registerMigration(Migration0001Ledger.id, migrate: Migration0001Ledger.migrate)
        migrator.registerMigration(Migration0002UsersAndApprovalDecisions.id, migrate: Migration0002UsersAndApprovalDecisions.migrate)
        migrator.registerMigration(Migration0003AgentRuns.id, migrate: Migration0003AgentRuns.migrate)
        try migrator.migrate(queue)
        try queue.write { db in
            try db.execute(sql: "INSERT INTO company (id, name, base_currency, created_at) VALUES (1, 'Old Co', 'USD', '2025-01-01T00:00:00.000Z')")
            try db.execute(sql: "INSERT INTO currencies (code, exponent) VALUES ('USD', 2)")
            let hash = Audit.digest(seq: 1, at: "2025-01-01T00:00:00.000Z", actor: "system:workflow", runID: nil, onBehalfOf: nil, action: "init",
                                    args: "{}", result: "{}", idempotencyKey: nil, approvalID: nil, prev: Audit.genesis)
            try db.execute(sql: """
                INSERT INTO audit_log (seq, at, actor, action, args, result, prev_hash, hash)
                VALUES (1, '2025-01-01T00:00:00.000Z', 'system:workflow', 'init', '{}', '{}', ?, ?)
                """, arguments: [Audit.genesis, hash])
        }
        try queue.close()
        let ledger = try Ledger.open(path: path, policy: PermissivePolicy())
        let v = try ledger.verifyAudit()
        #expect(v.ok && v.records == 1, "\(v.problem ?? "")")
        let check = try DatabaseQueue(path: path)
        let columns = try check.read { db in try db.columns(in: "approvals").map(\.name) }
        #expect(columns.contains("on_behalf_of") && columns.contains("audit_seq"))
    }
}
