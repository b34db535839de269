import O2CLLM
import O2CScriptedModel

/// The ways a model endpoint misbehaves in the fault soak, each as the script a scripted model
/// server plays for every run that draws it. The healthy script is the sales assistant's three
/// turns (`customer_lookup`; `credit_check` and `inventory_lookup` in parallel; an answer).
public enum ModelFaultKind: String, CaseIterable, Sendable, Comparable {
    /// No fault.
    case none
    /// 429 with `Retry-After: 1` on the first request.
    case rateLimited = "rate_limited_429"
    /// 500 on the second request.
    case serverError = "server_error_500"
    /// The second request hangs past the client's timeout.
    case hang
    /// The second reply is not JSON.
    case malformedJSON = "malformed_json"
    /// The model calls a tool that does not exist.
    case unknownTool = "unknown_tool"
    /// The model calls tools with arguments that break their schema (wrong types, not JSON).
    case schemaViolation = "schema_violation"
    /// The model never stops calling tools.
    case endlessToolCalls = "endless_tool_calls"
    /// The second reply is cut half-way and the connection closed.
    case cutMidReply = "cut_mid_reply"

    /// The faults, without `none`.
    public static var faults: [ModelFaultKind] { allCases.filter { $0 != .none } }

    /// Orders by declaration (the report's order).
    public static func < (a: ModelFaultKind, b: ModelFaultKind) -> Bool {
        (allCases.firstIndex(of: a) ?? 0) < (allCases.firstIndex(of: b) ?? 0)
    }

    /// The agent the soak runs, and its question.
    public static let agent = "sales-assistant"
    static let question = "Can Acme Corp take 40 more WID-100 on credit?"

    private static let healthy: [ScriptedTurn] = [
        .toolCalls([ScriptedToolCall(name: "customer_lookup", argumentsJSON: #"{"customer_id": "C-001"}"#)]),
        .toolCalls([ScriptedToolCall(name: "credit_check", argumentsJSON: #"{"customer_id": "C-001", "amount": "865.57"}"#),
                    ScriptedToolCall(name: "inventory_lookup", argumentsJSON: #"{"sku": "WID-100"}"#)]),
        .text("Yes: Acme Corp has room for 865.57 USD and WID-100 is in stock."),
    ]

    /// The script of this kind: `hangSeconds` is how long a hanging request stays silent (past
    /// the client's timeout); `maxSteps` the agent's step limit (the endless script outlasts it).
    public func script(hangSeconds: Double, maxSteps: Int) -> [ScriptedTurn] {
        var turns = Self.healthy
        switch self {
        case .none:
            break
        case .rateLimited:
            turns[0].faults = [.status(429, retryAfter: 1)]
        case .serverError:
            turns[1].faults = [.status(500)]
        case .hang:
            turns[1].faults = [.hang(seconds: hangSeconds)]
        case .malformedJSON:
            turns[1].faults = [.malformedBody]
        case .cutMidReply:
            turns[1].faults = [.truncated]
        case .unknownTool:
            turns.insert(.toolCalls([ScriptedToolCall(name: "approve_everything", argumentsJSON: #"{"customer_id": "C-001"}"#)]), at: 0)
        case .schemaViolation:
            turns.insert(.toolCalls([
                ScriptedToolCall(name: "credit_check", argumentsJSON: #"{"customer_id": 42, "amount": true}"#),
                ScriptedToolCall(name: "customer_lookup", argumentsJSON: #"{"customer_id": "C-0"#),
                ScriptedToolCall(name: "inventory_lookup", argumentsJSON: #"["WID-100"]"#),
            ]), at: 0)
        case .endlessToolCalls:
            turns = Array(repeating: .toolCalls([ScriptedToolCall(name: "customer_lookup", argumentsJSON: #"{"customer_id": "C-001"}"#)]),
                          count: maxSteps + 2)
        }
        return turns
    }
}
