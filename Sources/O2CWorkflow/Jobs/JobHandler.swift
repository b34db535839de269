import O2CCore
import O2CLedger

/// Does one kind of job (the registry's extension point: a stage, an agent trigger, cash
/// application, e-mail delivery, ...). A handler's effect on the ledger must be idempotent by the
/// job's key: every gate submission carries a key derived from it (`JobContext.submit`), so a
/// second try, a second worker or a restart after `kill -9` repeats nothing.
public protocol JobHandler: Sendable {
    /// Runs `job` once and returns its result (stored in the job). Throwing fails this try: the
    /// worker tries again after a backoff and parks the job after its last try; a `JobFailure`
    /// with `permanent` parks it at once.
    func run(_ job: Job, context: JobContext) async throws -> JSONValue
}

/// Why a try of a job failed, in words an operator can act on (`o2c jobs show`).
public struct JobFailure: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public let message: String
    /// Whether another try cannot help (park the job now).
    public let permanent: Bool

    /// A failure.
    public init(_ message: String, permanent: Bool = false) {
        self.message = message
        self.permanent = permanent
    }

    public var description: String { message }
}
