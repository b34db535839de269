import Foundation
import GRDB
import O2CCore
import Testing
@testable import O2CLedger

/// Concurrent gate submissions share commits and stay each atomic, exact and audited.
@Suite struct GroupCommitTests {
    /// Runs `body(k)` for k in 0..<count, each on its own thread, and waits for all.
    private func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        let group = DispatchGroup()
        for k in 0..<count {
            group.enter()
            Thread { body(k); group.leave() }.start()
        }
        group.wait()
    }

    /// A scratch database with one table `t (n)`, and its folder (for the caller to remove).
    private func scratchPool() throws -> (String, DatabasePool) {
        let dir = NSTemporaryDirectory() + "o2c-gc-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let pool = try DatabasePool(path: dir + "/t.sqlite")
        try pool.write { db in try db.execute(sql: "CREATE TABLE t (n INTEGER PRIMARY KEY)") }
        return (dir, pool)
    }

    @Test func concurrentCyclesFromSixteenThreadsAllExecuteOnceWithABalancedLedgerAndAnUnbrokenAuditChain() throws {
        let f = try Fixture()
        let failures = Locked<[String]>([])
        let invalidSeen = Locked(0)
        onThreads(16) { k in
            do {
                for n in 0..<8 {
                    _ = try f.invoicedOrder(customer: "C-001", lines: [["sku": "BK-1", "quantity": .int(1 + n % 3)]])
                    // A bad request in the middle of other threads' batches fails alone.
                    let bad = try f.submit(.createOrder, ["customer_id": "C-001", "lines": [["sku": .string("NOPE-\(k)"), "quantity": 1]]])
                    if bad.isInvalid { invalidSeen.withLock { $0 += 1 } }
                }
            } catch {
                failures.withLock { $0.append("thread \(k): \(error)") }
            }
        }
        #expect(failures.withLock { $0 } == [])
        #expect(invalidSeen.withLock { $0 } == 16 * 8)
        #expect(try f.scalar("SELECT count(*) FROM orders") as Int? == 16 * 8)
        #expect(try f.scalar("SELECT count(*) FROM invoices") as Int? == 16 * 8)
        // Four audited actions per order, numbered without gaps.
        #expect(try f.scalar("SELECT count(*) FROM audit_log WHERE action IN ('create_order', 'reserve_stock', 'ship_order', 'issue_invoice')") as Int? == 16 * 8 * 4)
        #expect(try f.scalar("SELECT max(seq) - min(seq) + 1 = count(*) FROM audit_log") as Bool? == true)
        #expect(try f.ledger.invariantViolations() == [])
        #expect(try f.ledger.verifyAudit().ok)
    }

    @Test func oneIdempotencyKeyFromSixteenThreadsAtOnceCreatesOneOrder() throws {
        let f = try Fixture()
        let ids = Locked<[String]>([])
        onThreads(16) { _ in
            let outcome = try? f.submit(.createOrder, ["customer_id": "C-001", "lines": [["sku": "BK-1", "quantity": 2]]], key: "po-4711")
            if case .executed(let r)? = outcome { ids.withLock { $0.append(r.id) } }
        }
        let all = ids.withLock { $0 }
        #expect(all.count == 16)
        #expect(Set(all).count == 1)
        #expect(try f.scalar("SELECT count(*) FROM orders") as Int? == 1)
    }

    @Test func nobodyHearsTheirOutcomeBeforeTheCommitThatMakesItDurable() throws {
        let (dir, pool) = try scratchPool()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let commit = GroupCommit()
        let unseen = Locked<[Int]>([])
        // Each caller reads its own row right after hearing "done": a caller woken for an earlier
        // batch must not leave while its own batch is still running.
        onThreads(32) { k in
            for i in 0..<20 {
                let n = k * 100 + i
                _ = try? commit.submit(pool) { db in
                    try db.execute(sql: "INSERT INTO t VALUES (?)", arguments: [n])
                    return .denied(rules: [])
                }
                let seen = (try? pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM t WHERE n = ?", arguments: [n]) }) ?? 0
                if seen != 1 { unseen.withLock { $0.append(n) } }
            }
        }
        #expect(unseen.withLock { $0 } == [])
        #expect(try pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM t") } == 640)
        #expect(commit.submissions == 640)
        try pool.close()
    }

    /// The lead passes from caller to caller: with 48 threads submitting without pause, some
    /// bodies failing, every caller still returns with its own outcome, and batches of more than
    /// one form.
    @Test func underAStreamOfSubmissionsTheLeadPassesOnAndEveryCallerReturnsWithItsOwnOutcome() throws {
        let (dir, pool) = try scratchPool()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let commit = GroupCommit()
        struct Refused: Error {}
        let wrong = Locked<[Int]>([])
        let finished = DispatchSemaphore(value: 0)
        Thread {
            onThreads(48) { k in
                for i in 0..<40 {
                    let n = k * 1000 + i
                    let outcome = try? commit.submit(pool) { db in
                        try db.execute(sql: "INSERT INTO t VALUES (?)", arguments: [n])
                        if n % 7 == 0 { throw Refused() }
                        return .pendingApproval(id: "A-\(n)", rules: [])
                    }
                    let fine: Bool
                    if case .pendingApproval(let id, _)? = outcome { fine = n % 7 != 0 && id == "A-\(n)" } else { fine = outcome == nil && n % 7 == 0 }
                    if !fine { wrong.withLock { $0.append(n) } }
                }
            }
            finished.signal()
        }.start()
        // A lost wake-up would leave a caller asleep for ever: fail instead of hanging the suite.
        #expect(finished.wait(timeout: .now() + 120) == .success, "a caller never returned")
        #expect(wrong.withLock { $0 } == [])
        let stored = Set(try pool.read { db in try Int.fetchAll(db, sql: "SELECT n FROM t") })
        var expected = Set<Int>()
        for k in 0..<48 { for i in 0..<40 where (k * 1000 + i) % 7 != 0 { expected.insert(k * 1000 + i) } }
        #expect(expected.subtracting(stored).sorted() == [] && stored.subtracting(expected).sorted() == [])
        #expect(commit.submissions == 48 * 40)
        #expect(commit.commits < commit.submissions)
        try pool.close()
    }

    @Test func submissionsWaitingWhileACommitRunsShareTheNextOneAndAFailingBodyRollsBackOnlyItself() throws {
        let (dir, pool) = try scratchPool()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let commit = GroupCommit()
        let release = DispatchSemaphore(value: 0)
        let results = Locked<[Int: Bool]>([:])
        struct Refused: Error {}
        let group = DispatchGroup()
        // The first submission holds its batch until five more wait behind it.
        group.enter()
        Thread {
            let r = try? commit.submit(pool) { db in
                release.wait()
                try db.execute(sql: "INSERT INTO t VALUES (0)")
                return .denied(rules: [])
            }
            results.withLock { $0[0] = r != nil }
            group.leave()
        }.start()
        while commit.commits < 1 { usleep(1000) }
        for n in 1...5 {
            group.enter()
            Thread {
                let r = try? commit.submit(pool) { db in
                    try db.execute(sql: "INSERT INTO t VALUES (?)", arguments: [n])
                    if n == 3 { throw Refused() }
                    return .denied(rules: [])
                }
                results.withLock { $0[n] = r != nil }
                group.leave()
            }.start()
        }
        while commit.waitingCount < 5 { usleep(1000) }
        release.signal()
        group.wait()
        #expect(commit.commits == 2)
        #expect(results.withLock { $0 } == [0: true, 1: true, 2: true, 3: false, 4: true, 5: true])
        #expect(try pool.read { db in try Int.fetchAll(db, sql: "SELECT n FROM t ORDER BY n") } == [0, 1, 2, 4, 5])
        try pool.close()
    }
}
