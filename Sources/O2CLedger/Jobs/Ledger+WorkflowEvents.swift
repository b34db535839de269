import Foundation
import GRDB
import O2CCore

/// Events the workflow records itself: facts it found on its way that are not book changes
/// (a shortage met while reserving, a text order to read, an overdue invoice, a payment nobody
/// matched). Each is audited and recorded once per key.
extension Ledger {
    /// The event types `recordWorkflowEvent` accepts: none of them changes or claims a change of
    /// the books, so a component may raise them without the gate.
    public static let workflowEventTypes: Set<String> = ["stock.short", "order.received", "invoice.overdue", "payment.unmatched"]

    /// Records a workflow event with its audit record, once per `key` (a second call with the
    /// same key returns the first event's id). Returns the event id.
    @discardableResult
    public func recordWorkflowEvent(type: String, subject: String, payload: JSONValue, key: String, actor: Actor = .workflow) throws(LedgerError) -> Int64 {
        guard Self.workflowEventTypes.contains(type) else {
            throw LedgerError(.badRequest, "'\(type)' is not an event the workflow records; known: \(Self.workflowEventTypes.sorted().joined(separator: ", "))")
        }
        guard !key.isEmpty, key.count <= 300 else { throw LedgerError(.badRequest, "an event key is 1 to 300 characters") }
        guard !subject.isEmpty, subject.count <= 200 else { throw LedgerError(.badRequest, "an event subject is 1 to 200 characters") }
        let payloadText = payload.canonical
        guard payloadText.utf8.count <= 1 << 20 else { throw LedgerError(.badRequest, "an event payload is at most 1 MiB") }
        let now = clock.now().iso8601
        return try write { db in
            if let id = try Int64.fetchOne(db, sql: "SELECT id FROM events WHERE idempotency_key = ?", arguments: [key]) { return id }
            let seq = try Audit.append(db, at: now, actor: actor, action: Audit.workflowEventAction,
                                       args: JSONValue.object(["type": .string(type), "subject": .string(subject), "payload": payload]).canonical,
                                       result: "{}", idempotencyKey: key, approvalID: nil)
            try db.execute(sql: "INSERT INTO events (type, subject_id, payload, created_at, audit_seq, idempotency_key) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [type, subject, payloadText, now, seq, key])
            return db.lastInsertedRowID
        }
    }
}
