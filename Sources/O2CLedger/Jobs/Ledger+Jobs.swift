import Foundation
import GRDB
import O2CCore

/// The workflow's durable jobs. Jobs are workflow state, not the books: a job's effect on the
/// ledger still goes through the gate (`submit`), with an idempotency key derived from the job.
/// Every change here is one IMMEDIATE transaction, so two workers (threads or processes) never
/// hold one job at once.
extension Ledger {
    /// Enqueues a job unless one with its key exists; returns the job and whether it is new.
    @discardableResult
    public func enqueue(_ job: NewJob) throws(LedgerError) -> (job: Job, created: Bool) {
        try Self.checkJob(job)
        let now = clock.now()
        return try write { db in
            if let existing = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM jobs WHERE key = ?"), arguments: [job.key]) {
                return (Job(row: existing), false)
            }
            let seq = try Self.insertJob(db, job, now: now)
            guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM jobs WHERE seq = ?"), arguments: [seq]) else {
                throw LedgerError(.storage, "job \(job.key) vanished after it was written")
            }
            return (Job(row: row), true)
        }
    }

    /// Takes the next runnable job (queued and due, or running under a lease that has expired:
    /// its worker stopped) and leases it to `owner` for `leaseSeconds`; nil when nothing is
    /// runnable. With `key`, only that job. A job whose lease expired after its last try is
    /// parked `failed` instead of being run again.
    public func claimJob(owner: String, leaseSeconds: Double, key: String? = nil) throws(LedgerError) -> Job? {
        guard !owner.isEmpty, leaseSeconds > 0, leaseSeconds <= 86_400 else {
            throw LedgerError(.badRequest, "a lease needs an owner and 0 < seconds ≤ 86400")
        }
        let now = clock.now()
        let nowText = now.iso8601
        return try write { db in
            while true {
                let keyFilter = key == nil ? "" : " AND key = ?2"
                let args: StatementArguments = key.map { [nowText, $0] } ?? [nowText]
                let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM jobs WHERE status = 'running' AND lease_expires_at <= ?1\(keyFilter) ORDER BY seq LIMIT 1"),
                                           arguments: args)
                    ?? Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM jobs WHERE status = 'queued' AND run_after <= ?1\(keyFilter) ORDER BY run_after, seq LIMIT 1"),
                                    arguments: args)
                guard let row else { return nil }
                let seq: Int64 = row["seq"]
                let attempts: Int = row["attempts"], maxAttempts: Int = row["max_attempts"]
                if attempts >= maxAttempts {
                    let why = "its worker stopped during the last of \(maxAttempts) tries (lease of \(row["lease_owner"] as String? ?? "?") expired)"
                    try db.cachedStatement(sql: """
                        UPDATE jobs SET status = 'failed', lease_owner = NULL, lease_expires_at = NULL, last_error = ?, updated_at = ? WHERE seq = ?
                        """).execute(arguments: [why, nowText, seq])
                    continue
                }
                try db.cachedStatement(sql: """
                    UPDATE jobs SET status = 'running', attempts = attempts + 1, lease_owner = ?, lease_expires_at = ?, updated_at = ? WHERE seq = ?
                    """).execute(arguments: [owner, now.addingTimeInterval(leaseSeconds).iso8601, nowText, seq])
                guard let claimed = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM jobs WHERE seq = ?"), arguments: [seq]) else { return nil }
                return Job(row: claimed)
            }
        }
    }

    /// Extends the lease of a job `owner` still holds; false when the lease was lost (it
    /// expired and another worker took the job).
    public func extendLease(jobID: String, owner: String, leaseSeconds: Double) throws(LedgerError) -> Bool {
        let now = clock.now()
        return try write { db in
            try db.cachedStatement(sql: "UPDATE jobs SET lease_expires_at = ?, updated_at = ? WHERE id = ? AND status = 'running' AND lease_owner = ?")
                .execute(arguments: [now.addingTimeInterval(leaseSeconds).iso8601, now.iso8601, jobID, owner])
            return db.changesCount == 1
        }
    }

    /// Marks a job `owner` holds as done with its result; false when the lease was lost.
    public func completeJob(_ id: String, owner: String, result: JSONValue) throws(LedgerError) -> Bool {
        let now = clock.now().iso8601
        return try write { db in
            try db.cachedStatement(sql: """
                UPDATE jobs SET status = 'done', result = ?, last_error = NULL, lease_owner = NULL, lease_expires_at = NULL, updated_at = ?
                WHERE id = ? AND status = 'running' AND lease_owner = ?
                """).execute(arguments: [result.canonical, now, id, owner])
            return db.changesCount == 1
        }
    }

    /// Records a failed try of a job `owner` holds: queued again after `retryAfterSeconds`, or
    /// parked `failed` when that was its last try (or `permanent`: trying again cannot help).
    /// Returns the job's new status, nil when the lease was lost.
    public func failJob(_ id: String, owner: String, error: String, retryAfterSeconds: Double, permanent: Bool = false) throws(LedgerError) -> Job.Status? {
        let now = clock.now()
        let message = String(error.prefix(2000))
        return try write { db in
            guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT attempts, max_attempts FROM jobs WHERE id = ? AND status = 'running' AND lease_owner = ?"),
                                             arguments: [id, owner])
            else { return nil }
            let parked = permanent || (row["attempts"] as Int) >= (row["max_attempts"] as Int)
            let delay = max(0, min(retryAfterSeconds, 86_400))
            try db.cachedStatement(sql: """
                UPDATE jobs SET status = ?, run_after = ?, last_error = ?, lease_owner = NULL, lease_expires_at = NULL, updated_at = ? WHERE id = ?
                """).execute(arguments: [parked ? "failed" : "queued", now.addingTimeInterval(parked ? 0 : delay).iso8601, message, now.iso8601, id])
            return parked ? .failed : .queued
        }
    }

    /// Puts a parked (`failed`) job back in the queue with its tries reset, now; audited with
    /// who asked (`o2c jobs retry`).
    @discardableResult
    public func retryJob(_ id: String, actor: Actor) throws(LedgerError) -> Job {
        let now = clock.now()
        return try write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM jobs WHERE id = ?", arguments: [id]) else {
                throw LedgerError(.notFound, "job \(id) does not exist; 'o2c jobs list' shows the jobs")
            }
            let job = Job(row: row)
            guard job.status == .failed else {
                throw LedgerError(.badRequest, "job \(id) is \(job.status.rawValue); only a parked (failed) job is retried ('o2c jobs list --failed')")
            }
            try db.execute(sql: "UPDATE jobs SET status = 'queued', attempts = 0, run_after = ?, updated_at = ? WHERE id = ?",
                           arguments: [now.iso8601, now.iso8601, id])
            _ = try Audit.append(db, at: now.iso8601, actor: actor, action: "job.retry",
                                 args: JSONValue.object(["job_id": .string(id), "kind": .string(job.kind), "key": .string(job.key)]).canonical,
                                 result: JSONValue.object(["last_error": job.lastError.map { .string($0) } ?? .null]).canonical,
                                 idempotencyKey: nil, approvalID: nil)
            guard let updated = try Row.fetchOne(db, sql: "SELECT * FROM jobs WHERE id = ?", arguments: [id]) else {
                throw LedgerError(.storage, "job \(id) vanished")
            }
            return Job(row: updated)
        }
    }

    /// Jobs, newest first, optionally of one status (and subject).
    public func jobs(status: Job.Status? = nil, subject: String? = nil, limit: Int = 1000) throws(LedgerError) -> [Job] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM jobs WHERE (?1 IS NULL OR status = ?1) AND (?2 IS NULL OR subject_id = ?2) ORDER BY seq DESC LIMIT ?3
                """, arguments: [status?.rawValue, subject, max(0, limit)]).map(Job.init(row:))
        }
    }

    /// One job.
    public func job(_ id: String) throws(LedgerError) -> Job {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM jobs WHERE id = ?", arguments: [id]) else {
                throw LedgerError(.notFound, "job \(id) does not exist; 'o2c jobs list' shows the jobs")
            }
            return Job(row: row)
        }
    }

    /// How many jobs are in each status, and when the next queued one is due.
    public func jobSummary() throws(LedgerError) -> JobSummary {
        try read { db in
            var counts: [Job.Status: Int] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT status, count(*) FROM jobs GROUP BY status") {
                if let s = Job.Status(rawValue: r[0]) { counts[s] = r[1] }
            }
            let next = try String.fetchOne(db, sql: "SELECT MIN(run_after) FROM jobs WHERE status = 'queued'").flatMap(Ledger.timestamp)
            let lease = try String.fetchOne(db, sql: "SELECT MIN(lease_expires_at) FROM jobs WHERE status = 'running'").flatMap(Ledger.timestamp)
            let cursor = try Int64.fetchOne(db, sql: "SELECT last_event_id FROM workflow_cursor WHERE id = 1")
            let unrouted = try cursor.map { c in try Int.fetchOne(db, sql: "SELECT count(*) FROM events WHERE id > ?", arguments: [c]) ?? 0 } ?? 0
            return JobSummary(counts: counts, nextQueuedAt: next, nextLeaseExpiresAt: lease, unroutedEvents: unrouted)
        }
    }

    // MARK: routing events into jobs

    /// Sets the router's cursor to the newest event if it has none yet (the first start of a
    /// worker on a ledger: existing history is not replayed); returns the cursor.
    @discardableResult
    public func startWorkflowCursor() throws(LedgerError) -> Int64 {
        let now = clock.now().iso8601
        return try write { db in try Self.cursor(db, now: now) }
    }

    /// Routes the events after the cursor into jobs, in one transaction with the cursor's move:
    /// `route` says which jobs each event makes (jobs whose key exists are skipped). Returns how
    /// many events were read and jobs created.
    public func routeEvents(limit: Int = 500, _ route: (WorkflowEvent) -> [NewJob]) throws(LedgerError) -> (events: Int, jobs: Int) {
        let now = clock.now()
        // Nothing new (the usual case between jobs): a read answers without taking the write lock.
        let pending = try read { db in
            try Int64.fetchOne(db.cachedStatement(sql: "SELECT (SELECT COALESCE(MAX(id), 0) FROM events) > COALESCE((SELECT last_event_id FROM workflow_cursor WHERE id = 1), -1)"))
        }
        if pending == 0 { return (0, 0) }
        return try write { db in
            let cursor = try Self.cursor(db, now: now.iso8601)
            let events = try Row.fetchAll(db.cachedStatement(sql: "SELECT id, type, subject_id, payload, created_at FROM events WHERE id > ? ORDER BY id LIMIT ?"),
                                          arguments: [cursor, max(1, limit)]).map(WorkflowEvent.init(row:))
            guard let last = events.last else { return (0, 0) }
            var created = 0
            for event in events {
                for job in route(event) {
                    try Self.checkJob(job)
                    if try Int64.fetchOne(db.cachedStatement(sql: "SELECT seq FROM jobs WHERE key = ?"), arguments: [job.key]) != nil { continue }
                    _ = try Self.insertJob(db, job, now: now)
                    created += 1
                }
            }
            try db.cachedStatement(sql: "UPDATE workflow_cursor SET last_event_id = ?, updated_at = ? WHERE id = 1").execute(arguments: [last.id, now.iso8601])
            return (events.count, created)
        }
    }

    /// The events after `afterID`, oldest first (what happened since a point, for summaries).
    public func events(after afterID: Int64, limit: Int = 10_000) throws(LedgerError) -> [WorkflowEvent] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT id, type, subject_id, payload, created_at FROM events WHERE id > ? ORDER BY id LIMIT ?",
                             arguments: [afterID, max(0, limit)]).map(WorkflowEvent.init(row:))
        }
    }

    /// The id of the newest event (0 when there is none).
    public func lastEventID() throws(LedgerError) -> Int64 {
        try read { db in try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM events") ?? 0 }
    }

    private static func cursor(_ db: Database, now: String) throws -> Int64 {
        if let c = try Int64.fetchOne(db.cachedStatement(sql: "SELECT last_event_id FROM workflow_cursor WHERE id = 1")) { return c }
        let newest = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM events") ?? 0
        try db.execute(sql: "INSERT INTO workflow_cursor (id, last_event_id, updated_at) VALUES (1, ?, ?)", arguments: [newest, now])
        return newest
    }

    private static func checkJob(_ job: NewJob) throws(LedgerError) {
        guard !job.kind.isEmpty, job.kind.count <= 64 else { throw LedgerError(.badRequest, "a job kind is 1 to 64 characters") }
        guard !job.key.isEmpty, job.key.count <= 300 else { throw LedgerError(.badRequest, "a job key is 1 to 300 characters (\(job.kind))") }
        guard (1...100).contains(job.maxAttempts) else { throw LedgerError(.badRequest, "max_attempts of job \(job.key) must be 1 to 100") }
        guard job.delaySeconds >= 0, job.delaySeconds <= 86_400 * 365 else { throw LedgerError(.badRequest, "the delay of job \(job.key) must be 0 to a year") }
    }

    private static func insertJob(_ db: Database, _ job: NewJob, now: Date) throws -> Int64 {
        let seq = (try Int64.fetchOne(db.cachedStatement(sql: "SELECT COALESCE(MAX(seq), 0) FROM jobs")) ?? 0) + 1
        try db.cachedStatement(sql: """
            INSERT INTO jobs (seq, id, kind, key, subject_id, payload, status, attempts, max_attempts, run_after, event_id, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?, ?, ?, ?)
            """).execute(arguments: [seq, "JOB-\(seq)", job.kind, job.key, job.subject, job.payload.canonical, job.maxAttempts,
                                     now.addingTimeInterval(job.delaySeconds).iso8601, job.eventID, now.iso8601, now.iso8601])
        return seq
    }
}
