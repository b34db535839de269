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
}
