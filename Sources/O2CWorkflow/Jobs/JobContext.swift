import O2CCore
import O2CLedger

/// What a job handler may use: the ledger (reads, and writes only through the gate) as
/// `system:workflow`.
public struct JobContext: Sendable {
    /// The ledger.
    public let ledger: Ledger
    /// Who the workflow's own submissions are from.
    public let actor: Actor

    /// A context.
    public init(ledger: Ledger, actor: Actor = .workflow) {
        self.ledger = ledger
        self.actor = actor
    }

    /// Submits an action through the gate with `idempotencyKey`, off Swift's cooperative threads.
    public func submit(_ action: ActionName, _ args: JSONValue, idempotencyKey: String, reason: String? = nil) async throws -> GateOutcome {
        let request = ActionRequest(action: action, args: args, actor: actor, idempotencyKey: idempotencyKey, reason: reason)
        return try await ledgerCall { ledger in try ledger.submit(request) }
    }

    /// Runs a blocking ledger call off Swift's cooperative threads.
    public func ledgerCall<T: Sendable>(_ body: @escaping @Sendable (Ledger) throws -> T) async throws -> T {
        let ledger = self.ledger
        return try await blocking { Result { try body(ledger) } }.get()
    }
}
