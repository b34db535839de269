import Foundation
import GRDB

/// Group commit for the gate: concurrent submissions share one write transaction and one commit.
///
/// A caller queues its gate body and waits. Whoever finds no batch running leads: it takes the
/// waiting bodies (its own among them, first come first served, at most `maxBatch`), runs each in
/// its own savepoint inside one transaction, commits once, and only then hands every caller its
/// outcome. Each action stays atomic on its own (a body that fails rolls back to its savepoint
/// and leaves the others alone), and nobody hears "executed" before the commit that made it
/// durable; when the commit fails, every caller in the batch gets the error and nothing of the
/// batch is written. A lone caller leads a batch of one: sequential submissions cost what they
/// did. Callers block their thread (the gate is synchronous), as a GRDB write always did.
final class GroupCommit: @unchecked Sendable {
    /// One submission waiting for its batch. The leader writes `result` while the batch runs
    /// and sets `done` under the lock only after the commit; the caller reads `result` only once
    /// it sees `done` under the lock. (A caller woken for an earlier batch may take the lock
    /// while its own batch is still running: `result` is already there then, but not durable.)
    private final class Pending {
        let body: (Database) throws -> GateOutcome
        var result: Result<GateOutcome, any Error>?
        var done = false
        init(_ body: @escaping (Database) throws -> GateOutcome) { self.body = body }
    }

    /// The most submissions one commit carries (bounds how long the last of them waits).
    let maxBatch: Int
    private let condition = NSCondition()
    private var waiting: [Pending] = []
    private var leading = false
    private var commitCount = 0
    private var submissionCount = 0

    /// Transactions committed (or tried) so far; `submissions / commits` is the mean batch.
    var commits: Int { condition.lock(); defer { condition.unlock() }; return commitCount }
    /// Submissions so far.
    var submissions: Int { condition.lock(); defer { condition.unlock() }; return submissionCount }
    /// Submissions waiting for a batch now.
    var waitingCount: Int { condition.lock(); defer { condition.unlock() }; return waiting.count }

    init(maxBatch: Int = 64) {
        self.maxBatch = max(1, maxBatch)
    }

    /// Runs `body` in a transaction of `writer` shared with the submissions waiting at the same
    /// time, and returns its outcome once that transaction has committed.
    func submit(_ writer: any DatabaseWriter, _ body: @escaping (Database) throws -> GateOutcome) throws -> GateOutcome {
        let me = Pending(body)
        condition.lock()
        submissionCount += 1
        waiting.append(me)
        while !me.done {
            if leading {
                condition.wait()
                continue
            }
            leading = true
            commitCount += 1
            let batch = Array(waiting.prefix(maxBatch))
            waiting.removeFirst(batch.count)
            condition.unlock()
            Self.execute(batch, on: writer)
            condition.lock()
            for pending in batch { pending.done = true }
            leading = false
            condition.broadcast()
        }
        condition.unlock()
        guard let result = me.result else { throw LedgerError(.storage, "the ledger's write ended without an outcome; nothing was acknowledged") }
        return try result.get()
    }

    /// One transaction for the batch: each body in its own savepoint, one commit.
    private static func execute(_ batch: [Pending], on writer: any DatabaseWriter) {
        do {
            try writer.write { db in
                if batch.count == 1 {
                    // Alone in its transaction: a failure rolls the transaction back.
                    batch[0].result = .success(try batch[0].body(db))
                    return
                }
                for pending in batch {
                    do {
                        try db.gateSavepoint {
                            pending.result = .success(try pending.body(db))
                            return .commit
                        }
                    } catch {
                        // SQLite ends the whole transaction on some failures (disk full, I/O):
                        // then nothing of the batch can commit, so fail it all.
                        guard db.isInsideTransaction else { throw error }
                        pending.result = .failure(error)
                    }
                }
            }
        } catch {
            for pending in batch { pending.result = .failure(error) }
        }
    }
}
