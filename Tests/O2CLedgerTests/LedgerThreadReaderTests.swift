import Foundation
import GRDB
import O2CCore
import Testing
@testable import O2CLedger

/// A thread's own reading connection (a server's ledger threads): it serves that thread's reads,
/// sees every commit of the ledger's writer and of other connections at once, and cannot write.
@Suite struct LedgerThreadReaderTests {
    @Test func aBoundReaderServesTheThreadsReadsAndSeesEachCommitAtOnce() throws {
        let f = try Fixture()
        let reader = try LedgerThreadReader(ledger: f.ledger)
        reader.bind()
        defer { reader.unbind() }
        #expect(LedgerThreadReader.current === reader)
        #expect(try f.ledger.orders().isEmpty)
        let order = try f.must(.createOrder, ["customer_id": "C-001", "lines": [["sku": "WID-100", "quantity": 3]]])
        #expect(try f.ledger.order(order).status == "approved")
        // Another connection's commit (as another process's) is seen by the next read.
        try f.raw.write { db in try db.execute(sql: "UPDATE customers SET owner = 'zoe' WHERE id = 'C-001'") }
        #expect(try f.ledger.customerOwner("C-001") == "zoe")
        #expect(try f.ledger.customerOwner("C-404") == nil)
    }

    @Test func aReaderCannotWriteAndAFailedReadLeavesNoTransactionOpen() throws {
        let f = try Fixture()
        let reader = try LedgerThreadReader(ledger: f.ledger)
        #expect(throws: DatabaseError.self) { try reader.read { db in try db.execute(sql: "DELETE FROM customers") } }
        #expect(try f.scalar("SELECT count(*) FROM customers") == 4)
        // The failed read was rolled back: the next one begins its own transaction.
        #expect(try reader.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM customers") } == 4)
    }

    @Test func readsMadeTogetherShareOneSnapshotOnAThreadReaderAndNotElsewhere() throws {
        let f = try Fixture()
        let reader = try LedgerThreadReader(ledger: f.ledger)
        func ownersAroundACommit(_ owner: String) throws -> (String?, String?) {
            try f.ledger.readingTogether {
                let before = try f.ledger.customerOwner("C-001")
                try f.raw.write { db in try db.execute(sql: "UPDATE customers SET owner = ? WHERE id = 'C-001'", arguments: [owner]) }
                return (before, try f.ledger.customerOwner("C-001"))
            }
        }
        // Through the pool (no reader bound): each read is its own transaction.
        #expect(try ownersAroundACommit("zoe") == ("sam", "zoe"))
        reader.bind()
        defer { reader.unbind() }
        // On the thread's reader: one transaction, one snapshot; the next read sees the commit.
        #expect(try ownersAroundACommit("max") == ("zoe", "zoe"))
        #expect(try f.ledger.customerOwner("C-001") == "max")
    }

    @Test func anErrorInsideReadsMadeTogetherPassesAsItIsAndEndsTheTransaction() throws {
        struct Refused: Error {}
        let f = try Fixture()
        let reader = try LedgerThreadReader(ledger: f.ledger)
        reader.bind()
        defer { reader.unbind() }
        #expect(throws: Refused.self) { try f.ledger.readingTogether { _ = try f.ledger.customerOwner("C-001"); throw Refused() } }
        #expect(throws: LedgerError.self) { try f.ledger.readingTogether { try f.ledger.order("SO-404") } }
        try f.raw.write { db in try db.execute(sql: "UPDATE customers SET owner = 'zoe' WHERE id = 'C-001'") }
        #expect(try f.ledger.customerOwner("C-001") == "zoe")
        #expect(try reader.read { db in db.isInsideTransaction })
        #expect(try reader.read { _ in try reader.read { db in db.isInsideTransaction } })
    }

    @Test func unbindingHandsTheThreadsReadsBackToThePool() throws {
        let f = try Fixture()
        let reader = try LedgerThreadReader(ledger: f.ledger)
        reader.bind()
        reader.unbind()
        #expect(LedgerThreadReader.current == nil)
        #expect(try f.ledger.customerOwner("C-001") == "sam")
    }

    @Test func aReadOnlyLedgerHasNoThreadReader() throws {
        let f = try Fixture()
        let readOnly = try Ledger.openForReading(path: f.path, clock: f.clock, policy: PermissivePolicy())
        #expect(throws: LedgerError.self) { try LedgerThreadReader(ledger: readOnly) }
    }
}
