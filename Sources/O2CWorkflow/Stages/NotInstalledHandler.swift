import O2CCore
import O2CLedger

/// The slot of a stage another module provides (cash application): until its handler is
/// registered, the job completes saying so, and nothing is written.
public struct NotInstalledHandler: JobHandler {
    /// What is missing (`cash application`).
    public let what: String

    /// A placeholder.
    public init(what: String) { self.what = what }

    public func run(_ job: Job, context: JobContext) async throws -> JSONValue {
        ["outcome": "skipped", "reason": .string("\(what) not installed")]
    }
}
