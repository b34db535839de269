/// What starting a run under a request key found (`Ledger.startRun(agent:input:onBehalfOf:requestKey:abandonAfterSeconds:)`).
public enum RunClaim: Sendable, Equatable {
    /// No run held the key (or its run was abandoned): this new run holds it now.
    case started(runID: String)
    /// The run holding the key, for the same agent and input, has finished: answer with it.
    case finished(runID: String)
    /// The run holding the key, for the same agent and input, is still running.
    case running(runID: String)
    /// The key was used for another agent or input.
    case conflict(runID: String)
}
