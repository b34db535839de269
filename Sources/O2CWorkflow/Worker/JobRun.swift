import O2CCore
import O2CLedger

/// What one try of one job came to.
public struct JobRun: Sendable {
    /// How the try ended.
    public enum Outcome: String, Sendable {
        /// The job is done.
        case done
        /// It failed and waits for another try.
        case retrying
        /// It failed and is parked `failed`.
        case parked
        /// Another worker took it meanwhile (this worker's lease had expired).
        case leaseLost = "lease_lost"
    }

    /// The job as claimed.
    public let job: Job
    /// How it ended.
    public let outcome: Outcome
    /// The result (done) or the error (failed).
    public let detail: JSONValue
}
