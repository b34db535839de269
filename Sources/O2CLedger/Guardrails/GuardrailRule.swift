import O2CCore
import O2CExpression

/// What a guardrail rule says about an action when it fires.
public enum GuardrailOutcome: String, Sendable, Hashable, CaseIterable {
    /// Refuse the action.
    case deny
    /// Park it for people with a role.
    case requireApproval = "require_approval"
    /// Explicitly allow it (what an agent needs to act alone).
    case allow
}

/// Whether a guardrail file applies to every action or only to the agents whose profile names it.
public enum GuardrailScope: String, Sendable, Hashable, CaseIterable {
    /// Applies to every action, whoever asks.
    case global
    /// Applies only to the actions of agents whose profile lists the file (by name, without `.yaml`).
    case named
}

/// One rule of a guardrail file, parsed and compiled.
public struct GuardrailRule: Sendable {
    /// The rule's name, unique within its file.
    public let name: String
    /// The actions it covers; nil means every action (`["*"]`).
    public let actions: Set<ActionName>?
    /// The condition; nil means always.
    public let condition: CELExpression?
    /// What happens when it fires.
    public let outcome: GuardrailOutcome
    /// The approver role, for `require_approval` (nil: any user whose role permits the action).
    public let role: Role?
    /// How many distinct approvers, for `require_approval`.
    public let approvers: Int
    /// The message for people.
    public let message: String
    /// Where the rule starts in its file (1-based).
    public let line: Int

    /// Whether the rule covers this action.
    public func covers(_ action: ActionName) -> Bool { actions?.contains(action) ?? true }
}

/// One guardrail file, parsed and compiled.
public struct GuardrailFile: Sendable {
    /// The file name (`credit.yaml`).
    public let fileName: String
    /// The name agent profiles use (`credit`).
    public var name: String { fileName.hasSuffix(".yaml") ? String(fileName.dropLast(5)) : fileName }
    /// Its scope.
    public let scope: GuardrailScope
    /// Its rules, in file order.
    public let rules: [GuardrailRule]
}
