import O2CCore
import O2CLedger
import O2CLLM

/// The terminal state of a run (SPEC §9).
public enum RunState: String, Sendable {
    case completed
    case waitingApproval = "waiting_approval"
    case incomplete
    case failed
}

/// One tool call of a run and what came of it.
public struct ToolCallRecord: Sendable {
    /// The tool.
    public let tool: String
    /// The arguments as parsed (or the raw text when they were not JSON).
    public let arguments: JSONValue
    /// `executed`, `pending_approval`, `denied`, `invalid`, `ok` or `error`.
    public let outcome: String
    /// The approval request it created, if any.
    public let approvalID: String?

    /// `{tool, arguments, outcome}`.
    public var json: JSONValue {
        var o: JSONObject = ["tool": .string(tool), "arguments": arguments, "outcome": .string(outcome)]
        if let approvalID { o["approval_id"] = .string(approvalID) }
        return .object(o)
    }
}

/// A finished run: the `agents run --json` shape of SPEC §13 plus its steps.
public struct RunResult: Sendable {
    /// `RUN-…`.
    public let runID: String
    /// The agent.
    public let agent: String
    /// Terminal state.
    public let state: RunState
    /// Why it ended that way, when not completed.
    public let reason: String?
    /// The final answer.
    public let answer: String
    /// Every tool call.
    public let toolCalls: [ToolCallRecord]
    /// Tokens used.
    public let inputTokens: Int
    /// Tokens produced.
    public let outputTokens: Int
    /// Approval requests the run is waiting for.
    public let approvalIDs: [String]
    /// Each model request and response and tool call, with timings.
    public let steps: [TraceEvent]

    /// `{run_id, agent, state, answer, tool_calls, usage}` (+ reason, approval_ids).
    public var json: JSONValue {
        var o: JSONObject = [
            "run_id": .string(runID), "agent": .string(agent), "state": .string(state.rawValue), "answer": .string(answer),
            "tool_calls": .array(toolCalls.map(\.json)),
            "usage": ["input_tokens": .int(inputTokens), "output_tokens": .int(outputTokens)],
        ]
        o["reason"] = reason.map { .string($0) } ?? .null
        o["approval_ids"] = .array(approvalIDs.map { .string($0) })
        return .object(o)
    }

    /// The stored trace: the JSON shape plus `steps`, as compact JSON (UTF-8) written once.
    public var trace: [UInt8] {
        var w = JSONWriter(capacity: steps.reduce(1024) { $0 + $1.sizeHint })
        w.value(json)
        w.bytes.removeLast()  // the object's closing brace: the steps follow
        w.literal(#","steps":["#)
        for (k, step) in steps.enumerated() {
            if k > 0 { w.byte(UInt8(ascii: ",")) }
            step.write(to: &w)
        }
        w.literal("]}")
        return w.bytes
    }

    /// The request fragments the trace's model steps name, by digest (stored once in the ledger).
    public var fragments: [String: [UInt8]] {
        var found: [String: [UInt8]] = [:]
        for case .model(_, _, _, _, let fragments, _, _, _) in steps {
            for f in fragments { found[f.digest] = f.bytes }
        }
        return found
    }

    /// A run that ended before it could start (no record, no steps).
    static func failed(_ agent: String, _ reason: String) -> RunResult {
        RunResult(runID: "-", agent: agent, state: .failed, reason: reason, answer: "", toolCalls: [], inputTokens: 0, outputTokens: 0,
                  approvalIDs: [], steps: [])
    }
}

extension RunResult {
    /// A stored run (`Ledger.run(_:)`): its result as it was returned, without the steps.
    init(stored r: RunTrace) {
        self.init(runID: r.runID, agent: r.agent, state: RunState(rawValue: r.state) ?? .failed, reason: r.reason, answer: r.answer ?? "",
                  toolCalls: (r.toolCalls ?? []).map { ToolCallRecord(tool: $0.tool, arguments: $0.arguments, outcome: $0.outcome, approvalID: $0.approvalID) },
                  inputTokens: r.usage.inputTokens, outputTokens: r.usage.outputTokens, approvalIDs: r.approvalIDs, steps: [])
    }
}

/// What a run reports while it goes, for streaming answers.
public enum RunEvent: Sendable {
    /// Text of the final answer (after the output guardrails passed it).
    case delta(String)
    /// A tool call and its outcome.
    case toolCall(ToolCallRecord)
}
