import O2CCore

/// Dry runs for `o2c guardrails check`: the facts the gate would hand the guardrails for an
/// action, gathered by running the action's handler and refusing it before anything is written.
public enum GuardrailCheck {
    /// What a dry run found.
    public enum Facts: Sendable {
        /// The handler accepted the action; these are its facts.
        case facts(ActionFacts)
        /// The action is invalid (bad arguments or ledger state); nothing to evaluate.
        case invalid([String])
    }

    /// Runs `request` through the gate of the ledger at `path` with a policy that records the
    /// facts and denies, so nothing is written (a deny rolls the handler's savepoint back).
    /// The request must not carry an idempotency key.
    public static func facts(for request: ActionRequest, ledgerPath: String, clock: any LedgerClock = SystemClock()) throws(LedgerError) -> Facts {
        let recorder = FactsRecorder()
        let plain = ActionRequest(action: request.action, args: request.args, actor: request.actor, idempotencyKey: nil, reason: request.reason)
        let ledger = try Ledger.open(path: ledgerPath, clock: clock, policy: recorder)
        let outcome = try ledger.submit(plain)
        if case .invalid(let messages) = outcome { return .invalid(messages) }
        guard let facts = recorder.facts else { return .invalid(["the gate did not reach the guardrails (\(outcome.name))"]) }
        return .facts(facts)
    }

    /// A policy that remembers the facts it was asked about and denies.
    final class FactsRecorder: ActionPolicy, Sendable {
        private let recorded = Locked<ActionFacts?>(nil)

        var facts: ActionFacts? { recorded.withLock { $0 } }

        func decide(_ facts: ActionFacts) -> PolicyDecision {
            recorded.withLock { $0 = facts }
            return .deny(rules: [])
        }

        /// A dry run approves nothing.
        func rolePermits(_ role: Role, _ action: ActionName) -> Bool { false }
    }
}

extension ActionFacts {
    /// The facts as guardrail conditions see them, as JSON (for `o2c guardrails check --json`).
    public var guardrailJSON: JSONValue {
        GuardrailFacts.json(.map(GuardrailFacts.values(self)))
    }
}
