import Foundation
import O2CCore
import O2CLedger

/// The workflow worker: routes new events into jobs, claims one runnable job at a time under a
/// lease, runs its handler, and records the outcome (done, retry after a backoff, parked).
/// Any number of workers, in threads or processes, may share a ledger: a job is leased in one
/// IMMEDIATE transaction, so no two run it at once, and a killed worker's job is taken again when
/// its lease expires.
public final class Worker: Sendable {
    /// The ledger (behind the guardrails: the worker's writes meet the same gate as anyone's).
    public let ledger: Ledger
    /// Event type → jobs.
    public let routing: RoutingTable
    /// Job kind → handler.
    public let handlers: JobHandlerRegistry
    /// This worker's name in leases (unique per process and worker).
    public let owner: String
    /// How long a claimed job is leased; renewed while it runs.
    public let leaseSeconds: Double
    /// Waits between tries.
    public let backoff: Backoff
    private let metrics = WorkerMetrics()

    /// A worker; `owner` defaults to `HOST:PID:UUID`.
    public init(ledger: Ledger, routing: RoutingTable, handlers: JobHandlerRegistry, owner: String? = nil, leaseSeconds: Double = 60,
                backoff: Backoff = Backoff()) {
        self.ledger = ledger
        self.routing = routing
        self.handlers = handlers
        self.owner = owner ?? "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):\(UUID().uuidString.prefix(8))"
        self.leaseSeconds = leaseSeconds
        self.backoff = backoff
    }

    /// Sets the event cursor on the first start on a ledger (history is not replayed).
    public func start() async throws {
        let ledger = self.ledger
        _ = try await blocking { Result { () throws(LedgerError) in try ledger.startWorkflowCursor() } }.get()
    }

    /// Routes every event after the cursor into jobs.
    public func route() async throws -> (events: Int, jobs: Int) {
        let ledger = self.ledger, routing = self.routing
        var total = (events: 0, jobs: 0)
        while true {
            let r = try await blocking { Result { () throws(LedgerError) in try ledger.routeEvents { routing.jobs(for: $0) } } }.get()
            metrics.eventsRouted(r.events, jobs: r.jobs)
            total.events += r.events
            total.jobs += r.jobs
            if r.events == 0 { return total }
        }
    }

    /// Claims and runs one job (with `key`, only that one); nil when nothing is runnable.
    public func runOne(key: String? = nil) async throws -> JobRun? {
        let ledger = self.ledger, owner = self.owner, lease = leaseSeconds
        guard let job = try await blocking({ Result { () throws(LedgerError) in try ledger.claimJob(owner: owner, leaseSeconds: lease, key: key) } }).get()
        else { return nil }
        return await execute(job)
    }

    /// Routes and runs jobs until nothing is runnable now (jobs waiting for a later try stay
    /// queued). The report lists every try.
    public func drain(maxJobs: Int = .max) async throws -> WorkerReport {
        var report = WorkerReport()
        while report.runs.count < maxJobs {
            let routed = try await route()
            report.eventsRouted += routed.events
            report.jobsEnqueued += routed.jobs
            guard let run = try await runOne() else {
                if routed.events == 0 { return report }
                continue
            }
            report.runs.append(run)
        }
        return report
    }

    /// Works until no job is left (SPEC §12 `--until-idle`): drains, then sleeps until the next
    /// queued try is due or another worker's lease ends, and stops when nothing is queued or
    /// running and every event is routed.
    public func runUntilIdle(pollSeconds: Double = 0.2) async throws -> WorkerReport {
        var report = WorkerReport()
        while true {
            report.merge(try await drain())
            let ledger = self.ledger
            let summary = try await blocking { Result { () throws(LedgerError) in try ledger.jobSummary() } }.get()
            if summary.isSettled { return report }
            let now = ledger.clock.now()
            let due = [summary.nextQueuedAt, summary.nextLeaseExpiresAt].compactMap { $0 }.min() ?? now
            let wait = min(max(due.timeIntervalSince(now), pollSeconds), 5)
            try await Task.sleep(for: .milliseconds(Int(wait * 1000)))
        }
    }

    // MARK: one try

    private func execute(_ job: Job) async -> JobRun {
        let context = JobContext(ledger: ledger)
        let started = ContinuousClock.now
        let outcome: Result<JSONValue, JobFailure>
        if let handler = handlers.handler(for: job.kind) {
            outcome = await withLease(job) {
                do { return .success(try await handler.run(job, context: context)) } catch let f as JobFailure {
                    return .failure(f)
                } catch {
                    return .failure(JobFailure("\(error)"))
                }
            }
        } else {
            outcome = .failure(JobFailure("no handler for job kind '\(job.kind)' (known: \(handlers.kinds.joined(separator: ", "))); install the module that provides it, then 'o2c jobs retry \(job.id)'",
                                          permanent: true))
        }
        let elapsed = Int64((ContinuousClock.now - started).inSeconds * 1e9)
        let ledger = self.ledger, owner = self.owner
        let run: JobRun
        switch outcome {
        case .success(let result):
            let kept = await blocking { (try? ledger.completeJob(job.id, owner: owner, result: result)) ?? false }
            run = JobRun(job: job, outcome: kept ? .done : .leaseLost, detail: result)
        case .failure(let failure):
            let delay = backoff.delaySeconds(afterAttempt: job.attempts)
            let status = await blocking {
                (try? ledger.failJob(job.id, owner: owner, error: failure.message, retryAfterSeconds: delay, permanent: failure.permanent)) ?? nil
            }
            let o: JobRun.Outcome = status == .failed ? .parked : (status == .queued ? .retrying : .leaseLost)
            run = JobRun(job: job, outcome: o, detail: ["error": .string(failure.message)])
        }
        metrics.jobFinished(kind: job.kind, outcome: run.outcome.rawValue, nanoseconds: elapsed)
        return run
    }

    /// Runs `body` while renewing the job's lease every third of its length.
    private func withLease<T: Sendable>(_ job: Job, _ body: @escaping @Sendable () async -> T) async -> T {
        let ledger = self.ledger, owner = self.owner, lease = leaseSeconds
        let heartbeat = Task {
            while !Task.isCancelled {
                do { try await Task.sleep(for: .milliseconds(Int(lease * 1000 / 3))) } catch { return }
                _ = await blocking { try? ledger.extendLease(jobID: job.id, owner: owner, leaseSeconds: lease) }
            }
        }
        let value = await body()
        heartbeat.cancel()
        return value
    }
}
