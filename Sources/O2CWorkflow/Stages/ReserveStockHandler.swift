import O2CCore
import O2CLedger

/// Reserves a confirmed order's stock. When lines are short the gate refuses the reservation
/// (nothing is written) and this records `stock.short` with the short lines and their in-stock
/// alternatives, once per job: the fulfillment agent's trigger. After a substitution
/// (`order.line_substituted`) the order is routed here again.
public struct ReserveStockHandler: JobHandler {
    /// A handler.
    public init() {}

    public func run(_ job: Job, context: JobContext) async throws -> JSONValue {
        let step = GateStepHandler(action: .reserveStock, argument: "order_id")
        let outcome = try await context.submit(.reserveStock, ["order_id": .string(job.subject)], idempotencyKey: step.idempotencyKey(job.subject))
        guard case .invalid(let messages) = outcome else { return try GateStepHandler.result(outcome) }
        let short = messages.filter { $0.hasPrefix(Ledger.shortageMessagePrefix) }
        guard !short.isEmpty else { return try GateStepHandler.result(outcome) }
        let subject = job.subject
        let actor = context.actor
        let eventID = try await context.ledgerCall { ledger in
            try ledger.recordEvent(type: "stock.short", subject: subject, payload: ["order_id": .string(subject), "lines": .array(short.map { .string($0) })],
                                   key: "stock.short:" + job.key, actor: actor)
        }
        return ["outcome": "short", "event_id": .int(eventID), "lines": .array(short.map { .string($0) })]
    }
}
