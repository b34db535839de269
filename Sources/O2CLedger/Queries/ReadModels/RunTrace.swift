import O2CCore

/// A stored agent run as `runs list|show --json` show it (SPEC §13: the `agents run` shape plus
/// `steps`). A listing, and a run still going, leave out `tool_calls` and `steps`.
public struct RunTrace: ReadModel {
    /// `RUN-…`, the agent, and `running` or the terminal state (SPEC §9).
    public var runID: String, agent: String, state: String
    /// Why it ended that way, when not completed.
    public var reason: String?
    /// The question or command, as stored (screened).
    public var input: String
    /// The final answer, and the user whose question or command started the run.
    public var answer: String?, onBehalfOf: String?
    /// Approval requests the run is waiting for.
    public var approvalIDs: [String]
    /// Tokens used and produced.
    public var usage: RunUsage
    /// ISO 8601 times.
    public var startedAt: String, finishedAt: String?
    /// Every tool call (shown finished runs only).
    @OmitIfNil public var toolCalls: [RunToolCall]?
    /// Each model request and response, tool call and gate outcome with timings, as recorded
    /// (shown finished runs only; the kinds of step differ, so they stay JSON).
    @OmitIfNil public var steps: [JSONValue]?

    enum CodingKeys: String, CodingKey {
        case runID = "run_id", agent, state, reason, input, answer, onBehalfOf = "on_behalf_of", approvalIDs = "approval_ids", usage
        case startedAt = "started_at", finishedAt = "finished_at", toolCalls = "tool_calls", steps
    }
}
