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

    /// Facts with no ledger data yet (the gate's handlers fill them in; tools such as the
    /// guardrail benchmark build them by hand to evaluate a policy).
    public init(action: ActionName, args: JSONValue, actor: Actor, approved: Bool) {
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
    /// Credit limit minus exposure (may be negative). Both are zero or more, so the difference
    /// always fits in 64 bits.
    public var availableCredit: Money { Money(minor: creditLimit.minor - exposure.minor, currency: creditLimit.currency) }

    /// A credit position (the gate reads it from the ledger; the guardrail benchmark builds one).
    public init(id: String, currency: String, region: String, owner: String, onHold: Bool, creditLimit: Money, exposure: Money,
                overdueAmount: Money, maxDaysOverdue: Int) {
        self.id = id
        self.currency = currency
        self.region = region
        self.owner = owner
        self.onHold = onHold
        self.creditLimit = creditLimit
        self.exposure = exposure
        self.overdueAmount = overdueAmount
        self.maxDaysOverdue = maxDaysOverdue
    }
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

/// The guardrail step of the gate. The gate asks it for every action once the handler has run
/// inside a savepoint (so the facts are those of the ledger as it is, and the handler's writes are
/// not yet committed); anything but allow, or an approval that covers the verdict, rolls the
/// savepoint back. It must not have side effects.
public protocol ActionPolicy: Sendable {
    /// Decides what happens to an action with these facts.
    func decide(_ facts: ActionFacts) -> PolicyDecision
    /// Whether users of `role` may submit `action` (and so approve it where a rule names no
    /// approver role, SPEC §8.1). There is no default: a policy that does not know says no.
    func rolePermits(_ role: Role, _ action: ActionName) -> Bool
    /// Why this policy refuses every write (nil when it does not): the approval queue then
    /// refuses decisions too, with this reason, and changes nothing.
    var writesRefused: String? { get }
}

extension ActionPolicy {
    /// Policies decide per action; only `MissingGuardrailsPolicy` refuses everything.
    public var writesRefused: String? { nil }
}
