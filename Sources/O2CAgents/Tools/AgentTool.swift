import O2CCore
import O2CLedger

/// What a tool call produced, for the three audiences of a tool outcome: a result, an error the
/// model can fix, or (for writes) the gate's verdict.
public enum ToolOutput: Sendable {
    /// A read result.
    case result(JSONValue)
    /// A mistake the model can correct (bad arguments, unknown id, outside scope).
    case error(String)
    /// What the gate did with a proposed write.
    case gate(GateOutcome)

    /// The JSON the model receives as the tool result.
    public var json: JSONValue {
        switch self {
        case .result(let v): return v
        case .error(let m): return ["error": .string(m)]
        case .gate(let outcome):
            var o = outcome.json.objectValue ?? JSONObject()
            switch outcome {
            case .pendingApproval(let id, _):
                o["note"] = .string("Nothing has changed yet: request \(id) waits for a person to approve it. Say so; never say it was done.")
            case .denied:
                o["note"] = .string("The company's guardrails refused this. Do not retry it; explain to the user.")
            case .invalid:
                o["note"] = .string("Fix the arguments or choose another action.")
            case .executed: break
            }
            return .object(o)
        }
    }

    /// `executed`, `pending_approval`, `denied`, `invalid`, `ok` or `error`.
    public var outcomeName: String {
        switch self {
        case .result: return "ok"
        case .error: return "error"
        case .gate(let g): return g.name
        }
    }

    /// Whether the model should see this as an error.
    public var isError: Bool {
        switch self {
        case .error: return true
        case .gate(.invalid), .gate(.denied): return true
        default: return false
        }
    }
}

/// Whose data a run may see: a sales rep sees only the customers they own.
public struct ToolScope: Sendable {
    /// Only customers owned by this user; nil means every customer.
    public let owner: String?

    /// A scope.
    public init(owner: String? = nil) { self.owner = owner }

    /// Everything.
    public static let all = ToolScope()
}

/// What a tool can reach while it runs.
public struct ToolContext: Sendable {
    /// The ledger (reads directly; writes only through `submit`, the gate).
    public let ledger: Ledger
    /// The agent and its run.
    public let actor: Actor
    /// Whose data may be seen.
    public let scope: ToolScope
    /// The content guardrails (PII redaction, dunning output check).
    public let content: ContentGuard
    /// Prefix of the idempotency keys of the run's proposals (the workflow's job key), if any.
    public let idempotencyScope: String?

    /// A context.
    public init(ledger: Ledger, actor: Actor, scope: ToolScope, content: ContentGuard, idempotencyScope: String? = nil) {
        self.ledger = ledger
        self.actor = actor
        self.scope = scope
        self.content = content
        self.idempotencyScope = idempotencyScope
    }
}

/// A tool an agent may call: a name, a description written for the model, a JSON Schema, and
/// whether it reads the ledger or proposes a write through the gate.
public struct AgentTool: Sendable {
    /// Read or write.
    public enum Effect: String, Sendable {
        case read, write
    }

    /// The tool's name.
    public let name: String
    /// What it does, for the model.
    public let description: String
    /// JSON Schema of its arguments.
    public let schema: JSONValue
    /// Read or write.
    public let effect: Effect
    /// Runs it.
    let run: @Sendable (JSONObject, ToolContext) throws -> ToolOutput
}

/// Why a tool call could not even start; goes back to the model as a tool error.
struct ToolArgumentError: Error {
    let message: String
}
