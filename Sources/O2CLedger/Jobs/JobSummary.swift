import Foundation

/// The queue at a glance: jobs per status, when the next one is due, events not yet routed.
public struct JobSummary: Sendable, Equatable {
    /// Jobs per status.
    public let counts: [Job.Status: Int]
    /// The earliest `run_after` of a queued job.
    public let nextQueuedAt: Date?
    /// The earliest lease expiry of a running job.
    public let nextLeaseExpiresAt: Date?
    /// Events after the router's cursor.
    public let unroutedEvents: Int

    /// Jobs in `status`.
    public func count(_ status: Job.Status) -> Int { counts[status] ?? 0 }

    /// Whether no job is left to run or running and every event is routed.
    public var isSettled: Bool { count(.queued) == 0 && count(.running) == 0 && unroutedEvents == 0 }
}
