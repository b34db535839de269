import O2CCore
import O2CLedger

/// What a worker did in one drain: events routed and each job try.
public struct WorkerReport: Sendable {
    /// Events routed into jobs.
    public var eventsRouted = 0
    /// Jobs created by routing.
    public var jobsEnqueued = 0
    /// Every try, in order.
    public var runs: [JobRun] = []

    /// An empty report.
    public init() {}

    /// Tries that ended `outcome`.
    public func count(_ outcome: JobRun.Outcome) -> Int { runs.filter { $0.outcome == outcome }.count }

    /// Adds another report's work.
    public mutating func merge(_ other: WorkerReport) {
        eventsRouted += other.eventsRouted
        jobsEnqueued += other.jobsEnqueued
        runs += other.runs
    }
}
