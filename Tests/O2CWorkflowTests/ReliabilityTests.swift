import Foundation
import O2CAgents
import O2CCore
import O2CLedger
import O2CScriptedModel
import O2CWorkflow
import Testing

/// A handler that fails while `failing` is set, and counts its tries.
final class FlakyHandler: JobHandler {
    let failing = Locked(true)
    let tries = Locked(0)

    func run(_ job: Job, context: JobContext) async throws -> JSONValue {
        tries.withLock { $0 += 1 }
        if failing.withLock({ $0 }) { throw JobFailure("the mail server said 451 try again later") }
        return ["outcome": "ok"]
    }
}

/// Records which job ids ran, to catch one job run twice.
final class RecordingHandler: JobHandler {
    let ran = Locked<[String]>([])

    func run(_ job: Job, context: JobContext) async throws -> JSONValue {
        ran.withLock { $0.append(job.id) }
        try await Task.sleep(for: .milliseconds(2))
        return ["outcome": "ok"]
    }
}

@Suite("Workflow reliability")
struct ReliabilityTests {
    @Test func aJobThatKeepsFailingIsRetriedWithBackoffThenParkedAndRetryRunsItAgain() async throws {
        let f = try WorkflowFixture()
        let flaky = FlakyHandler()
        var workflow = try f.workflow()
        workflow.handlers.register("deliver_email", flaky)
        let worker = workflow.worker(ledger: f.ledger, owner: "w1", backoff: Backoff(baseSeconds: 10, maxSeconds: 60, random: { 0.5 }))
        let (job, created) = try f.ledger.enqueue(NewJob(kind: "deliver_email", key: "mail:INV-1001", subject: "INV-1001", maxAttempts: 3))
        #expect(created)
        // Try 1 fails: queued again 10 × (0.5 + 0.25) = 7.5 s later, not before.
        var report = try await worker.drain()
        #expect(report.runs.map(\.outcome) == [.retrying])
        var stored = try f.ledger.job(job.id)
        #expect(stored.status == .queued && stored.attempts == 1)
        #expect(stored.runAfter.timeIntervalSince(f.clock.now()) == 7.5)
        #expect(stored.lastError == "the mail server said 451 try again later")
        #expect(try await worker.drain().runs.isEmpty, "not due yet")
        f.clock.advance(seconds: 8)
        report = try await worker.drain()
        #expect(report.runs.map(\.outcome) == [.retrying])
        // The wait doubles: 20 × 0.75 = 15 s.
        #expect(try f.ledger.job(job.id).runAfter.timeIntervalSince(f.clock.now()) == 15)
        f.clock.advance(seconds: 15)
        report = try await worker.drain()
        #expect(report.runs.map(\.outcome) == [.parked])
        stored = try f.ledger.job(job.id)
        #expect(stored.status == .failed && stored.attempts == 3)
        #expect(try f.ledger.jobs(status: .failed).map(\.id) == [job.id])
        f.clock.advance(seconds: 3600)
        #expect(try await worker.drain().runs.isEmpty, "a parked job stays parked")
        // An operator retries it once the cause is fixed.
        flaky.failing.withLock { $0 = false }
        let retried = try f.ledger.retryJob(job.id, actor: .user("alice"))
        #expect(retried.status == .queued && retried.attempts == 0)
        report = try await worker.drain()
        #expect(report.runs.map(\.outcome) == [.done])
        #expect(try f.ledger.job(job.id).status == .done)
        #expect(flaky.tries.withLock { $0 } == 4)
        #expect(try f.count("SELECT count(*) FROM audit_log WHERE action = 'job.retry' AND actor = 'user:alice'") == 1)
        // Only a parked job can be retried.
        #expect(throws: LedgerError.self) { try f.ledger.retryJob(job.id, actor: .user("alice")) }
        #expect(throws: LedgerError.self) { try f.ledger.retryJob("JOB-999", actor: .user("alice")) }
    }

    @Test func aJobOfAKindNobodyHandlesIsParkedAtOnceSayingSo() async throws {
        let f = try WorkflowFixture()
        try f.ledger.enqueue(NewJob(kind: "dunning_run", key: "dunning:2026-03-02", subject: "2026-03-02"))
        let report = try await f.worker().drain()
        #expect(report.runs.map(\.outcome) == [.parked])
        #expect(try f.ledger.jobs(status: .failed).first?.lastError?.contains("no handler for job kind 'dunning_run'") == true)
    }

    @Test func aSecondWorkerPassAndRedeliveredEventsRepeatNothing() async throws {
        let f = try WorkflowFixture()
        let worker = try f.worker()
        try await worker.start()
        let orders = try (0..<4).map { _ in try f.order("C-001", [("WID-100", 2)]) }
        _ = try await worker.drain()
        for o in orders { #expect(try f.status(o) == "invoiced") }
        let before = try f.tally()
        // A second pass finds nothing to do.
        let again = try await worker.drain()
        #expect(again.runs.isEmpty)
        // Every stage job delivered again (new job keys, as if the events were routed twice)
        // replays the gate's outcome by its key: no second reservation, shipment or invoice.
        for o in orders {
            for kind in [JobKind.reserveStock, JobKind.shipOrder, JobKind.issueInvoice] {
                try f.ledger.enqueue(NewJob(kind: kind, key: "\(kind):\(o):again", subject: o))
            }
        }
        let replay = try await worker.drain()
        #expect(replay.runs.count == 12 && replay.runs.allSatisfy { $0.outcome == .done })
        #expect(try f.tally() == before)
        #expect(try f.ledger.invariantViolations() == [])
        #expect(try f.ledger.verifyAudit().ok)
    }

    @Test func twoWorkersOnOneLedgerNeverRunOneJobTwice() async throws {
        let f = try WorkflowFixture()
        let recorder = RecordingHandler()
        var workflow = try f.workflow()
        workflow.handlers.register("count", recorder)
        for k in 0..<60 { try f.ledger.enqueue(NewJob(kind: "count", key: "count:\(k)", subject: "X-\(k)")) }
        // Two workers, each with its own connections to the file (as two processes would have).
        let a = workflow.worker(ledger: try f.reopen(), owner: "a")
        let b = workflow.worker(ledger: try f.reopen(), owner: "b")
        async let ra = a.drain()
        async let rb = b.drain()
        let (reportA, reportB) = try await (ra, rb)
        let ran = recorder.ran.withLock { $0 }
        #expect(ran.count == 60)
        #expect(Set(ran).count == 60, "no job ran twice")
        #expect(reportA.runs.count + reportB.runs.count == 60)
        #expect(try f.ledger.jobs(status: .done).count == 60)
    }

    @Test func aJobWhoseWorkerStoppedIsTakenAgainWhenItsLeaseExpires() async throws {
        let f = try WorkflowFixture()
        let recorder = RecordingHandler()
        var workflow = try f.workflow()
        workflow.handlers.register("count", recorder)
        let (job, _) = try f.ledger.enqueue(NewJob(kind: "count", key: "count:1", subject: "X-1", maxAttempts: 2))
        // A worker claims it and dies before finishing.
        let claimed = try #require(try f.ledger.claimJob(owner: "dead", leaseSeconds: 30))
        #expect(claimed.id == job.id && claimed.status == .running)
        let other = workflow.worker(ledger: f.ledger, owner: "alive")
        #expect(try await other.drain().runs.isEmpty, "the lease still holds")
        f.clock.advance(seconds: 31)
        #expect(try await other.drain().runs.map(\.outcome) == [.done])
        // The dead worker's late answer is refused: its lease is gone.
        #expect(try f.ledger.completeJob(job.id, owner: "dead", result: ["late": true]) == false)
        #expect(try f.ledger.job(job.id).result == ["outcome": "ok"])
    }

    @Test func aJobWhoseWorkersKeepDyingIsParkedAfterItsLastTry() async throws {
        let f = try WorkflowFixture()
        let (job, _) = try f.ledger.enqueue(NewJob(kind: "count", key: "count:1", subject: "X-1", maxAttempts: 2))
        for _ in 0..<2 {
            _ = try #require(try f.ledger.claimJob(owner: "dies", leaseSeconds: 10))
            f.clock.advance(seconds: 11)
        }
        #expect(try f.ledger.claimJob(owner: "next", leaseSeconds: 10) == nil)
        let parked = try f.ledger.job(job.id)
        #expect(parked.status == .failed)
        #expect(parked.lastError?.contains("worker stopped") == true)
    }

    @Test func enqueueIsIdempotentByKeyAndRefusesBadJobs() throws {
        let f = try WorkflowFixture()
        let first = try f.ledger.enqueue(NewJob(kind: "count", key: "k", subject: "S"))
        let second = try f.ledger.enqueue(NewJob(kind: "count", key: "k", subject: "other", payload: ["x": 1]))
        #expect(first.created && !second.created && second.job.id == first.job.id && second.job.subject == "S")
        #expect(throws: LedgerError.self) { try f.ledger.enqueue(NewJob(kind: "", key: "a", subject: "S")) }
        #expect(throws: LedgerError.self) { try f.ledger.enqueue(NewJob(kind: "count", key: String(repeating: "k", count: 301), subject: "S")) }
        #expect(throws: LedgerError.self) { try f.ledger.enqueue(NewJob(kind: "count", key: "b", subject: "S", maxAttempts: 0)) }
        #expect(throws: LedgerError.self) { try f.ledger.claimJob(owner: "", leaseSeconds: 10) }
    }

    @Test func theWorkflowCannotForgeABookEventAndItsOwnEventsAreAuditedOnce() throws {
        let f = try WorkflowFixture()
        // An event that claims a book change is refused: only the gate writes those.
        #expect(throws: LedgerError.self) {
            try f.ledger.recordEvent(type: "order.approved", subject: "SO-1001", payload: [:], key: "x")
        }
        let a = try f.ledger.recordEvent(type: "stock.short", subject: "SO-1001", payload: ["lines": []], key: "short:1")
        let b = try f.ledger.recordEvent(type: "stock.short", subject: "SO-1001", payload: ["lines": []], key: "short:1")
        #expect(a == b)
        #expect(try f.events("stock.short") == 1)
        #expect(try f.count("SELECT count(*) FROM audit_log WHERE action = 'workflow.event'") == 1)
        #expect(try f.ledger.verifyAudit().ok)
    }

    @Test func backoffGrowsExponentiallyWithJitterWithinItsBounds() {
        let low = Backoff(baseSeconds: 2, maxSeconds: 300, random: { 0 })
        let high = Backoff(baseSeconds: 2, maxSeconds: 300, random: { 0.999 })
        #expect([1, 2, 3, 4].map { low.delaySeconds(afterAttempt: $0) } == [1, 2, 4, 8])
        #expect(high.delaySeconds(afterAttempt: 1) > 1.99 && high.delaySeconds(afterAttempt: 1) < 2)
        #expect(low.delaySeconds(afterAttempt: 40) == 150 && high.delaySeconds(afterAttempt: 40) < 300)
    }
}
