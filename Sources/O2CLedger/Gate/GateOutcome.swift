import O2CCore

/// A rule of the guardrails that fired on an action.
public struct FiredRule: Sendable, Hashable {
    /// The guardrail file (`credit.yaml`).
    public let file: String
    /// The rule's name.
    public let name: String
    /// The rule's message for people.
    public let message: String

    /// A fired rule.
    public init(file: String, name: String, message: String) {
        self.file = file
        self.name = name
        self.message = message
    }

    /// `{file, name, message}`.
    public var json: JSONValue { ["file": .string(file), "name": .string(name), "message": .string(message)] }
}

/// What the gate did with an action: exactly one of four outcomes (SPEC §5).
public enum GateOutcome: Sendable {
    /// Written, with the ids of what was created or changed.
    case executed(ActionResult)
    /// Parked in the approval queue.
    case pendingApproval(id: String, rules: [FiredRule])
    /// Refused by guardrails.
    case denied(rules: [FiredRule])
    /// The arguments or the ledger state do not allow it.
    case invalid(messages: [String])

    /// `executed`, `pending_approval`, `denied` or `invalid`.
    public var name: String {
        switch self {
        case .executed: return "executed"
        case .pendingApproval: return "pending_approval"
        case .denied: return "denied"
        case .invalid: return "invalid"
        }
    }

    /// Messages for people.
    public var messages: [String] {
        switch self {
        case .executed(let r): return [r.summary]
        case .pendingApproval(let id, let rules): return ["waiting for approval \(id)"] + rules.map(\.message)
        case .denied(let rules): return rules.map { "\($0.file): \($0.name): \($0.message)" }
        case .invalid(let messages): return messages
        }
    }

    /// The `actions submit --json` shape of SPEC §13.
    public var json: JSONValue {
        var o = JSONObject()
        o["outcome"] = .string(name)
        switch self {
        case .executed(let r): o["result"] = r.json
        case .pendingApproval(let id, let rules):
            o["approval_id"] = .string(id)
            o["rules"] = .array(rules.map(\.json))
        case .denied(let rules): o["rules"] = .array(rules.map(\.json))
        case .invalid: break
        }
        o["messages"] = .array(messages.map { .string($0) })
        return .object(o)
    }
}

/// What an executed action created or changed.
public struct ActionResult: Sendable, Hashable {
    /// The id of the main document created or changed (order, invoice, payment, ...).
    public let id: String
    /// Other ids touched, by kind (`{"shipment_id": "SH-3"}`).
    public let extra: JSONObject
    /// One line for people.
    public let summary: String
    /// The audit record's sequence number.
    public let auditSeq: Int64

    /// A result.
    public init(id: String, extra: JSONObject = JSONObject(), summary: String, auditSeq: Int64 = 0) {
        self.id = id
        self.extra = extra
        self.summary = summary
        self.auditSeq = auditSeq
    }

    /// `{id, summary, ...extra}`.
    public var json: JSONValue {
        var o = JSONObject()
        o["id"] = .string(id)
        for m in extra { o[m.key] = m.value }
        o["summary"] = .string(summary)
        return .object(o)
    }

    func with(auditSeq: Int64) -> ActionResult { ActionResult(id: id, extra: extra, summary: summary, auditSeq: auditSeq) }

    static func from(json: JSONValue, auditSeq: Int64) -> ActionResult {
        var extra = json.objectValue ?? JSONObject()
        let id = extra["id"]?.stringValue ?? ""
        let summary = extra["summary"]?.stringValue ?? ""
        extra["id"] = nil
        extra["summary"] = nil
        return ActionResult(id: id, extra: extra, summary: summary, auditSeq: auditSeq)
    }
}
