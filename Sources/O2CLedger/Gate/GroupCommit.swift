import Foundation
import GRDB

/// Group commit for the gate: concurrent submissions share one write transaction and one commit.
///
/// A caller queues its gate body and waits. Whoever finds no batch running leads: it takes the
/// waiting bodies (its own among them, first come first served, at most `maxBatch`), runs each in
/// its own savepoint inside one transaction, commits once, and only then hands every caller its
/// outcome; when more submissions queued meanwhile, it leads theirs too (up to `maxRounds`
/// batches in a row), then hands the lead to the first caller still waiting. Each caller sleeps on
/// its own semaphore and is woken once: with its outcome, or to lead (no thundering herd).
/// Each action stays atomic on its own (a body that fails rolls back to its savepoint
/// and leaves the others alone), and nobody hears "executed" before the commit that made it
/// durable; when the commit fails, every caller in the batch gets the error and nothing of the
/// batch is written. A lone caller leads a batch of one: sequential submissions cost what they
/// did. Callers block their thread (the gate is synchronous), as a GRDB write always did.
final class GroupCommit: @unchecked Sendable {
    /// One submission waiting for its batch. The leader writes `result` while the batch runs
    /// and sets `done` under the lock only after the commit, then signals `wake`; or, to hand
    /// this caller the lead, signals `wake` with `done` unset. Either happens exactly once, and
    /// the caller reads `done` and `result` under the lock.
    private final class Pending {
        let body: (Database) throws -> GateOutcome
        var result: Result<GateOutcome, any Error>?
        var done = false
        let wake = DispatchSemaphore(value: 0)
        init(_ body: @escaping (Database) throws -> GateOutcome) { self.body = body }
    }

    /// The most submissions one commit carries (bounds how long the last of them waits).
    let maxBatch: Int
    /// The most batches one caller leads in a row (bounds how long its own outcome waits).
    let maxRounds = 4
    private let lock = NSLock()
    private var waiting: [Pending] = []
    /// Whether a caller leads (or has been handed the lead and is waking up to take it).
    private var leading = false
    private var commitCount = 0
    private var submissionCount = 0

    /// Transactions committed (or tried) so far; `submissions / commits` is the mean batch.
    var commits: Int { lock.withLock { commitCount } }
    /// Submissions so far.
    var submissions: Int { lock.withLock { submissionCount } }
    /// Submissions waiting for a batch now.
    var waitingCount: Int { lock.withLock { waiting.count } }

    init(maxBatch: Int = 64) {
        self.maxBatch = max(1, maxBatch)
    }

    /// Runs `body` in a transaction of `writer` shared with the submissions waiting at the same
    /// time, and returns its outcome once that transaction has committed.
    func submit(_ writer: any DatabaseWriter, _ body: @escaping (Database) throws -> GateOutcome) throws -> GateOutcome {
        let me = Pending(body)
        lock.lock()
        submissionCount += 1
        waiting.append(me)
        if leading {
            lock.unlock()
            me.wake.wait()
            lock.lock()
        }
        if !me.done {
            // First in the queue: alone, or handed the lead (then `leading` is still set).
            leading = true
            lead(from: me, on: writer)
        }
        lock.unlock()
        guard let result = me.result else { throw LedgerError(.storage, "the ledger's write ended without an outcome; nothing was acknowledged") }
        return try result.get()
    }

    /// Runs batches while callers queue (called and returning with the lock held): the first
    /// holds `me`, the first in the queue. Then hands the lead to whoever waits, or gives it up.
    private func lead(from me: Pending, on writer: any DatabaseWriter) {
        var rounds = 0
        repeat {
            commitCount += 1
            rounds += 1
            let batch = Array(waiting.prefix(maxBatch))
            waiting.removeFirst(batch.count)
            lock.unlock()
            Self.execute(batch, on: writer)
            lock.lock()
            for pending in batch {
                pending.done = true
                if pending !== me { pending.wake.signal() }
            }
        } while !waiting.isEmpty && rounds < maxRounds
        if let next = waiting.first {
            next.wake.signal()
        } else {
            leading = false
        }
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
