import O2CCore

/// What the gate knows about an action when it asks the policy: the ledger facts the
/// guardrails may test (customer position, the order or invoice, the amount in base currency).
public struct ActionFacts: Sendable {
    /// The action.
    public let action: ActionName
    /// The checked arguments.
    public let args: JSONValue
    /// Who asks.
    public let actor: Actor
    /// The customer the action concerns, with its credit position before the action.
    public var customer: CustomerFacts?
    /// The order the action concerns, before the action.
    public var order: JSONObject?
    /// The invoice the action concerns, before the action.
    public var invoice: JSONObject?
    /// The amount at stake, in the document's currency.
    public var amount: Money?
    /// The amount at stake in base currency.
    public var amountBase: Money?
    /// Whether the action was approved by people in the approval queue.
    public var approved: Bool
    /// The acting user's role, when the actor is a known user.
    public var actorRole: Role?
    /// Further facts an action contributes (e.g. `dunning.disputed_count`), by name.
    public var extra: JSONObject = JSONObject()

    init(action: ActionName, args: JSONValue, actor: Actor, approved: Bool) {
        self.action = action
        self.args = args
        self.actor = actor
        self.approved = approved
    }
}

/// A customer's credit position, in base currency.
public struct CustomerFacts: Sendable {
    /// Customer id.
    public let id: String
    /// Its currency.
    public let currency: String
    /// Its tax region.
    public let region: String
    /// Its sales rep.
    public let owner: String
    /// Whether it is on credit hold.
    public let onHold: Bool
    /// Credit limit.
    public let creditLimit: Money
    /// Open receivables + confirmed uninvoiced orders.
    public let exposure: Money
    /// Sum of open balances past their due date.
    public let overdueAmount: Money
    /// Days the oldest overdue invoice is past due (0 when none).
    public let maxDaysOverdue: Int
    /// Credit limit minus exposure (may be negative).
    public var availableCredit: Money { creditLimit - exposure }
}

/// The policy's verdict on one action. Verdicts are values, not exceptions.
public enum PolicyDecision: Sendable {
    /// Write it now; the rules that explicitly allowed it, if any.
    case allow(rules: [FiredRule])
    /// Park it for people.
    case requireApproval(role: Role?, approvers: Int, rules: [FiredRule])
    /// Refuse it.
    case deny(rules: [FiredRule])
}

/// The guardrail step of the gate. The gate asks it for every action, after validation and
/// before any write; it must not have side effects.
public protocol ActionPolicy: Sendable {
    /// Decides what happens to an action with these facts.
    func decide(_ facts: ActionFacts) -> PolicyDecision
    /// Whether users of `role` may submit (and so approve) `action`.
    func rolePermits(_ role: Role, _ action: ActionName) -> Bool
}

extension ActionPolicy {
    /// Without a roles file every role may act; guardrail policies narrow this.
    public func rolePermits(_ role: Role, _ action: ActionName) -> Bool { true }
}

/// The placeholder policy until guardrail files exist: users and the workflow are allowed,
/// and an agent's write always waits for a person (agents are never allowed by default).
public struct DefaultPolicy: ActionPolicy {
    /// The default policy.
    public init() {}

    public func decide(_ facts: ActionFacts) -> PolicyDecision {
        switch facts.actor.kind {
        case .user, .system:
            return .allow(rules: [])
        case .agent:
            return .requireApproval(role: nil, approvers: 1, rules: [
                FiredRule(file: "(built-in)", name: "agents-need-approval",
                          message: "no guardrail allows this agent write, so a person must approve it"),
            ])
        }
    }
}
