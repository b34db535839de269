import O2CCore
import O2CLedger

/// The policy of a ledger opened only to read: nothing may be written through it.
public struct ReadOnlyPolicy: ActionPolicy {
    /// The policy.
    public init() {}

    /// Refuses every write.
    public func decide(_ facts: ActionFacts) -> PolicyDecision {
        .deny(rules: [FiredRule(file: "(built-in)", name: "read-only-command", message: "this command only reads the ledger")])
    }

    /// Nobody may submit, so nobody may approve.
    public func rolePermits(_ role: Role, _ action: ActionName) -> Bool { false }
}
