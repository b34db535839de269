import GRDB
import O2CCore

/// Events recorded outside the gate: facts a component found on its way that are not book
/// changes (a shortage met while reserving, a text order to read, an overdue invoice, a payment
/// nobody matched). They tell the workflow and the agents that something happened; each is
/// audited and recorded once per key.
extension Ledger {
    /// The event types `recordEvent` accepts: none of them changes or claims a change of the
    /// books, so a component may raise them without the gate. (No one can record
    /// `order.approved` or `invoice.issued` this way: those come from the gate alone.)
    public static let recordableEventTypes: Set<String> = ["stock.short", "order.received", "invoice.overdue", "payment.unmatched"]

    /// Records an event of `recordableEventTypes` with its audit record (`workflow.event`, which
    /// the event names and `audit verify` checks), once per `key`: a second call with the same key
    /// records nothing and returns the first event's id. Returns the event id.
    @discardableResult
    public func recordEvent(type: String, subject: String, payload: JSONValue = .object(JSONObject()), key: String,
                            actor: Actor = .workflow) throws(LedgerError) -> Int64 {
        guard Self.recordableEventTypes.contains(type) else {
            throw LedgerError(.badRequest, "'\(type)' is not an event that may be recorded outside the gate; known: \(Self.recordableEventTypes.sorted().joined(separator: ", "))")
        }
        guard !key.isEmpty, key.count <= 300 else { throw LedgerError(.badRequest, "an event key is 1 to 300 characters") }
        guard !subject.isEmpty, subject.count <= 200 else { throw LedgerError(.badRequest, "an event subject is 1 to 200 characters") }
        guard payload.canonical.utf8.count <= 1 << 20 else { throw LedgerError(.badRequest, "an event payload is at most 1 MiB") }
        let at = clock.now().iso8601
        return try write { db in
            if let id = try Int64.fetchOne(db, sql: "SELECT id FROM events WHERE idempotency_key = ?", arguments: [key]) { return id }
            let body: JSONValue = ["type": .string(type), "subject": .string(subject), "payload": payload]
            let seq = try Audit.append(db, at: at, actor: actor, action: Audit.recordedEventAction, args: body.canonical, result: "{}",
                                       idempotencyKey: key, approvalID: nil)
            return try Ledger.insertEvent(db, type: type, subject: subject, payload: payload, at: at, auditSeq: seq, key: key)
        }
    }

    /// Inserts one event naming the audit record `auditSeq` that wrote it (the gate's, a match
    /// record's or `recordEvent`'s); returns its id.
    static func insertEvent(_ db: Database, type: String, subject: String, payload: JSONValue, at: String, auditSeq: Int64,
                            key: String? = nil) throws -> Int64 {
        try db.leanExec("INSERT INTO events (type, subject_id, payload, created_at, audit_seq, idempotency_key) VALUES (?, ?, ?, ?, ?, ?)",
                        [type, subject, payload.canonical, at, auditSeq, key])
        return db.lastInsertedRowID
    }

    /// Events of one subject, oldest first: `[{event, at, data}]`.
    public func events(subject: String) throws(LedgerError) -> [JSONValue] {
        try read { db in try Ledger.eventsJSON(db, subject: subject).arrayValue ?? [] }
    }
}
