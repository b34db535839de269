import O2CCore

/// One rule that fired on an action, with what it said.
public struct GuardrailFiring: Sendable, Hashable {
    /// The rule, as the gate and the approval queue record it.
    public let rule: FiredRule
    /// What it said.
    public let outcome: GuardrailOutcome
    /// The approver role it asked for (`require_approval`).
    public let role: Role?
    /// How many distinct approvers it asked for (`require_approval`).
    public let approvers: Int
    /// Why the rule's condition could not be evaluated, when it failed closed.
    public let evaluationError: String?

    /// `{file, name, outcome, message}` (+ `role`, `approvers`, `error` where they apply).
    public var json: JSONValue {
        var o = JSONObject([("file", .string(rule.file)), ("name", .string(rule.name)), ("outcome", .string(outcome.rawValue)),
                            ("message", .string(rule.message))])
        if outcome == .requireApproval {
            o["role"] = role.map { .string($0.rawValue) } ?? .null
            o["approvers"] = .int(approvers)
        }
        if let evaluationError { o["error"] = .string(evaluationError) }
        return .object(o)
    }
}

/// The guardrails' verdict on one action: the decision for the gate and every rule that fired.
public struct GuardrailVerdict: Sendable {
    /// What the gate does.
    public let decision: PolicyDecision
    /// Every rule that fired, built-in ones included, in evaluation order.
    public let fired: [GuardrailFiring]

    /// The decision's outcome.
    public var outcome: GuardrailOutcome {
        switch decision {
        case .allow: return .allow
        case .requireApproval: return .requireApproval
        case .deny: return .deny
        }
    }

    /// The rules the decision rests on.
    public var rules: [FiredRule] {
        switch decision {
        case .allow(let r), .deny(let r), .requireApproval(_, _, let r): return r
        }
    }
}
