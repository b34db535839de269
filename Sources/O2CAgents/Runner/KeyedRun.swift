/// What `AgentRunner.claim(_:input:requestKey:onBehalfOf:)` found for a keyed request.
public enum KeyedRun: Sendable {
    /// No run had the key: this one is recorded under it; run it with `AgentRunner.run(_:scope:onEvent:)`.
    case claimed(ClaimedRun)
    /// An earlier request with the same key and input ran it: its stored result (without steps).
    case finished(RunResult)
    /// An earlier request with the same key and input is still running it.
    case running(runID: String)
    /// The key was used for another input.
    case conflict(runID: String)
    /// The run could not be recorded (storage failed).
    case failed(RunResult)
}

/// A run recorded under a request key, ready to execute.
public struct ClaimedRun: Sendable {
    let profile: AgentProfile
    let run: AgentRun
    let input: String
    let screened: ScreenedInput
    /// The company's name for the prompt, read when the run was recorded.
    let company: String

    /// The run's id (`RUN-…`).
    public var runID: String { run.runID }
}
